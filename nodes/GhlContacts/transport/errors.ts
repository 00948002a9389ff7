import type { IDataObject } from 'n8n-workflow';

import type { ApiRequest, ServiceError } from '../../shared/transport/types';
import { SCOPE_OPTIONS } from './scopes';

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
		hint: hintFor(status, message, data, request),
	};
}

/** True for HighLevel's 401 when the token works but lacks the endpoint's scope. */
export function isMissingScope(message: string): boolean {
	return /not authorized for this scope/i.test(message);
}

/** What to change so the token gets the scope: the OAuth2 credential's option, or the token's scopes. */
function missingScopeHint(request: ApiRequest): string {
	const scope = request.requiredScope ?? 'contacts.write';
	if (request.credentialType !== 'ghlOAuth2Api') {
		return `The Private Integration token lacks the ${scope} scope this needs. In HighLevel, edit the private integration (Settings → Private Integrations), add ${scope}, and keep the token.`;
	}
	const option = SCOPE_OPTIONS[scope];
	return option
		? `The credential lacks the ${scope} scope this needs. Tick "${option}" in the GHL OAuth2 credential (the marketplace app must list ${scope} among its scopes too), then reconnect it (Connect again): HighLevel grants a new scope only on a new connection.`
		: `The credential lacks the ${scope} scope this needs. Reconnect the GHL OAuth2 credential, and make sure the marketplace app may ask for ${scope}.`;
}

function hintFor(
	status: number,
	message: string,
	data: IDataObject,
	request: ApiRequest,
): string | undefined {
	if (isMissingScope(message)) return missingScopeHint(request);
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
