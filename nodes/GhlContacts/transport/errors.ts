import type { IDataObject } from 'n8n-workflow';

import type { ApiRequest, ServiceError } from '../../shared/transport/types';

/** Turns HighLevel's error bodies into a message, its trace id, and the usual fix. */
export function describeGhlError(status: number, body: unknown, request: ApiRequest): ServiceError {
	const data = (typeof body === 'object' && body !== null ? body : {}) as IDataObject;
	const raw =
		data.message ?? data.error_description ?? data.error ?? (typeof body === 'string' ? body : '');
	const message = (
		Array.isArray(raw) ? raw.map(String).join('; ') : String(raw || 'no message')
	).slice(0, 500);
	const traceId = typeof data.traceId === 'string' ? data.traceId : undefined;
	const existing = ((data.meta ?? {}) as IDataObject).contactId;
	return {
		message: typeof existing === 'string' ? `${message} Existing contact ID: ${existing}` : message,
		traceId,
		hint: hintFor(status, message, data, request.requiredScope),
	};
}

function hintFor(
	status: number,
	message: string,
	data: IDataObject,
	requiredScope = 'contacts.write',
): string | undefined {
	if (/not authorized for this scope/i.test(message)) {
		return `The credential lacks the ${requiredScope} scope this operation needs. For OAuth2, tick the matching option in the credential and reconnect; for a Private Integration token, add the scope to the token in HighLevel.`;
	}
	if (status === 401) {
		return 'The token is invalid or expired. Reconnect the OAuth2 credential, or paste a current Private Integration token.';
	}
	if (status === 403) {
		return "The token does not belong to this location. Check the node's Location ID, or use a credential for that sub-account (agency tokens are not accepted).";
	}
	const meta = (data.meta ?? {}) as IDataObject;
	if (status === 400 && typeof meta.contactId === 'string') {
		const matched = meta.matchingField ? ` (matched on ${String(meta.matchingField)})` : '';
		return `The contact ${meta.contactId} already exists${matched}. Use "Create or Update" to update it instead.`;
	}
	if (status === 404 || (status === 400 && /not found|invalid id|does not exist/i.test(message))) {
		return 'Check the ID: the record may have been deleted or belong to another location.';
	}
	if (status === 422) return 'Fix the fields named above and run again.';
	if (status === 429)
		return 'HighLevel kept rejecting requests for rate limits. Run again later, or lower "Concurrency".';
	return undefined;
}
