// Fastify app: body parsers, request log, the v1 and v2 pipelines (latency → credentials → rate
// limit → injected fault → scope), error shapes per API, and the inspection API under /__sandbox.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Fastify from 'fastify';
import type { RecordedRequest } from '../ghl/recorder';
import { splitValidatorFactory } from '../ghl/validation';
import { scopeError, type V2Grant } from './auth';
import type { SandboxContext } from './context';
import { drfDetail, drfValidation, HttpError, jsonApiError } from './errors';
import { reshapeV1Page } from './paging';
import { registerInspectRoutes } from './routes/inspect';
import { registerTokenRoute } from './routes/token';
import { registerV1CourseRoutes } from './routes/v1-courses';
import { registerV1GroupRoutes } from './routes/v1-groups';
import { registerV1UserRoutes } from './routes/v1-users';
import { registerV1WebhookRoutes } from './routes/v1-webhooks';
import { registerV2Routes } from './routes/v2';

export const INSPECT_PREFIX = '/__sandbox';

declare module 'fastify' {
	interface FastifyRequest {
		/** This request's entry in the request log (null for the inspection API). */
		sjRecord: RecordedRequest | null;
		/** The v2 token's grant, once accepted. */
		sjGrant: V2Grant | null;
	}
	interface FastifyContextConfig {
		/** v2: the scopes of the route's x-required-scope (any one suffices). */
		skilljarScopes?: readonly string[];
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Api = 'v1' | 'v2';

function apiOf(url: string): Api | undefined {
	if (url.startsWith('/v1/')) return 'v1';
	if (url.startsWith('/v2/')) return 'v2';
	return undefined;
}

/** Answers (or drops) the request with an injected fault; returns the reply so the hook chain stops. */
function injectFault(
	ctx: SandboxContext,
	api: Api,
	request: FastifyRequest,
	reply: FastifyReply,
): FastifyReply | undefined {
	const fault = ctx.faults.next();
	if (!fault) return undefined;
	if (request.sjRecord) ctx.recorder.countFault(request.sjRecord, fault.kind);
	if (fault.kind === '429') throw throttled(ctx, api);
	if (fault.kind === 'emptyAnswer') return reply.code(200).send({});
	if (fault.kind === '5xx') {
		const status = fault.status ?? 500;
		if (status === 500) {
			throw api === 'v1'
				? drfDetail(500, 'A server error occurred.')
				: jsonApiError(
						500,
						'internal_error',
						'Internal Server Error',
						'An unexpected error occurred.',
					);
		}
		return reply
			.code(status)
			.type('text/html')
			.send(`<html><body><h1>${status}</h1></body></html>`);
	}
	reply.hijack();
	if (request.sjRecord) ctx.recorder.finish(request.sjRecord, null, request.body);
	const socket = request.raw.socket;
	if (fault.kind === 'reset') socket.destroy();
	else {
		const timer = setTimeout(() => socket.destroy(), ctx.faults.stallMs);
		socket.once('close', () => clearTimeout(timer));
	}
	return reply;
}

function throttled(ctx: SandboxContext, api: Api): HttpError {
	const seconds = ctx.rateLimit.retryAfterSec;
	const headers: Record<string, string> = seconds > 0 ? { 'retry-after': String(seconds) } : {};
	return api === 'v1'
		? drfDetail(
				429,
				`Request was throttled.${seconds > 0 ? ` Expected available in ${seconds} seconds.` : ''}`,
				headers,
			)
		: jsonApiError(
				429,
				'throttled',
				'Too Many Requests',
				'Request was throttled.',
				undefined,
				headers,
			);
}

function v1Pipeline(ctx: SandboxContext) {
	return async (request: FastifyRequest, reply: FastifyReply) => {
		if (ctx.settings.latencyMs > 0) await sleep(ctx.settings.latencyMs);
		const caller = ctx.auth.authenticateV1(request.headers.authorization, request.method);
		if (!ctx.takeRate(`v1|${caller.key}`)) throw throttled(ctx, 'v1');
		return injectFault(ctx, 'v1', request, reply);
	};
}

function v2Pipeline(ctx: SandboxContext) {
	return async (request: FastifyRequest, reply: FastifyReply) => {
		if (ctx.settings.latencyMs > 0) await sleep(ctx.settings.latencyMs);
		const grant = ctx.auth.authenticateV2(request.headers.authorization);
		request.sjGrant = grant;
		if (!ctx.takeRate(`v2|${grant.clientId}`)) throw throttled(ctx, 'v2');
		const faulted = injectFault(ctx, 'v2', request, reply);
		if (faulted) return faulted;
		const required = request.routeOptions.config.skilljarScopes;
		if (required) {
			const error = scopeError(grant, required);
			if (error) throw error;
		}
		return undefined;
	};
}

// ---- validation errors in each API's shape ----

const DRF_MESSAGES: Record<string, (params: Record<string, unknown>) => string> = {
	required: () => 'This field is required.',
	type: (params) =>
		params.type === 'boolean'
			? 'Must be a valid boolean.'
			: params.type === 'integer'
				? 'A valid integer is required.'
				: 'Not a valid string.',
	maxLength: (params) => `Ensure this field has no more than ${String(params.limit)} characters.`,
	minLength: () => 'This field may not be blank.',
	format: (params) =>
		params.format === 'email'
			? 'Enter a valid email address.'
			: params.format === 'date-time'
				? 'Datetime has wrong format. Use YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'
				: 'Enter a valid URL.',
	enum: (params) =>
		`Not a valid choice. Choices: ${(params.allowedValues as unknown[]).join(', ')}.`,
};

function drfFields(errors: FastifySchemaErrors): Record<string, string[]> {
	const fields: Record<string, unknown> = {};
	for (const error of errors) {
		const segments = error.instancePath.split('/').filter(Boolean);
		const params = error.params as Record<string, unknown>;
		if (error.keyword === 'required') segments.push(String(params.missingProperty));
		const message = (DRF_MESSAGES[error.keyword] ?? (() => error.message ?? 'Invalid value.'))(
			params,
		);
		let node = fields;
		const path = segments.length > 0 ? segments : ['non_field_errors'];
		path.slice(0, -1).forEach((segment) => {
			node[segment] ??= {};
			node = node[segment] as Record<string, unknown>;
		});
		const last = path[path.length - 1];
		const list = (node[last] ??= []) as string[];
		if (Array.isArray(list) && !list.includes(message)) list.push(message);
	}
	return fields as Record<string, string[]>;
}

type FastifySchemaErrors = NonNullable<FastifyError['validation']>;

function jsonApiValidation(errors: FastifySchemaErrors, context: string | undefined): HttpError {
	return new HttpError(422, {
		errors: errors
			.filter((error) => error.keyword !== 'if' && !/\/(anyOf|oneOf)\/\d+\//.test(error.schemaPath))
			.map((error) => {
				const params = error.params as Record<string, unknown>;
				const pointer =
					`${error.instancePath}${error.keyword === 'required' ? `/${String(params.missingProperty)}` : ''}` ||
					'/';
				return {
					status: '422',
					code: 'validation_error',
					title: 'Invalid request',
					detail: `${pointer} ${error.message ?? 'is invalid'}`,
					source: context === 'body' ? { pointer } : { parameter: pointer.replace(/^\//, '') },
				};
			}),
	});
}

export function buildServer(ctx: SandboxContext): FastifyInstance {
	const app = Fastify({
		logger: false,
		forceCloseConnections: true,
		routerOptions: { ignoreTrailingSlash: true },
		schemaController: { compilersFactory: { buildValidator: splitValidatorFactory() } },
	});
	app.decorateRequest('sjRecord', null);
	app.decorateRequest('sjGrant', null);

	// An empty JSON body (e.g. a DELETE with a Content-Type) is no body, not an error.
	app.removeContentTypeParser('application/json');
	app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
		if (body === '') return done(null, undefined);
		try {
			done(null, JSON.parse(body as string));
		} catch (error) {
			const message = `JSON parse error - ${(error as Error).message}`;
			done(
				apiOf(request.url) === 'v2'
					? jsonApiError(400, 'parse_error', 'Malformed JSON', message)
					: drfDetail(400, message),
				undefined,
			);
		}
	});
	app.addContentTypeParser(
		'application/x-www-form-urlencoded',
		{ parseAs: 'string' },
		(_request, body, done) => {
			done(null, Object.fromEntries(new URLSearchParams(body as string)));
		},
	);

	app.addHook('onRequest', async (request) => {
		if (request.url.startsWith(INSPECT_PREFIX)) return;
		const [path] = request.url.split('?');
		request.sjRecord = ctx.recorder.start({
			traceId: String(request.id),
			method: request.method,
			path,
			query: { ...(request.query as Record<string, unknown>) },
			headers: { ...request.headers },
			body: undefined,
			time: new Date().toISOString(),
		});
	});
	app.addHook('onResponse', async (request, reply) => {
		const record = request.sjRecord;
		if (record && record.fault !== 'reset' && record.fault !== 'stall')
			ctx.recorder.finish(record, reply.statusCode, request.body);
	});

	app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
		const api = apiOf(request.url);
		if (error instanceof HttpError)
			return reply.code(error.status).headers(error.headers).send(error.body);
		if (error.validation) {
			const mapped =
				api === 'v2'
					? jsonApiValidation(error.validation, error.validationContext)
					: drfValidation(drfFields(error.validation));
			return reply.code(mapped.status).send(mapped.body);
		}
		const status =
			error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
				? error.statusCode
				: 500;
		if (status === 500) console.error('skilljar sandbox: unexpected error', error);
		const message = status === 500 ? 'A server error occurred.' : error.message;
		return api === 'v2'
			? reply
					.code(status)
					.send({
						errors: [
							{
								status: String(status),
								code: status === 500 ? 'internal_error' : 'bad_request',
								title: 'Error',
								detail: message,
							},
						],
					})
			: reply.code(status).send({ detail: message });
	});
	app.setNotFoundHandler((request, reply) => {
		const [path] = request.url.split('?');
		return apiOf(request.url) === 'v2'
			? reply
					.code(404)
					.send({
						errors: [
							{
								status: '404',
								code: 'not_found',
								title: 'Not Found',
								detail: `No route for ${request.method} ${path}.`,
							},
						],
					})
			: reply.code(404).send({ detail: 'Not found.' });
	});

	void app.register(async (v1) => {
		v1.addHook('preValidation', v1Pipeline(ctx));
		v1.addHook('preSerialization', async (_request, reply, payload) =>
			reshapeV1Page(ctx, reply, payload),
		);
		registerV1UserRoutes(v1, ctx);
		registerV1CourseRoutes(v1, ctx);
		registerV1GroupRoutes(v1, ctx);
		registerV1WebhookRoutes(v1, ctx);
	});
	void app.register(async (token) => registerTokenRoute(token, ctx));
	void app.register(async (v2) => {
		v2.addHook('preValidation', v2Pipeline(ctx));
		registerV2Routes(v2, ctx);
	});
	void app.register(async (inspect) => registerInspectRoutes(inspect, ctx), {
		prefix: INSPECT_PREFIX,
	});
	return app;
}
