import {
	NodeApiError,
	type IDataObject,
	type IHttpRequestOptions,
	type JsonObject,
} from 'n8n-workflow';

import { cancelSignalOf, pause, throwIfCanceled } from './cancel';
import { governorFor } from './rateGovernor';
import type {
	AnswerShape,
	ApiRequest,
	ApiResponse,
	RequestContext,
	ServiceProfile,
} from './types';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
// Failures where the request may have reached the service: retried only when repeating is safe.
const AMBIGUOUS_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ESOCKETTIMEDOUT',
]);
// Failures before anything was sent: always safe to retry.
const UNSENT_NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'EAI_AGAIN',
	'ENOTFOUND',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);
const NETWORK_FAILURE_WORDS: Record<string, string> = {
	ECONNRESET: 'connection reset',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'connection aborted',
	EPIPE: 'connection closed',
	ERR_SOCKET_CONNECTION_TIMEOUT: 'timed out',
	ESOCKETTIMEDOUT: 'timed out',
	ECONNREFUSED: 'connection refused',
	EAI_AGAIN: 'host name lookup failed',
	ENOTFOUND: 'host not found',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
};
// 429s do not spend the retry budget (the governor waits them out) but are bounded too.
const MAX_RATE_LIMITED_RETRIES = 20;
// Answers that carry a body to read (202 and 204 may have none).
const ANSWER_STATUS = new Set([200, 201, 207]);
// A longer Retry-After fails the item rather than holding the execution (and the bucket) for it.
const MAX_RETRY_AFTER_S = 120;

/** How every "the request got no answer" error begins (see describeFailure in ../failure). */
export const UNREACHABLE_PREFIX = 'Could not reach ';

interface Failure {
	status?: number;
	headers?: IDataObject;
	body?: unknown;
	code?: string;
}

/**
 * Sends one API request the way every node of this package must: paced by the rate governor,
 * retried with backoff where repeating is safe, and failing with an error that names the
 * service's message, status and trace id but never a secret.
 */
export async function sendRequest<T>(
	ctx: RequestContext,
	profile: ServiceProfile,
	request: ApiRequest,
): Promise<ApiResponse<T>> {
	const governor =
		request.bucket && profile.rateLimit
			? governorFor(`${profile.serviceName}|${request.bucket}`, profile.rateLimit)
			: undefined;
	const canRepeat = IDEMPOTENT.has(request.method) || request.retrySafe === true;
	// A canceled execution stops here: no slot, no request, no retry.
	const signal = cancelSignalOf(ctx);
	let retries = 0;
	let rateLimited = 0;

	for (;;) {
		throwIfCanceled(signal);
		if (governor?.dailyExhausted) throw dailyQuotaError(ctx, profile, request);
		const ticket = await governor?.acquire(signal);
		let outcome: Outcome<T> | undefined;
		try {
			outcome = await attempt<T>(ctx, request, profile.timeoutMs, signal);
		} finally {
			if (governor && ticket !== undefined) {
				const headers =
					outcome && ('response' in outcome ? outcome.response.headers : outcome.failure.headers);
				// An answer settles with what its headers say (maybe nothing); a failure without one.
				governor.settle(ticket, headers && (profile.readRateLimit?.(headers) ?? {}));
			}
		}
		if ('response' in outcome) {
			const { response } = outcome;
			if (response.status >= 300 && response.status < 400) {
				throw redirectError(ctx, profile, request, response);
			}
			if (response.status < 400) {
				if (profile.isErrorAnswer?.(response.body)) {
					throw apiError(ctx, profile, request, { status: response.status, body: response.body });
				}
				const missing =
					request.expects &&
					ANSWER_STATUS.has(response.status) &&
					missingPart(response.body, request.expects);
				if (missing) throw unexpectedAnswerError(ctx, profile, request, response.status, missing);
				return response;
			}
			if (response.status === 429 && governor?.dailyExhausted)
				throw dailyQuotaError(ctx, profile, request);
			if (response.status === 429 && rateLimited < MAX_RATE_LIMITED_RETRIES) {
				const retryAfterS = retryAfterSeconds(response.headers);
				if (retryAfterS !== undefined && retryAfterS > MAX_RETRY_AFTER_S) {
					throw retryAfterTooLongError(ctx, profile, request, retryAfterS);
				}
				rateLimited++;
				governor?.backOff(retryAfterS === undefined ? undefined : retryAfterS * 1000);
				if (!governor) await pause(backoffDelay(profile, rateLimited), signal);
				continue;
			}
			if (RETRYABLE_STATUS.has(response.status) && canRepeat && retries < profile.maxRetries) {
				await pause(backoffDelay(profile, retries++), signal);
				continue;
			}
			throw apiError(ctx, profile, request, { status: response.status, body: response.body });
		}
		const { failure } = outcome;
		const retryable =
			(failure.code !== undefined && UNSENT_NETWORK_CODES.has(failure.code)) ||
			(failure.code !== undefined && AMBIGUOUS_NETWORK_CODES.has(failure.code) && canRepeat);
		if (retryable && retries < profile.maxRetries) {
			await pause(backoffDelay(profile, retries++), signal);
			continue;
		}
		throw apiError(ctx, profile, request, failure);
	}
}

