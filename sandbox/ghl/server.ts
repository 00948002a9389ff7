// Fastify app: parsers, request log, traceId, error shapes, and the three route groups
// (API behind the pipeline; OAuth; inspection under /__sandbox, which is neither limited nor faulted).
import { STATUS_CODES } from 'node:http';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { SandboxContext } from './context';
import { badRequest, HttpError } from './errors';
import { apiPipeline, GATEWAY_PAGES } from './pipeline';
import { uuid } from './random';
import { registerAutomationRoutes } from './routes/automation';
import { registerBulkRoutes } from './routes/bulk';
import { registerContactRoutes } from './routes/contacts';
import { registerInspectRoutes } from './routes/inspect';
import { registerLocationRoutes } from './routes/locations';
import { registerNoteRoutes } from './routes/notes';
import { registerOAuthRoutes } from './routes/oauth';
import { registerSearchRoutes } from './routes/search';
import { registerTagRoutes } from './routes/tags';
import { registerTaskRoutes } from './routes/tasks';
import { registerUserRoutes } from './routes/users';
import { registerWebhookRoutes } from './routes/webhooks';
import { splitValidatorFactory, validationMessages } from './validation';

export const INSPECT_PREFIX = '/__sandbox';

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function buildServer(ctx: SandboxContext): FastifyInstance {
	const app = Fastify({
		logger: false,
		// The request id doubles as the traceId every response carries.
		genReqId: () => uuid(),
		// close() must not wait for keep-alive sockets or stalled requests.
		forceCloseConnections: true,
		routerOptions: { ignoreTrailingSlash: true },
		schemaController: { compilersFactory: { buildValidator: splitValidatorFactory() } },
	});

	app.decorateRequest('grant', null);
	app.decorateRequest('record', null);

	// Like express on the live API: an empty JSON body (e.g. DELETE with a Content-Type) is no body, not an error.
	app.removeContentTypeParser('application/json');
	app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
		if (body === '') return done(null, undefined);
		try {
			done(null, JSON.parse(body as string));
		} catch (error) {
			done(badRequest(`Invalid JSON body: ${(error as Error).message}`), undefined);
		}
	});
	app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
		done(null, Object.fromEntries(new URLSearchParams(body as string)));
	});

	app.addHook('onRequest', async (request, reply) => {
		// HighLevel's Date header tells its own time; here it is the sandbox's clock, which a test may move.
		void reply.header('date', new Date(ctx.clock()).toUTCString());
		if (request.url.startsWith(INSPECT_PREFIX)) return;
		const [path] = request.url.split('?');
		request.record = ctx.recorder.start({
			traceId: request.id,
			method: request.method,
			path,
			query: { ...(request.query as Record<string, unknown>) },
			headers: { ...request.headers },
			body: undefined,
			time: new Date().toISOString(),
		});
	});
	app.addHook('onResponse', async (request, reply) => {
		const record = request.record;
		// Dropped connections were logged when the fault hit.
		if (record && record.fault !== 'reset' && record.fault !== 'stall' && record.fault !== 'lostAnswer') {
			ctx.recorder.finish(record, reply.statusCode, request.body);
		}
	});
	// A lost answer: the handler has done its work; the client gets a dropped connection or a 502.
	app.addHook('onSend', async (request, reply, payload) => {
		const fault = request.record?.fault;
		if (fault === 'lostAnswer502') {
			void reply.code(502).type('text/html');
			return GATEWAY_PAGES[502];
		}
		if (fault !== 'lostAnswer') return payload;
		if (request.record) ctx.recorder.finish(request.record, null, request.body);
		request.raw.socket.destroy();
		return payload;
	});
	app.addHook('preSerialization', async (request, _reply, payload: unknown) =>
		isPlainObject(payload) ? { ...payload, traceId: request.id } : payload,
	);

	app.setErrorHandler((error: FastifyError | HttpError, _request, reply) => {
		if (error instanceof HttpError) return reply.code(error.status).send(error.body);
		if (error.validation) {
			return reply
				.code(422)
				.send({ statusCode: 422, message: validationMessages(error.validation, error.validationContext), error: 'Unprocessable Entity' });
		}
		const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
		if (status === 500) console.error('ghl sandbox: unexpected error', error);
		return reply.code(status).send({ statusCode: status, message: status === 500 ? 'Internal server error' : error.message, error: STATUS_CODES[status] });
	});
	app.setNotFoundHandler((request, reply) => {
		const [path] = request.url.split('?');
		return reply.code(404).send({ statusCode: 404, message: `Cannot ${request.method} ${path}`, error: 'Not Found' });
	});

	void app.register(async (api) => {
		api.addHook('preValidation', apiPipeline(ctx));
		registerContactRoutes(api, ctx);
		registerSearchRoutes(api, ctx);
		registerTaskRoutes(api, ctx);
		registerNoteRoutes(api, ctx);
		registerTagRoutes(api, ctx);
		registerBulkRoutes(api, ctx);
		registerLocationRoutes(api, ctx);
		registerAutomationRoutes(api, ctx);
		registerUserRoutes(api, ctx);
	});
	void app.register(async (oauth) => registerOAuthRoutes(oauth, ctx));
	void app.register(async (inspect) => registerInspectRoutes(inspect, ctx), { prefix: INSPECT_PREFIX });
	void app.register(async (hooks) => registerWebhookRoutes(hooks, ctx), { prefix: `${INSPECT_PREFIX}/webhooks` });
	return app;
}
