// Fastify app: the two endpoints of OCH's integration API behind the token check, faults and
// latency; the inspection and control API under /__sandbox (no token, no faults).
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { OchContext, RuntimeConfig } from './context';
import { isEventName, samplePayload, type EventPayload } from './events';
import { FAULT_KINDS, type FaultDecision } from './faults';
import type { RecordedRequest } from './recorder';
import type { EventName } from './types';

export const INSPECT_PREFIX = '/__sandbox';
export const COURSES_PATH = '/api/pabbly-tenant-courses';
export const ENROLL_PATH = '/api/zapier-enroll-student-action-webhook';

declare module 'fastify' {
	interface FastifyRequest {
		ochRecord: RecordedRequest | null;
		ochFault: FaultDecision | null;
	}
}

/** OCH's error shape, whatever the status. */
class OchError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const TOKEN_ERRORS = {
	missing: new OchError(401, 'Missing integration token'),
	invalid: new OchError(401, 'Invalid integration token'),
	inactive: new OchError(403, 'Integration is not active'),
} as const;

const GATEWAY_PAGE = (status: 502 | 503) =>
	`<html>\r\n<head><title>${status} ${status === 502 ? 'Bad Gateway' : 'Service Temporarily Unavailable'}</title></head>\r\n<body></body>\r\n</html>\r\n`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const enrollBody = {
	type: 'object',
	required: ['email'],
	properties: {
		email: { type: 'string' },
		courseId: { type: 'string' },
		course_id: { type: 'string' },
		name: { type: 'string' },
		first_name: { type: 'string' },
		last_name: { type: 'string' },
		password: { type: 'string' },
	},
} as const;

interface EnrollBody {
	email: string;
	courseId?: string;
	course_id?: string;
	name?: string;
	first_name?: string;
	last_name?: string;
	password?: string;
}

export function buildServer(ctx: OchContext): FastifyInstance {
	const app = Fastify({
		logger: false,
		forceCloseConnections: true,
		genReqId: () => randomUUID(),
		routerOptions: { ignoreTrailingSlash: true },
	});
	app.decorateRequest('ochRecord', null);
	app.decorateRequest('ochFault', null);

	app.addContentTypeParser(
		'application/x-www-form-urlencoded',
		{ parseAs: 'string' },
		(_request, body, done) => {
			done(null, Object.fromEntries(new URLSearchParams(body as string)));
		},
	);

	app.addHook('onRequest', async (request) => {
		if (request.url.startsWith(INSPECT_PREFIX)) return;
		request.ochRecord = ctx.recorder.start({
			id: request.id,
			method: request.method,
			path: request.url.split('?')[0],
			query: { ...(request.query as Record<string, unknown>) },
			headers: { ...request.headers },
			body: undefined,
			time: new Date().toISOString(),
		});
	});
	app.addHook('onResponse', async (request, reply) => {
		const record = request.ochRecord;
		if (record && record.status === null && !['reset', 'lostAnswer'].includes(record.fault ?? '')) {
			ctx.recorder.finish(record, reply.statusCode, request.body);
		}
	});

	app.setErrorHandler(
		(error: Error & { statusCode?: number; validation?: unknown }, _request, reply) => {
			if (error instanceof OchError)
				return reply.code(error.status).send({ status: 'error', message: error.message });
			if (error.validation)
				return reply.code(400).send({ status: 'error', message: error.message });
			const status =
				error.statusCode && error.statusCode >= 400 && error.statusCode < 500
					? error.statusCode
					: 500;
			return reply
				.code(status)
				.send({
					status: 'error',
					message: status === 500 ? 'Internal server error' : error.message,
				});
		},
	);
	app.setNotFoundHandler((request, reply) =>
		reply
			.code(404)
			.send({ status: 'error', message: `Cannot ${request.method} ${request.url.split('?')[0]}` }),
	);

	void app.register(async (api) => {
		api.addHook('preValidation', async (request, reply) => await pipeline(ctx, request, reply));
		api.get(COURSES_PATH, async (request, reply) =>
			answer(ctx, request, reply, 200, ctx.store.listCourses()),
		);
		api.post<{ Body: EnrollBody }>(
			ENROLL_PATH,
			{ schema: { body: enrollBody } },
			async (request, reply) => {
				const body = request.body;
				const courseId = body.courseId ?? body.course_id;
				if (!courseId) throw new OchError(400, 'courseId is required');
				const outcome = ctx.enroll({
					email: body.email,
					courseId,
					name: body.name,
					firstName: body.first_name,
					lastName: body.last_name,
					password: body.password,
					source: 'integration',
				});
				if (!outcome.ok)
					return answer(ctx, request, reply, outcome.status, {
						status: 'error',
						message: outcome.message,
					});
				return answer(ctx, request, reply, 200, {
					status: 'success',
					message: outcome.accountCreated
						? 'Account created successfully.'
						: 'Student enrolled successfully.',
				});
			},
		);
	});
	void app.register(async (inspect) => registerInspectRoutes(inspect, ctx), {
		prefix: INSPECT_PREFIX,
	});
	return app;
}

