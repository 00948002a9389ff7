import { createHash } from 'crypto';
import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { rememberDelivery } from '../shared/deliveryMemory';
import { answerWithoutStarting, generateSecret, rawBodyOf, safeEqual } from '../shared/webhook';
import { getConnection, skilljarRequest, unlessNotFound, v1List } from '../Skilljar/transport';
import { normaliseEvent } from './normalise';

const EVENTS = [
	{
		name: 'Course Completion',
		value: 'COURSE_COMPLETION',
		description: 'A learner completed a course',
	},
	{
		name: 'Course Enrollment',
		value: 'COURSE_ENROLLMENT',
		description: 'A learner was enrolled in a course',
	},
	{
		name: 'Domain Enrollment',
		value: 'DOMAIN_ENROLLMENT',
		description: 'A learner joined a training domain',
	},
	{
		name: 'Lesson Completion',
		value: 'LESSON_COMPLETION',
		description: 'A learner completed a lesson',
	},
	{
		name: 'Path Completion',
		value: 'PATH_COMPLETION',
		description: 'A learner completed a learning path',
	},
	{
		name: 'Path Enrollment',
		value: 'PATH_ENROLLMENT',
		description: 'A learner was enrolled in a learning path',
	},
	{
		name: 'Purchase Fulfillment',
		value: 'PURCHASE_FULFILLMENT',
		description: 'A purchase was fulfilled',
	},
	{ name: 'Quiz Completion', value: 'QUIZ_COMPLETION', description: 'A learner completed a quiz' },
];

// Skilljar signs nothing and offers no delivery id; identical bodies within a day are repeats.
const DELIVERY_MEMORY = { max: 1_000, ttlMs: 24 * 60 * 60 * 1_000 };

interface HookState extends IDataObject {
	webhookId?: string;
	authUser?: string;
	/** SHA-256 of the basic-auth password: the password itself is not kept in the workflow. */
	authHash?: string;
	eventType?: string | null;
}

interface Webhook {
	id: string;
	target_url: string;
	active?: boolean;
	event_type?: string | null;
	basic_auth_username?: string;
}

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** One event type when one is chosen; several (or all) mean every event, filtered on arrival. */
function registeredEventType(ctx: IHookFunctions): string | null {
	const events = ctx.getNodeParameter('events', []) as string[];
	return events.length === 1 ? events[0] : null;
}

export class SkilljarTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Skilljar Trigger',
		name: 'skilljarTrigger',
		icon: { light: 'file:skilljar.svg', dark: 'file:skilljar.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description:
			// n8n's node creator shows the trigger's description for the merged Skilljar entry.
			'Manage Skilljar learners, enrollments and groups, and start workflows on enrollments, completions and other learner events',
		defaults: { name: 'Skilljar Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'skilljarApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Uses the Skilljar API (API key) credential: webhooks exist in API v1 only. The key needs write access to register the webhook.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENTS,
				default: ['COURSE_COMPLETION'],
				required: true,
				description: 'The events that start the workflow',
			},
		],
	};

	webhookMethods = {
		default: {
			/** Whether the hook registered on the last activation still exists, matches, and is active. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as HookState;
				if (!state.webhookId || !state.authHash) return false;
				const conn = await getConnection(this, 'skilljarApi');
				const hook = await unlessNotFound(
					skilljarRequest<Webhook>(this, conn, {
						method: 'GET',
						path: '/v1/webhooks/{id}',
						pathParams: { id: { label: 'Webhook', value: state.webhookId } },
					}),
				);
				if (!hook) {
					// Deleted in Skilljar: create() registers a new one.
					clearState(state);
					return false;
				}
				const current =
					hook.target_url === this.getNodeWebhookUrl('default') &&
					hook.active !== false &&
					(hook.event_type ?? null) === registeredEventType(this) &&
					hook.basic_auth_username === state.authUser;
				// A hook Skilljar deactivated, or one for other events, is replaced by create().
				return current;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as HookState;
				const conn = await getConnection(this, 'skilljarApi');
				const targetUrl = this.getNodeWebhookUrl('default') as string;
				// Hooks an earlier activation left at this URL have credentials n8n no longer knows.
				const hooks = await v1List<Webhook>(this, conn, { path: '/v1/webhooks' });
				for (const hook of hooks.filter((candidate) => candidate.target_url === targetUrl)) {
					await deleteHook(this, hook.id);
				}
				const username = `n8n-${generateSecret(9)}`;
				const password = generateSecret(24);
				const eventType = registeredEventType(this);
				const hook = await skilljarRequest<Webhook>(this, conn, {
					method: 'POST',
					path: '/v1/webhooks',
					body: {
						target_url: targetUrl,
						active: true,
						event_type: eventType,
						basic_auth_username: username,
						basic_auth_password: password,
					},
				});
				state.webhookId = hook.id;
				state.authUser = username;
				state.authHash = sha256(password);
				state.eventType = eventType;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as HookState;
				if (state.webhookId) await deleteHook(this, state.webhookId);
				clearState(state);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node') as HookState;
		const request = this.getRequestObject();
		const header = String(request.headers.authorization ?? '');
		const decoded = /^basic\s+/i.test(header)
			? Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8')
			: '';
		const colon = decoded.indexOf(':');
		const username = colon >= 0 ? decoded.slice(0, colon) : '';
		const password = colon >= 0 ? decoded.slice(colon + 1) : '';
		// Both halves are compared every time, so timing does not tell which one was wrong.
		const userOk = safeEqual(username, state.authUser ?? '');
		const passwordOk = safeEqual(sha256(password), state.authHash ?? '');
		if (!state.authHash || !state.authUser || !userOk || !passwordOk) {
			this.getResponseObject().setHeader('WWW-Authenticate', 'Basic realm="n8n"');
			return answerWithoutStarting(this, 401, 'Unauthorized');
		}

		// From here on the sender is Skilljar: never answer 4xx, or Skilljar deactivates the hook.
		// n8n leaves the body undefined for content types it does not parse, and JSON may be null.
		const received: unknown = this.getBodyData();
		const body = (
			typeof received === 'object' && received !== null && !Array.isArray(received) ? received : {}
		) as IDataObject;
		const eventType = typeof body.event_type === 'string' ? body.event_type : '';
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(eventType)) {
			return answerWithoutStarting(
				this,
				200,
				`Received; ${eventType || 'this event'} does not start this workflow`,
			);
		}
		const key = createHash('sha256').update(rawBodyOf(this)).digest('hex');
		if (rememberDelivery(this, key, DELIVERY_MEMORY) !== 'new') {
			return answerWithoutStarting(this, 200, 'Received before; ignored as a repeat');
		}
		return { workflowData: [[{ json: normaliseEvent(body, new Date()) }]] };
	}
}

function clearState(state: HookState): void {
	delete state.webhookId;
	delete state.authUser;
	delete state.authHash;
	delete state.eventType;
}

async function deleteHook(ctx: IHookFunctions, id: string): Promise<void> {
	const conn = await getConnection(ctx, 'skilljarApi');
	// Gone already (deleted in Skilljar, 404): the outcome wanted.
	await unlessNotFound(
		skilljarRequest(ctx, conn, {
			method: 'DELETE',
			path: '/v1/webhooks/{id}',
			pathParams: { id: { label: 'Webhook', value: id } },
		}),
	);
}