type Outcome<T> = { response: ApiResponse<T> } | { failure: Failure };

async function attempt<T>(
	ctx: RequestContext,
	request: ApiRequest,
	timeoutMs: number,
	signal: AbortSignal | undefined,
): Promise<Outcome<T>> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		qs: request.qs,
		body: request.body,
		headers: request.headers,
		json: true,
		timeout: timeoutMs,
		returnFullResponse: true,
		// Every request carries the credential, and n8n would send it on to wherever a redirect
		// points; none of these APIs redirects, so a 3xx comes back to us as an answer.
		disableFollowRedirect: true,
		// 401 must still throw: n8n refreshes OAuth2 tokens only on a thrown 401.
		ignoreHttpStatusErrors: { ignore: true, except: [401] },
	};
	try {
		const raw = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			request.credentialType,
			options,
		)) as { statusCode: number; body: T; headers: IDataObject };
		return { response: { status: raw.statusCode, body: raw.body, headers: raw.headers ?? {} } };
	} catch (error) {
		// n8n aborts the request itself on cancel; say so rather than "canceled" from the client.
		throwIfCanceled(signal);
		const failure = describeFailure(error);
		if (failure.status !== undefined || failure.code !== undefined) return { failure };
		// n8n's own errors (e.g. "reconnect this credential" after a spent refresh token) are
		// already worded for the user; anything else is reduced to its message, as raw HTTP
		// client errors carry the request's headers.
		const known = error instanceof Error && 'node' in error;
		throw new NodeApiError(
			ctx.getNode(),
			(known ? error : { message: String((error as Error)?.message ?? error) }) as JsonObject,
			{ itemIndex: request.itemIndex },
		);
	}
}

/** Finds status, headers, body and network code in the error shapes n8n's HTTP helpers throw. */
function describeFailure(error: unknown): Failure {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const source = candidate as {
			response?: { status?: number; headers?: IDataObject; data?: unknown; body?: unknown };
			code?: string;
		} | null;
		if (source?.response?.status) {
			return {
				status: source.response.status,
				headers: source.response.headers,
				body: source.response.data ?? source.response.body,
			};
		}
		if (
			source?.code &&
			(AMBIGUOUS_NETWORK_CODES.has(source.code) || UNSENT_NETWORK_CODES.has(source.code))
		) {
			return { code: source.code };
		}
	}
	const message = error instanceof Error ? error.message : '';
	if (/socket hang up|ECONNRESET/i.test(message)) return { code: 'ECONNRESET' };
	if (/timeout of \d+ms exceeded/i.test(message)) return { code: 'ETIMEDOUT' };
	return {};
}

/** Retry-After in seconds (a number of seconds or an HTTP date), when the answer has one. */
function retryAfterSeconds(headers: IDataObject): number | undefined {
	const raw = headers['retry-after'];
	if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
	const seconds = Number(raw);
	if (Number.isFinite(seconds)) return seconds > 0 ? seconds : undefined;
	const at = Date.parse(String(raw));
	return Number.isFinite(at) && at > Date.now() ? Math.ceil((at - Date.now()) / 1000) : undefined;
}

