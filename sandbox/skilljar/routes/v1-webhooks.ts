// v1 webhooks: registration, ping, and sample payloads. Deliveries are made by ../webhooks.ts.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { drfNotFound } from '../errors';
import { v1Page } from '../paging';
import { userSummary } from '../store';
import { EVENT_TYPES, type EventType, type Webhook } from '../types';
import { v1Webhook } from '../views';
import { idPattern } from './helpers';

const webhookProperties = {
	target_url: { type: 'string', format: 'uri', maxLength: 1024 },
	active: { type: 'boolean' },
	event_type: { anyOf: [{ type: 'string', enum: [...EVENT_TYPES] }, { type: 'null' }] },
	basic_auth_username: { type: 'string' },
	basic_auth_password: { type: 'string' },
	additional_headers: { type: 'object', additionalProperties: { type: 'string' } },
} as const;
const webhookParams = {
	type: 'object',
	properties: { webhook_id: idPattern },
	required: ['webhook_id'],
} as const;

type WebhookInput = Partial<
	Pick<
		Webhook,
		| 'target_url'
		| 'active'
		| 'event_type'
		| 'basic_auth_username'
		| 'basic_auth_password'
		| 'additional_headers'
	>
>;
type WebhookParams = { webhook_id: string };

const SAMPLES: Record<string, EventType> = {
	'course-completion': 'COURSE_COMPLETION',
	'course-enrollment': 'COURSE_ENROLLMENT',
	'domain-enrollment': 'DOMAIN_ENROLLMENT',
	'lesson-completion': 'LESSON_COMPLETION',
	'path-completion': 'PATH_COMPLETION',
	'path-enrollment': 'PATH_ENROLLMENT',
	'purchase-fulfillment': 'PURCHASE_FULFILLMENT',
	'quiz-completion': 'QUIZ_COMPLETION',
	'dashboard-task-created': 'DASHBOARD_TASK_CREATED',
	'vilt-registration': 'VILT_EVENT_REGISTRATION',
};

/**
 * The sample of an event type. For course enrollment and completion, as Skilljar describes its
 * sample endpoints: the organisation's most recent such event, else a generated one. Other types:
 * a plausible body from the store's first learner and course (or made-up ones).
 */
export function sampleEvent(ctx: SandboxContext, event: EventType): Record<string, unknown> {
	const { store } = ctx;
	if (event === 'COURSE_ENROLLMENT' || event === 'COURSE_COMPLETION') {
		const latest = store
			.listEnrollments()
			.filter((enrollment) => event === 'COURSE_ENROLLMENT' || enrollment.progress.completed_at)
			.sort((a, b) =>
				event === 'COURSE_ENROLLMENT'
					? a.enrolled_at.localeCompare(b.enrolled_at)
					: String(a.progress.completed_at).localeCompare(String(b.progress.completed_at)),
			)
			.at(-1);
		const recent = latest && store.courseEventPayload(event, latest);
		if (recent) return recent;
	}
	const user = store.listUsers()[0];
	const published = store.listPublishedCourses()[0];
	const course = published ? store.courses.get(published.courseId) : undefined;
	const domain = store.getDomain(published?.domain ?? store.defaultDomain);
	return {
		event_type: event,
		timestamp: new Date(ctx.clock()).toISOString(),
		user: user
			? userSummary(user)
			: {
					id: 'sampleuser0001',
					email: 'sample@example.com',
					first_name: 'Sample',
					last_name: 'Learner',
				},
		course:
			published && course
				? {
						id: course.id,
						published_course_id: published.id,
						title: course.title,
						url: store.courseUrl(published),
					}
				: null,
		domain: domain ? { id: domain.id, name: domain.name } : null,
		...(event === 'COURSE_COMPLETION' ? generatedCompletion(ctx) : {}),
	};
}

function generatedCompletion(ctx: SandboxContext): Record<string, unknown> {
	const at = new Date(ctx.clock()).toISOString();
	return {
		course_progress: {
			completed_at: at,
			completed_lesson_count: 8,
			score: 90,
			max_score: 100,
			success_status: 'PASSED',
		},
		certificate: {
			code: 'SAMPLE0001',
			validate_url: ctx.store.certificateUrl('SAMPLE0001'),
			issued_at: at,
			expires_at: null,
		},
	};
}

export function registerV1WebhookRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;
	const hookOr404 = (id: string) => {
		const hook = store.webhooks.get(id);
		if (!hook) throw drfNotFound();
		return hook;
	};

	app.get(
		'/v1/webhooks',
		{ schema: { querystring: { type: 'object', properties: { page: { type: 'integer' } } } } },
		async (request) => v1Page(ctx, request, store.listWebhooks().map(v1Webhook)),
	);

	app.post<{ Body: WebhookInput & { target_url: string } }>(
		'/v1/webhooks',
		{
			schema: { body: { type: 'object', properties: webhookProperties, required: ['target_url'] } },
		},
		async (request, reply) => reply.code(201).send(v1Webhook(store.addWebhook(request.body))),
	);

	for (const [slug, event] of Object.entries(SAMPLES)) {
		app.get(`/v1/webhooks/sample-${slug}`, async () => ({ results: [sampleEvent(ctx, event)] }));
	}

	app.get<{ Params: WebhookParams }>(
		'/v1/webhooks/:webhook_id',
		{ schema: { params: webhookParams } },
		async (request) => v1Webhook(hookOr404(request.params.webhook_id)),
	);

	const update = async (request: { params: WebhookParams; body: WebhookInput | undefined }) => {
		const hook = hookOr404(request.params.webhook_id);
		const body = request.body ?? {};
		Object.assign(
			hook,
			Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)),
		);
		if (body.active === true) hook.deactivate_reason = null;
		return v1Webhook(hook);
	};
	app.put<{ Params: WebhookParams; Body: WebhookInput }>(
		'/v1/webhooks/:webhook_id',
		{
			schema: {
				params: webhookParams,
				body: { type: 'object', properties: webhookProperties, required: ['target_url'] },
			},
		},
		update,
	);
	app.patch<{ Params: WebhookParams; Body: WebhookInput | undefined }>(
		'/v1/webhooks/:webhook_id',
		{ schema: { params: webhookParams, body: { type: 'object', properties: webhookProperties } } },
		update,
	);
	app.delete<{ Params: WebhookParams }>(
		'/v1/webhooks/:webhook_id',
		{ schema: { params: webhookParams } },
		async (request, reply) => {
			store.webhooks.delete(hookOr404(request.params.webhook_id).id);
			return reply.code(204).send();
		},
	);

	app.post<{ Params: WebhookParams }>(
		'/v1/webhooks/:webhook_id/ping',
		{ schema: { params: webhookParams } },
		async (request) => {
			const delivery = await ctx.webhooks.ping(hookOr404(request.params.webhook_id));
			const succeeded = delivery.status !== null && delivery.status >= 200 && delivery.status < 300;
			return {
				succeeded,
				http_status_code: delivery.status ?? 0,
				message: succeeded
					? 'Ping delivered.'
					: (delivery.error ?? `The endpoint answered HTTP ${String(delivery.status)}.`),
			};
		},
	);
}
