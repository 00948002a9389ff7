// POST /v2/auth/token: the client-credentials grant. Which bodies it takes is a setting
// (tokenBody): `json` as the spec says (TokenRequest, application/json only, no `scope`; a form
// body cannot be parsed, as django-ninja answers), `form` as RFC 6749 says (a JSON body is an
// invalid_request), or `both`, as NOTES.md reports live. A `scope` narrows the token only in a
// form, RFC 6749's encoding: the spec's JSON body has no such field, so it is ignored there.
// Client authentication by HTTP Basic header is accepted too. Errors use the RFC 6749 shape.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { HttpError, oauthError } from '../errors';

interface TokenBody {
	grant_type?: string;
	client_id?: string;
	client_secret?: string;
	scope?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function encodingOf(contentType: string | undefined): 'json' | 'form' | 'other' {
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'application/json') return 'json';
	if (type === 'application/x-www-form-urlencoded') return 'form';
	return 'other';
}

export function registerTokenRoute(app: FastifyInstance, ctx: SandboxContext): void {
	app.post<{ Body: TokenBody | undefined }>('/v2/auth/token', async (request) => {
		if (ctx.settings.latencyMs > 0) await sleep(ctx.settings.latencyMs);
		const encoding = encodingOf(request.headers['content-type']);
		const accepts = ctx.settings.tokenBody;
		if (encoding !== 'json' && accepts === 'json') {
			throw new HttpError(400, { detail: 'Cannot parse request body' });
		}
		if (encoding !== 'form' && accepts === 'form') {
			throw oauthError(
				400,
				'invalid_request',
				'The token request must be sent as application/x-www-form-urlencoded.',
			);
		}
		const body = request.body && typeof request.body === 'object' ? request.body : {};
		const fields: TokenBody = {};
		for (const key of ['grant_type', 'client_id', 'client_secret', 'scope'] as const) {
			const value = (body as Record<string, unknown>)[key];
			if (typeof value === 'string') fields[key] = value;
			else if (value !== undefined && value !== null)
				throw oauthError(400, 'invalid_request', `${key} must be a string.`);
		}
		if (encoding !== 'form') delete fields.scope;
		const header = request.headers.authorization;
		if (header?.toLowerCase().startsWith('basic ')) {
			const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			if (colon > 0) {
				fields.client_id ??= decodeURIComponent(decoded.slice(0, colon));
				fields.client_secret ??= decodeURIComponent(decoded.slice(colon + 1));
			}
		}
		return ctx.auth.issueToken(fields);
	});
}
