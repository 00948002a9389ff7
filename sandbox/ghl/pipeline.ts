// What every API request goes through before its handler, in this order:
// latency → token (401) → rate limit (429) → injected fault → Version header → scope (401) → location (403).
// It runs as a preValidation hook, so the body is already parsed (and logged) and a 401/403/429
// wins over a 422, as guards run before validation pipes on the live NestJS API.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasScope } from './auth';
import type { SandboxContext } from './context';
import { badRequest, forbidden, HttpError, SCOPE_MISSING, tooManyRequests, unauthorized } from './errors';
import type { FaultDecision } from './faults';

export const API_VERSION = '2021-07-28';

export const GATEWAY_PAGES: Record<502 | 503, string> = {
	502: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
	503: '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function versionError(ctx: SandboxContext, header: string | string[] | undefined): HttpError | undefined {
	if (header === API_VERSION) return undefined;
	const text = header === undefined ? 'version header was not found.' : 'version header is invalid';
	return ctx.settings.versionHeaderErrorStatus === 400 ? badRequest(text) : unauthorized(text);
}

/** Every locationId the request names (path, query or body) must be the token's. */
function namedLocations(request: FastifyRequest): string[] {
	const sources = [request.params, request.query, request.body];
	return sources
		.map((source) => (source && typeof source === 'object' ? (source as { locationId?: unknown }).locationId : undefined))
		.filter((value): value is string => typeof value === 'string');
}

/** Answers (or drops) the request with an injected fault; returns the reply so the hook chain stops. */
function injectFault(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply, fault: FaultDecision): FastifyReply {
	if (request.record) ctx.recorder.countFault(request.record, fault.kind);
	if (fault.kind === '429') throw tooManyRequests();
	if (fault.kind === 'emptyAnswer') return reply.code(200).send({});
	if (fault.kind === '5xx') {
		const status = fault.status ?? 500;
		if (status !== 500) {
			return reply.code(status).type('text/html').send(GATEWAY_PAGES[status]);
		}
		throw new HttpError(status, { statusCode: status, message: 'Internal server error' });
	}
	// reset / stall: take the socket away from Fastify and never answer.
	reply.hijack();
	if (request.record) ctx.recorder.finish(request.record, null, request.body);
	const socket = request.raw.socket;
	if (fault.kind === 'reset') {
		socket.destroy();
	} else {
		const timer = setTimeout(() => socket.destroy(), ctx.faults.stallMs);
		socket.once('close', () => clearTimeout(timer));
	}
	return reply;
}

export function apiPipeline(ctx: SandboxContext) {
	return async function pipeline(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
		if (ctx.settings.latencyMs > 0) await sleep(ctx.settings.latencyMs);

		const grant = ctx.auth.authenticate(request.headers.authorization);
		request.grant = grant;

		const rate = ctx.limiter.take(`${grant.appId}|${grant.locationId}`);
		void reply.headers(rate.headers);
		if (!rate.allowed) {
			ctx.recorder.countRateLimited();
			throw tooManyRequests();
		}

		const fault = ctx.faults.next();
		// Lost answers let the handler run; the server's onSend hook takes the answer away.
		if (fault?.kind === 'lostAnswer' || fault?.kind === 'lostAnswer502') {
			if (request.record) ctx.recorder.countFault(request.record, fault.kind);
		} else if (fault) return injectFault(ctx, request, reply, fault);

		const badVersion = versionError(ctx, request.headers.version);
		if (badVersion) throw badVersion;

		const scope = request.routeOptions.config.scope;
		if (scope && !hasScope(grant, scope)) throw unauthorized(SCOPE_MISSING);

		if (namedLocations(request).some((locationId) => locationId !== grant.locationId)) throw forbidden();
		return undefined;
	};
}
