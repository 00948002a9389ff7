// POST /v2/auth/token: the client-credentials grant. The spec documents a JSON body; an
// independent client posts it form-encoded and that works too (NOTES.md), so both are accepted,
// as is client authentication by HTTP Basic header. Errors use the RFC 6749 shape.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { oauthError } from '../errors';

interface TokenBody {
	grant_type?: string;
	client_id?: string;
	client_secret?: string;
	scope?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function registerTokenRoute(app: FastifyInstance, ctx: SandboxContext): void {
	app.post<{ Body: TokenBody | undefined }>('/v2/auth/token', async (request) => {
		if (ctx.settings.latencyMs > 0) await sleep(ctx.settings.latencyMs);
		const body = request.body && typeof request.body === 'object' ? request.body : {};
		const fields: TokenBody = {};
		for (const key of ['grant_type', 'client_id', 'client_secret', 'scope'] as const) {
			const value = (body as Record<string, unknown>)[key];
			if (typeof value === 'string') fields[key] = value;
			else if (value !== undefined && value !== null)
				throw oauthError(400, 'invalid_request', `${key} must be a string.`);
		}
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
