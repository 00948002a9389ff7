// Error bodies in the three shapes Skilljar uses (NOTES.md): DRF on v1, JSON:API on v2, RFC 6749 on the token endpoint.

export type ErrorBody = { [key: string]: unknown };

export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: ErrorBody,
		readonly headers: Record<string, string> = {},
	) {
		super(`HTTP ${status}`);
	}
}

// ---- v1 (Django REST framework) ----

/** `{"detail": "..."}`, DRF's shape for everything but field validation. */
export function drfDetail(
	status: number,
	detail: string,
	headers: Record<string, string> = {},
): HttpError {
	return new HttpError(status, { detail }, headers);
}

/** `{"field": ["message"]}`, DRF's validation shape (400). */
export function drfValidation(fields: Record<string, string[]>): HttpError {
	return new HttpError(400, fields);
}

export const drfNotFound = () => drfDetail(404, 'Not found.');

// ---- v2 (JSON:API) ----

export interface JsonApiError {
	status: string;
	code: string;
	title: string;
	detail: string;
	source?: { pointer?: string; parameter?: string };
}

export function jsonApiError(
	status: number,
	code: string,
	title: string,
	detail: string,
	source?: JsonApiError['source'],
	headers: Record<string, string> = {},
): HttpError {
	return new HttpError(
		status,
		{ errors: [{ status: String(status), code, title, detail, ...(source ? { source } : {}) }] },
		headers,
	);
}

// ---- token endpoint (RFC 6749) ----

export function oauthError(status: 400 | 401, error: string, description: string): HttpError {
	return new HttpError(status, { error, error_description: description });
}
