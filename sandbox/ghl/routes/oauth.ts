// OAuth 2.0 authorization-code flow: the consent screen approves at once.
import type { FastifyInstance } from 'fastify';
import type { TokenRequest } from '../auth';
import type { SandboxContext } from '../context';
import { authorizeQuery, tokenBody } from '../schemas';

interface AuthorizeQuery {
	client_id: string;
	redirect_uri: string;
	scope?: string;
	state?: string;
	locationId?: string;
}

/** Client credentials may also come as HTTP Basic (client_secret_basic); the body wins. */
function withBasicCredentials(body: TokenRequest, authorization: string | undefined): TokenRequest {
	const encoded = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
	if (!encoded) return body;
	const decoded = Buffer.from(encoded, 'base64').toString('utf8');
	const separator = decoded.indexOf(':');
	const [id, secret] = separator < 0 ? [decoded, ''] : [decoded.slice(0, separator), decoded.slice(separator + 1)];
	return { ...body, client_id: body.client_id ?? decodeURIComponent(id), client_secret: body.client_secret ?? decodeURIComponent(secret) };
}

export function registerOAuthRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	app.get<{ Querystring: AuthorizeQuery }>('/oauth/chooselocation', { schema: { querystring: authorizeQuery } }, async (request, reply) => {
		const { client_id, redirect_uri, scope, state, locationId } = request.query;
		const code = ctx.auth.authorize({ clientId: client_id, redirectUri: redirect_uri, scope, locationId: locationId ?? ctx.store.defaultLocationId });
		const target = new URL(redirect_uri);
		target.searchParams.set('code', code);
		if (state !== undefined) target.searchParams.set('state', state);
		return reply.redirect(target.toString(), 302);
	});

	app.post<{ Body: TokenRequest }>('/oauth/token', { schema: { body: tokenBody } }, async (request) =>
		ctx.auth.exchange(withBasicCredentials(request.body, request.headers.authorization)),
	);
}
