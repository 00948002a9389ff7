// Error bodies in the shapes the live API uses (see NOTES.md "Errors").

export type ErrorBody = { [key: string]: unknown };

export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: ErrorBody,
		readonly headers: Record<string, string> = {},
	) {
		super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
	}
}

export const INVALID_JWT = 'Invalid JWT';
export const SCOPE_MISSING = 'The token is not authorized for this scope.';
export const NO_LOCATION_ACCESS = 'The token does not have access to this location.';

export function badRequest(message: string, extra: ErrorBody = {}): HttpError {
	return new HttpError(400, { statusCode: 400, message, ...extra });
}

export function unauthorized(message: string): HttpError {
	return new HttpError(401, { statusCode: 401, message, error: 'Unauthorized' });
}

export function forbidden(): HttpError {
	return new HttpError(403, { statusCode: 403, message: NO_LOCATION_ACCESS });
}

export function notFound(message: string): HttpError {
	return new HttpError(404, { statusCode: 404, message, error: 'Not Found' });
}

export function unprocessable(messages: string[]): HttpError {
	return new HttpError(422, { statusCode: 422, message: messages, error: 'Unprocessable Entity' });
}

export function tooManyRequests(headers: Record<string, string> = {}): HttpError {
	return new HttpError(429, { statusCode: 429, message: 'Too many requests' }, headers);
}

/** OAuth endpoints answer RFC 6749 style errors instead. */
export function oauthError(status: 400 | 401, error: string, description: string): HttpError {
	return new HttpError(status, { error, error_description: description });
}
