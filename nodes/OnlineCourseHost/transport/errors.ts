import type { IDataObject } from 'n8n-workflow';

import type { ApiRequest, ServiceError } from '../../shared/transport/types';

const CREDENTIAL_HINT =
	'Check the OnlineCourseHost API credential: as school admin, open Admin → Settings → Zapier Integrations (or Pabbly Integrations), click Activate, and paste the token shown there.';

/** OCH answers `{status: "error", message}` for failures, sometimes with HTTP 200. */
export function isOchErrorAnswer(body: unknown): boolean {
	return (
		typeof body === 'object' &&
		body !== null &&
		!Array.isArray(body) &&
		String((body as IDataObject).status).toLowerCase() === 'error'
	);
}

/** Turns OnlineCourseHost's error answers into a message and the usual fix. */
export function describeOchError(status: number, body: unknown, request: ApiRequest): ServiceError {
	const data = (typeof body === 'object' && body !== null ? body : {}) as IDataObject;
	const raw = data.message ?? data.error ?? (typeof body === 'string' ? body : '');
	const message = redactPassword(String(raw || 'no message').slice(0, 500), request);
	return { message, hint: hintFor(status, message) };
}

function hintFor(status: number, message: string): string | undefined {
	if (status === 401 || status === 403 || /token|unauthori[sz]ed|forbidden/i.test(message)) {
		return `OnlineCourseHost did not accept the integration token. ${CREDENTIAL_HINT}`;
	}
	if (/course not found/i.test(message)) {
		return 'No course with this ID exists in the school. Pick the course from the list, or copy its ID from Course → Get Many.';
	}
	if (status === 404) {
		return 'OnlineCourseHost has no such endpoint. Check the API Base URL in the OnlineCourseHost API credential (normally https://api.onlinecoursehost.com).';
	}
	if (status === 429)
		return 'OnlineCourseHost is rate limiting requests. Run again later, or lower "Concurrency".';
	if (status < 300) {
		return 'OnlineCourseHost accepted the request but reported this error. Check the email, name and course of this item; for a temporary problem, run again.';
	}
	if (status === 400 || status === 422) return 'Check the email, name and course of this item.';
	return undefined;
}

/** The generated password must never reach an error, even if a service echoed it. */
function redactPassword(message: string, request: ApiRequest): string {
	const body = request.body;
	const password =
		typeof body === 'object' && body !== null && !Array.isArray(body) ? body.password : undefined;
	return typeof password === 'string' && password !== ''
		? message.split(password).join('***')
		: message;
}