/** Latency → token → injected fault, before each API route (and before body validation). */
async function pipeline(
	ctx: OchContext,
	request: FastifyRequest,
	reply: FastifyReply,
): Promise<FastifyReply | undefined> {
	if (ctx.latencyMs > 0) await sleep(ctx.latencyMs);
	const token = ctx.checkToken(request.headers['x-integration-token']);
	if (token !== 'ok') throw TOKEN_ERRORS[token];
	const fault = ctx.faults.next();
	if (!fault) return undefined;
	if (request.ochRecord) request.ochRecord.fault = fault.kind;
	if (fault.kind === '5xx') {
		if (fault.status === 502 || fault.status === 503)
			return reply.code(fault.status).type('text/html').send(GATEWAY_PAGE(fault.status));
		throw new OchError(500, 'Internal server error');
	}
	if (fault.kind === 'errorAnswer') {
		return reply
			.code(200)
			.send({ status: 'error', message: 'Something went wrong. Please try again later.' });
	}
	if (fault.kind === 'emptyAnswer') return reply.code(200).send({});
	if (fault.kind === 'reset') return drop(ctx, request, reply);
	// lostAnswer: the route runs, then answer() drops the connection.
	request.ochFault = fault;
	return undefined;
}

/** Sends the answer, unless a `lostAnswer` fault takes the connection away after the work is done. */
function answer(
	ctx: OchContext,
	request: FastifyRequest,
	reply: FastifyReply,
	status: number,
	body: unknown,
): FastifyReply {
	if (request.ochFault?.kind === 'lostAnswer') return drop(ctx, request, reply);
	return reply.code(status).send(body);
}

function drop(ctx: OchContext, request: FastifyRequest, reply: FastifyReply): FastifyReply {
	reply.hijack();
	if (request.ochRecord) ctx.recorder.finish(request.ochRecord, null, request.body);
	request.raw.socket.destroy();
	return reply;
}

const object = { type: 'object' } as const;