function backoffDelay(profile: ServiceProfile, retry: number): number {
	const ceiling = Math.min(profile.backoffBaseMs * 2 ** retry, 30_000);
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function apiError(
	ctx: RequestContext,
	profile: ServiceProfile,
	request: ApiRequest,
	failure: Failure,
): NodeApiError {
	const node = ctx.getNode();
	const itemIndex = request.itemIndex;
	if (failure.status === undefined) {
		// In words: n8n replaces any message that contains a network error code with its own.
		const what = NETWORK_FAILURE_WORDS[failure.code ?? ''] ?? 'network error';
		const message = `${UNREACHABLE_PREFIX}${profile.serviceName} (${what})`;
		return new NodeApiError(node, { message } as JsonObject, {
			message,
			description: `The request ${request.method} ${pathOf(request.url)} failed before an answer arrived${
				IDEMPOTENT.has(request.method) || request.retrySafe
					? ', also after retries'
					: ' and was not retried, as repeating it could create a duplicate'
			}. Check the API base URL in the credential and the network, then run again.`,
			itemIndex,
		});
	}
	const reported = profile.describeError(failure.status, failure.body, request);
	const described = { ...reported, message: withoutHtml(reported.message) };
	// A gateway error may come after the service did the work: say why it was not repeated.
	const notRepeated =
		RETRYABLE_STATUS.has(failure.status) && !IDEMPOTENT.has(request.method) && !request.retrySafe
			? 'The request was not retried, as repeating it could create a duplicate: check whether it took effect before running again.'
			: undefined;
	const details = [
		described.hint,
		notRepeated,
		described.traceId ? `Trace ID: ${described.traceId}` : undefined,
	]
		.filter(Boolean)
		.join(' ');
	return new NodeApiError(
		node,
		{
			httpCode: String(failure.status),
			message: described.message,
			traceId: described.traceId ?? null,
		} as JsonObject,
		{
			message: `${profile.serviceName} answered ${failure.status}: ${described.message}`,
			description: details || undefined,
			httpCode: String(failure.status),
			itemIndex,
		},
	);
}

/**
 * A proxy's or gateway's HTML error page is no message from the service: its title ("502 Bad
 * Gateway") says enough, and the markup would fill the error and the retry table.
 */
function withoutHtml(message: string): string {
	if (!/^\s*<(!doctype|html|head|body)\b/i.test(message)) return message;
	const title = /<title>([^<]*)<\/title>/i.exec(message)?.[1]?.replace(/^\s*\d{3}\s*/, '').trim();
	return `${title || 'an error'} (an HTML page from a proxy or gateway, no message from the service)`;
}

const KIND_WORDS: Record<AnswerShape[string], string> = {
	list: 'a list',
	object: 'an object',
	value: 'a value',
};

/** What of `shape` the answer lacks, in words (e.g. "`contact`"), or undefined when it is all there. */
function missingPart(body: unknown, shape: AnswerShape): string | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'a JSON object';
	for (const [key, kind] of Object.entries(shape)) {
		const value = (body as Record<string, unknown>)[key];
		const fits =
			kind === 'list'
				? Array.isArray(value)
				: kind === 'object'
					? typeof value === 'object' && value !== null && !Array.isArray(value)
					: value !== undefined && value !== null;
		if (!fits) return value === undefined ? `\`${key}\`` : `\`${key}\` as ${KIND_WORDS[kind]}`;
	}
	return undefined;
}

/** A 2xx the caller cannot read: not retried (the service may have done the work). */
function unexpectedAnswerError(
	ctx: RequestContext,
	profile: ServiceProfile,
	request: ApiRequest,
	status: number,
	missing: string,
): NodeApiError {
	const message = `${profile.serviceName} answered ${status} without ${missing}`;
	return new NodeApiError(ctx.getNode(), { httpCode: String(status), message } as JsonObject, {
		message,
		description: `The answer to ${request.method} ${pathOf(request.url)} is not what ${profile.serviceName} sends. Check the API base URL in the credential (something else may be answering); if it is right, run again later.`,
		httpCode: String(status),
		itemIndex: request.itemIndex,
	});
}

/** A 3xx: named with the origin it pointed to, never its path or query (they may hold tokens). */
function redirectError(
	ctx: RequestContext,
	profile: ServiceProfile,
	request: ApiRequest,
	response: ApiResponse<unknown>,
): NodeApiError {
	const location = response.headers.location;
	let target = 'an address it did not give';
	if (typeof location === 'string' && location !== '') {
		try {
			target = new URL(location, request.url).origin;
		} catch {
			target = 'an unreadable address';
		}
	}
	const message = `${profile.serviceName} answered ${response.status}: a redirect to ${target}`;
	return new NodeApiError(ctx.getNode(), { httpCode: String(response.status), message } as JsonObject, {
		message,
		description: `The request ${request.method} ${pathOf(request.url)} was not sent on, as it carries the credential: the API does not redirect; check the API base URL in the credential.`,
		httpCode: String(response.status),
		itemIndex: request.itemIndex,
	});
}

function retryAfterTooLongError(
	ctx: RequestContext,
	profile: ServiceProfile,
	request: ApiRequest,
	retryAfterS: number,
): NodeApiError {
	const message = `${profile.serviceName} asked to wait ${retryAfterS} s before the next request (Retry-After), more than the ${MAX_RETRY_AFTER_S} s this node waits`;
	return new NodeApiError(ctx.getNode(), { httpCode: '429', message } as JsonObject, {
		message,
		description: 'Run the workflow again after that time. Other credentials are not held up.',
		httpCode: '429',
		itemIndex: request.itemIndex,
	});
}

function dailyQuotaError(
	ctx: RequestContext,
	profile: ServiceProfile,
	request: ApiRequest,
): NodeApiError {
	return new NodeApiError(ctx.getNode(), { httpCode: '429' } as JsonObject, {
		message: `${profile.serviceName} daily request quota is used up`,
		description:
			'The daily limit for this location resets after 24 hours. Run the workflow again later.',
		httpCode: '429',
		itemIndex: request.itemIndex,
	});
}

function pathOf(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return url;
	}
}
