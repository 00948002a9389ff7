import { NodeApiError } from 'n8n-workflow';

import { CANCELED_MESSAGE, ExecutionCanceledError } from './transport/cancel';
import { UNREACHABLE_PREFIX } from './transport/request';

/** What an error item says about a failed item (its `error`). */
export interface FailureFields {
	message: string;
	description?: string;
	httpCode?: number;
	retryable: boolean;
}

// Answers that may come out differently later: timeouts, too early, rate limits.
const RETRYABLE_CODES = new Set([408, 425, 429]);
// A bulk answer's per-entry rejection (Skilljar): the entry's data was refused.
const MULTI_STATUS = 207;

/**
 * Describes a failure for an error item: the message, what to do, the HTTP status and whether
 * trying again later can help. Permanent: other 4xx (bad data, refused or under-scoped
 * credential, unknown id), 3xx, a bulk entry the service refused and input validation.
 * Retryable, as they may heal: no answer ("Could not reach …"), 408/425/429/5xx, an unreadable
 * 2xx and a canceled execution.
 */
export function describeFailure(error: unknown): FailureFields {
	const message = error instanceof Error ? error.message : String(error);
	const description = descriptionOf(error);
	const httpCode = httpCodeOf(error);
	return {
		message,
		...(description ? { description } : {}),
		...(httpCode !== undefined ? { httpCode } : {}),
		retryable: isRetryable(error, message, httpCode),
	};
}

function isRetryable(error: unknown, message: string, httpCode: number | undefined): boolean {
	// The runner says "canceled" with a NodeOperationError: the item itself was fine.
	if (error instanceof ExecutionCanceledError || message === CANCELED_MESSAGE) return true;
	if (httpCode !== undefined) {
		if (httpCode === MULTI_STATUS) return false;
		return RETRYABLE_CODES.has(httpCode) || httpCode >= 500 || (httpCode >= 200 && httpCode < 300);
	}
	// Without a status: n8n's own credential errors and refused bulk entries are for a person.
	return error instanceof NodeApiError && message.startsWith(UNREACHABLE_PREFIX);
}

function httpCodeOf(error: unknown): number | undefined {
	if (!(error instanceof NodeApiError) || !error.httpCode) return undefined;
	const code = Number(error.httpCode);
	return Number.isInteger(code) ? code : undefined;
}

function descriptionOf(error: unknown): string | undefined {
	const description = (error as { description?: unknown } | null)?.description;
	return typeof description === 'string' && description !== '' ? description : undefined;
}
