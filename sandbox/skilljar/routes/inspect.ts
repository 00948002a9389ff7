// Inspection and control API for tests and manual runs, under /__sandbox (no auth, no limits, no faults).
import type { FastifyInstance } from 'fastify';
import type { ApiKeyOptions, OAuthClientOptions } from '../auth';
import type { ConfigPatch, SandboxContext } from '../context';
import { drfDetail, drfNotFound } from '../errors';
import type { SeedOptions } from '../seed';
import { EVENT_TYPES, type EventType } from '../types';
import { v1Webhook } from '../views';
import { registerLearnerRoutes } from './learner';
import { sampleEvent } from './v1-webhooks';

const object = { type: 'object' } as const;

export function registerInspectRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;

	app.get('/state', async () => ({
		domains: [...store.domains.values()],
		users: store.listUsers().length,
		domainUsers: store.domainUsers.size,
		publishedCourses: store.listPublishedCourses().length,
		enrollments: store.enrollments.size,
		groups: store
			.listGroups()
			.map((group) => ({ ...group, members: store.membersOf(group.id).length })),
		signupFields: [...store.signupFields.values()],
		webhooks: store.listWebhooks().map(v1Webhook),
		config: ctx.config,
	}));

	app.get<{ Params: { id: string } }>('/users/:id', async (request) => {
		const user = store.getUser(request.params.id);
		if (!user) throw drfNotFound();
		return {
			user,
			domains: [...store.domainUsers.values()]
				.filter((member) => member.userId === user.id)
				.map((member) => ({ ...member, values: Object.fromEntries(member.values) })),
			groups: store.groupNamesOf(user.id),
			enrollments: store.listEnrollments().filter((enrollment) => enrollment.userId === user.id),
		};
	});
	app.post<{ Body: { email: string; first_name?: string; last_name?: string; domain?: string } }>(
		'/users',
		{
			schema: {
				body: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
			},
		},
		async (request, reply) => {
			const { domain, ...user } = request.body;
			return reply.code(201).send(store.upsertDomainUser(domain ?? store.defaultDomain, user));
		},
	);
	app.post<{ Body: { title: string; domain?: string } }>(
		'/published-courses',
		{
			schema: {
				body: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
			},
		},
		async (request, reply) =>
			reply
				.code(201)
				.send(store.addPublishedCourse(request.body.title, { domain: request.body.domain })),
	);
	app.post<{ Body: { name: string } }>(
		'/groups',
		{
			schema: {
				body: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
			},
		},
		async (request, reply) => reply.code(201).send(store.addGroup(request.body)),
	);
	app.post<{ Body: { name: string } }>(
		'/domains',
		{
			schema: {
				body: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
			},
		},
		async (request, reply) => reply.code(201).send(store.addDomain(request.body)),
	);
	app.post<{
		Body: {
			label: string;
			type?: 'TEXT' | 'PICKLIST' | 'CHECKBOX';
			optionValues?: string[];
			domain?: string;
		};
	}>(
		'/signup-fields',
		{
			schema: {
				body: { type: 'object', properties: { label: { type: 'string' } }, required: ['label'] },
			},
		},
		async (request, reply) => reply.code(201).send(store.addSignupField(request.body)),
	);
	/** Completes a learner's course as finishing it would: progress set, COURSE_COMPLETION sent. */
	app.post<{ Params: { id: string }; Body: { score?: number; passed?: boolean } | undefined }>(
		'/enrollments/:id/complete',
		async (request) => {
			if (!store.enrollments.has(request.params.id)) throw drfNotFound();
			return store.completeCourse(request.params.id, request.body ?? {});
		},
	);
	registerLearnerRoutes(app, ctx);
	app.post<{ Body: SeedOptions }>('/seed', { schema: { body: object } }, async (request) => ({
		result: ctx.seed(request.body),
	}));

	/** Sends an event to the subscribed hooks now: a sample body unless one is given. */
	app.post<{ Body: { event_type: EventType; payload?: Record<string, unknown> } }>(
		'/webhooks/deliver',
		{
			schema: {
				body: {
					type: 'object',
					properties: { event_type: { enum: [...EVENT_TYPES] }, payload: object },
					required: ['event_type'],
				},
			},
		},
		async (request) => {
			const { event_type: event, payload } = request.body;
			const hooks = ctx.webhooks.dispatch(event, payload ?? sampleEvent(ctx, event));
			await ctx.webhooks.flush();
			return { hooks, deliveries: ctx.webhooks.deliveries.slice(-hooks) };
		},
	);
	app.get('/deliveries', async () => ({ deliveries: ctx.webhooks.deliveries }));
	app.delete('/deliveries', async () => {
		ctx.webhooks.clear();
		return { cleared: true };
	});

	app.get('/requests', async () => ({ requests: ctx.recorder.requests }));
	app.delete('/requests', async () => {
		const cleared = ctx.recorder.requests.length;
		ctx.recorder.clear();
		return { cleared };
	});
	app.get('/stats', async () => ({ stats: ctx.recorder.stats }));
	app.delete('/stats', async () => {
		ctx.recorder.resetStats();
		return { stats: ctx.recorder.stats };
	});

	app.get('/config', async () => ({ config: ctx.config }));
	app.patch<{ Body: ConfigPatch }>(
		'/config',
		{
			schema: {
				body: {
					type: 'object',
					properties: {
						latencyMs: { type: 'integer', minimum: 0 },
						strictPaging: { type: 'boolean' },
						v1ListShape: { enum: ['envelope', 'array'] },
						v1DefaultPageSize: { type: 'integer', minimum: 1, maximum: 1000 },
						tokenBody: { enum: ['json', 'form', 'both'] },
						refusedEmails: { type: 'array', items: { type: 'string', minLength: 1 } },
						accessTokenLifetimeSec: { type: 'integer', minimum: 1 },
						rateLimit: {
							type: 'object',
							properties: {
								max: { type: 'integer', minimum: 0 },
								intervalMs: { type: 'integer', minimum: 1 },
								retryAfterSec: { type: 'integer', minimum: 0 },
							},
							additionalProperties: false,
						},
						faults: object,
					},
					additionalProperties: false,
				},
			},
		},
		async (request) => {
			ctx.configure(request.body);
			return { config: ctx.config };
		},
	);

	app.post<{ Body: ApiKeyOptions | undefined }>('/api-keys', async (request, reply) =>
		reply.code(201).send({ key: ctx.auth.createApiKey(request.body ?? {}) }),
	);
	app.post<{ Body: OAuthClientOptions | undefined }>('/oauth/clients', async (request, reply) =>
		reply.code(201).send(ctx.auth.createOAuthClient(request.body ?? {})),
	);
	app.post('/oauth/expire', async () => ({ expired: ctx.auth.expireAccessTokens() }));
	app.setNotFoundHandler(async (request) => {
		throw drfDetail(404, `No inspection route ${request.method} ${request.url}`);
	});
}
