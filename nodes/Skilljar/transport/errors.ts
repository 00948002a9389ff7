import type { IDataObject } from 'n8n-workflow';

import type { ApiRequest, ServiceError } from '../../shared/transport/types';

/** The credential option that requests each v2 write scope. */
export const SCOPE_OPTIONS: Record<string, string> = {
	'students:write': 'Allow Learner Changes',
	'students:deactivate': 'Allow Learner Changes',
	'enrollments:write': 'Allow Enrollment Changes',
	'student-groups:write': 'Allow Group Changes',
	'signup-fields:write': 'Allow Profile Field Changes',
};

/**
 * Turns Skilljar's error bodies into a message and the usual fix. Three shapes exist: DRF on v1
 * (`{"detail": …}` or `{"field": ["…"]}`), JSON:API on v2 (`{"errors": [{code, title, detail}]}`)
 * and RFC 6749 on the v2 token endpoint (`{error, error_description}`).
 */
export function describeSkilljarError(
	status: number,
	body: unknown,
	request: ApiRequest,
): ServiceError {
	const data = (typeof body === 'object' && body !== null ? body : {}) as IDataObject;
	const v2 = request.url.includes('/v2/');
	let message: string;
	let code: string | undefined;
	let traceId: string | undefined;
	if (Array.isArray(data.errors)) {
		const errors = data.errors as IDataObject[];
		code = typeof errors[0]?.code === 'string' ? errors[0].code : undefined;
		message = errors
			.map((error) => String(error.detail ?? error.title ?? error.code ?? ''))
			.filter(Boolean)
			.join('; ');
		const meta = (data.meta ?? {}) as IDataObject;
		traceId = typeof meta.request_id === 'string' ? meta.request_id : undefined;
	} else if (typeof data.error === 'string') {
		code = data.error;
		message = `${data.error}${data.error_description ? `: ${String(data.error_description)}` : ''}`;
	} else if (typeof data.detail === 'string') {
		message = data.detail;
	} else if (Object.keys(data).length > 0) {
		message = flattenFieldErrors(data).join('; ');
	} else {
		message = typeof body === 'string' && body.trim() !== '' && !/</.test(body) ? body : '';
	}
	message = (message || 'no message').slice(0, 500);
	return { message, traceId, hint: hintFor(status, code, v2, request.requiredScope) };
}

/** DRF validation errors `{"user": {"email": ["Enter a valid email."]}}` → `user.email: Enter a valid email.` */
function flattenFieldErrors(value: unknown, path = ''): string[] {
	if (Array.isArray(value)) {
		if (value.every((entry) => typeof entry === 'string'))
			return [`${path || 'request'}: ${value.join(' ')}`];
		return value.flatMap((entry, index) => flattenFieldErrors(entry, `${path}[${index}]`));
	}
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value).flatMap(([key, entry]) =>
			flattenFieldErrors(entry, key === 'non_field_errors' ? path : path ? `${path}.${key}` : key),
		);
	}
	return typeof value === 'string' ? [`${path || 'request'}: ${value}`] : [];
}

function hintFor(
	status: number,
	code: string | undefined,
	v2: boolean,
	requiredScope: string | undefined,
): string | undefined {
	if (code === 'insufficient_scope' || (v2 && status === 403)) {
		const option = requiredScope ? SCOPE_OPTIONS[requiredScope] : undefined;
		return option
			? `The access token lacks the ${requiredScope} scope. Tick "${option}" in the Skilljar OAuth2 credential (and give the API client that scope in Skilljar), then run again.`
			: `The access token lacks the scope this operation needs${requiredScope ? ` (${requiredScope})` : ''}. Give the API client that scope in Skilljar.`;
	}
	if (code === 'invalid_client') {
		return 'Skilljar did not accept the client ID and secret. Check them in the credential; a rotated secret must be pasted again.';
	}
	if (status === 401) {
		return v2
			? 'The access token was rejected. Check the client ID and secret in the credential.'
			: 'The API key was rejected. Paste the key exactly as Skilljar showed it (Organization Settings → API Credentials); it is sent as the Basic-auth username with an empty password.';
	}
	if (status === 403) {
		return 'The API key may not do this: read-only keys can only read. Use a key with write access.';
	}
	if (status === 404) {
		return v2
			? 'Check the ID: the record may have been removed or belong to another organization.'
			: 'Check the ID and the Training Domain in the credential: learners, courses and enrollments belong to a domain.';
	}
	if (status === 429) {
		return 'Skilljar kept throttling requests. Run again later, or lower "Concurrency" under Request Options.';
	}
	if (status === 400 || status === 422) return 'Fix the fields named above and run again.';
	return undefined;
}
