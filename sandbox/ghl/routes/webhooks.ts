// Webhook control under /__sandbox/webhooks (no auth): test public keys, subscriptions, the outbox,
// and on-demand marketplace-app events (optionally duplicated, delayed, tampered or unsigned) and
// automation-action payloads.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { badRequest, notFound } from '../errors';
import { WEBHOOK_EVENT_TYPES, type AutomationOptions, type DeliveryOptions, type WebhookEventType, type WebhookSubject } from '../webhooks';

const eventList = { type: 'array', items: { enum: [...WEBHOOK_EVENT_TYPES] } } as const;
const deliveryOptions = {
	url: { type: 'string' },
	signWith: { type: 'array', items: { enum: ['ed25519', 'rsa'] } },
	signatureValue: { type: 'string' },
	delayMs: { type: 'integer', minimum: 0 },
	tamper: { type: 'boolean' },
	duplicate: { type: 'boolean' },
	extra: { type: 'object' },
	appId: { type: 'string' },
} as const;

interface SendBody extends DeliveryOptions {
	type: string;
	contactId?: string;
	/** The note, task or appointment id, for those events. */
	recordId?: string;
	/** Sent as is instead of a payload built from the store. */
	payload?: Record<string, unknown>;
}

export function registerWebhookRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { webhooks, store } = ctx;

	app.get('/keys', async () => webhooks.publicKeys);

	app.get('/subscriptions', async () => ({ subscriptions: webhooks.subscriptions }));
	app.post<{ Body: { url: string; events?: WebhookEventType[]; locationId?: string } }>(
		'/subscriptions',
		{
			schema: {
				body: {
					type: 'object',
					properties: { url: { type: 'string', minLength: 1 }, events: eventList, locationId: { type: 'string' } },
					required: ['url'],
					additionalProperties: false,
				},
			},
		},
		async (request, reply) => reply.code(201).send({ subscription: webhooks.subscribe(request.body) }),
	);
	app.delete<{ Params: { id: string } }>('/subscriptions/:id', async (request) => {
		if (!webhooks.unsubscribe(request.params.id)) throw notFound(`Subscription ${request.params.id} not found`);
		return { deleted: true };
	});

	app.get<{ Querystring: { type?: string } }>('/deliveries', async (request) => ({ deliveries: webhooks.deliveries(request.query.type) }));
	app.delete('/deliveries', async () => {
		const cleared = webhooks.deliveries().length;
		webhooks.clearDeliveries();
		return { cleared };
	});

	function subjectOf(body: SendBody): WebhookSubject {
		const contact = body.contactId ? store.getContact(body.contactId) : undefined;
		if (!contact) throw notFound(`Contact ${body.contactId ?? '(none)'} not found; give contactId, or a payload`);
		if (body.type.startsWith('Contact')) return contact;
		const record = body.type.startsWith('Note')
			? store.getNote(contact.id, body.recordId ?? '')
			: body.type.startsWith('Task')
				? store.getTask(contact.id, body.recordId ?? '')
				: store.listAppointments(contact.id).find((appointment) => appointment.id === body.recordId);
		if (!record) throw notFound(`No ${body.type.replace(/(Create|Update|Delete|Complete)$/, '').toLowerCase()} ${body.recordId ?? '(recordId missing)'} on contact ${contact.id}`);
		return record;
	}

	app.post<{ Body: SendBody }>(
		'/send',
		{
			schema: {
				body: {
					type: 'object',
					properties: { type: { type: 'string', minLength: 1 }, contactId: { type: 'string' }, recordId: { type: 'string' }, payload: { type: 'object' }, ...deliveryOptions },
					required: ['type'],
					additionalProperties: false,
				},
			},
		},
		async (request, reply) => {
			const { type, contactId: _contactId, recordId: _recordId, payload, ...options } = request.body;
			if (payload) return reply.code(201).send({ deliveries: webhooks.sendPayload(type, payload, options) });
			if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type)) throw badRequest(`Unknown event type ${type}; send a payload for other types`);
			return reply.code(201).send({ deliveries: webhooks.send(type as WebhookEventType, subjectOf(request.body), options) });
		},
	);

	app.post<{ Body: AutomationOptions & { contactId: string } }>(
		'/automation',
		{
			schema: {
				body: {
					type: 'object',
					properties: {
						contactId: { type: 'string' },
						url: { type: 'string' },
						tags: { type: 'string' },
						customData: { type: 'object' },
						workflow: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, required: ['id', 'name'] },
						secret: {
							type: 'object',
							properties: { header: { type: 'string' }, query: { type: 'string' }, value: { type: 'string' } },
							required: ['value'],
						},
						extra: { type: 'object' },
					},
					required: ['contactId'],
					additionalProperties: false,
				},
			},
		},
		async (request, reply) => {
			const { contactId, ...options } = request.body;
			const contact = store.getContact(contactId);
			if (!contact) throw notFound(`Contact ${contactId} not found`);
			return reply.code(201).send({ delivery: webhooks.sendAutomation(contact, options) });
		},
	);
}