function registerInspectRoutes(app: FastifyInstance, ctx: OchContext): void {
	const { store } = ctx;
	const publicStudent = ({
		passwordHash: _hash,
		...student
	}: ReturnType<typeof store.listStudents>[number]) => student;

	app.get('/state', async () => ({ summary: store.summary(), config: ctx.config }));
	app.get('/courses', async () => ({ courses: store.listCourses() }));
	app.post<{ Body: { course: string; id?: string } }>(
		'/courses',
		{
			schema: {
				body: {
					type: 'object',
					required: ['course'],
					properties: { course: { type: 'string' }, id: { type: 'string' } },
				},
			},
		},
		async (request, reply) => reply.code(201).send({ course: store.addCourse(request.body) }),
	);
	app.get('/students', async () => ({ students: store.listStudents().map(publicStudent) }));
	app.post<{ Body: { email: string; name?: string } }>(
		'/students',
		{
			schema: {
				body: {
					type: 'object',
					required: ['email'],
					properties: { email: { type: 'string' }, name: { type: 'string' } },
				},
			},
		},
		async (request, reply) => {
			if (store.getStudent(request.body.email))
				throw new OchError(409, 'A student with this email exists');
			return reply.code(201).send({ student: publicStudent(ctx.signUp(request.body)) });
		},
	);
	app.get<{ Querystring: { email?: string; courseId?: string } }>(
		'/enrollments',
		async (request) => ({
			enrollments: store.listEnrollments(request.query),
		}),
	);
	// An enrollment made in the school itself (a purchase, a coupon, a manual grant).
	app.post<{ Body: { email: string; courseId: string; name?: string; source?: string } }>(
		'/enrollments',
		{
			schema: {
				body: {
					type: 'object',
					required: ['email', 'courseId'],
					properties: {
						email: { type: 'string' },
						courseId: { type: 'string' },
						name: { type: 'string' },
						source: { type: 'string' },
					},
				},
			},
		},
		async (request, reply) => {
			const outcome = ctx.enroll({
				...request.body,
				password: 'purchase-password',
				source: request.body.source ?? 'stripe',
				createdBy: 'signup',
			});
			if (!outcome.ok) throw new OchError(outcome.status, outcome.message);
			return reply
				.code(201)
				.send({ accountCreated: outcome.accountCreated, enrollment: outcome.enrollment ?? null });
		},
	);
	app.get('/newsletter', async () => ({ subscribers: store.listSubscribers() }));
	app.post<{ Body: { email: string } }>(
		'/newsletter',
		{
			schema: {
				body: { type: 'object', required: ['email'], properties: { email: { type: 'string' } } },
			},
		},
		async (request, reply) =>
			reply.code(201).send({ subscribed: ctx.subscribe(request.body.email) }),
	);

	// Sends one event now, with the given payload or a sample; `url` overrides the configured one.
	app.post<{
		Params: { event: string };
		Body: { payload?: EventPayload; url?: string } | undefined;
	}>('/events/:event', async (request) => {
		const event = request.params.event;
		if (!isEventName(event)) throw new OchError(404, `Unknown event ${event}`);
		const payload =
			request.body?.payload ?? samplePayload(event as EventName, store.listCourses()[0]);
		const delivery = await ctx.events.send(
			event,
			payload,
			request.body?.url ?? ctx.events.urls[event],
		);
		if (!delivery)
			throw new OchError(
				409,
				`No webhook URL is set for ${event}; PATCH /__sandbox/config {"webhooks": {...}}`,
			);
		return { delivery };
	});
	app.get('/deliveries', async () => ({ deliveries: ctx.events.deliveries }));
	app.delete('/deliveries', async () => {
		ctx.events.clear();
		return { cleared: true };
	});

	app.post<{ Body: { token: string; active?: boolean } }>(
		'/tokens',
		{
			schema: {
				body: {
					type: 'object',
					required: ['token'],
					properties: { token: { type: 'string', minLength: 1 }, active: { type: 'boolean' } },
				},
			},
		},
		async (request, reply) => {
			ctx.addToken(request.body.token, request.body.active ?? true);
			return reply
				.code(201)
				.send({ token: request.body.token, active: request.body.active ?? true });
		},
	);

	app.get('/requests', async () => ({ requests: ctx.recorder.requests }));
	app.delete('/requests', async () => {
		ctx.recorder.clear();
		return { cleared: true };
	});
	app.get('/config', async () => ({ config: ctx.config }));
	app.patch<{ Body: Partial<RuntimeConfig> }>(
		'/config',
		{
			schema: {
				body: {
					type: 'object',
					additionalProperties: false,
					properties: {
						latencyMs: { type: 'integer', minimum: 0 },
						faults: {
							type: 'object',
							properties: {
								rate: {
									type: 'object',
									properties: Object.fromEntries(
										FAULT_KINDS.map((kind) => [kind, { type: 'number', minimum: 0, maximum: 1 }]),
									),
								},
								schedule: {
									type: 'array',
									items: {
										type: 'object',
										required: ['atRequest', 'kind'],
										properties: {
											atRequest: { type: 'integer', minimum: 1 },
											kind: { enum: [...FAULT_KINDS] },
										},
									},
								},
								seed: { type: 'integer' },
							},
						},
						webhooks: object,
					},
				},
			},
		},
		async (request) => {
			ctx.configure(request.body);
			return { config: ctx.config };
		},
	);
}
