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
import {
	assertPreviousSecret,
	isAcceptedSecret,
	previousSecretProperties,
} from '../shared/secretRotation';
import {
	answerWithoutStarting,
	assertStrongSecret,
	isStrongSecret,
	nodeWithoutSecrets,
	rawBodyOf,
} from '../shared/webhook';
import { emailOf, normaliseEvent, type OchEvent } from './normalise';

// A repeated delivery (a sender's retry, or OCH reporting an enroll that was sent again after a
// lost answer) must not start the workflow twice; repeats inside this window are dropped.
const DUPLICATE_WINDOW = { max: 1000, ttlMs: 10 * 60_000 };
const WITH_KEY = { show: { authentication: ['secretKey'] } };

export class OnlineCourseHostTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OnlineCourseHost Trigger',
		name: 'onlineCourseHostTrigger',
		icon: { light: 'file:onlineCourseHost.svg', dark: 'file:onlineCourseHost.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description:
			// n8n's node creator shows the trigger's description for the merged OnlineCourseHost entry.
			'Enroll OnlineCourseHost students in courses, and start workflows on new student accounts, course enrollments and newsletter subscriptions',
		defaults: { name: 'OnlineCourseHost Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
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
					'Set-up: 1) Choose the event and set a Secret Key. 2) Activate the workflow. 3) Copy the Production URL above and add ?key= and the Secret Key to it, e.g. https://n8n.example.com/webhook/…/webhook?key=YOUR-SECRET-KEY. 4) In the integration settings of OnlineCourseHost (Zapier or Pabbly), paste that URL as the webhook of the same event. Use one trigger per event. OnlineCourseHost signs nothing, so the key in the URL is what keeps strangers out.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				required: true,
				options: [
					{
						name: 'Course Enrollment',
						value: 'courseEnrollment',
						description: 'A student was enrolled in a course (bought, free, or granted)',
					},
					{
						name: 'New Student Account',
						value: 'newStudentAccount',
						description: 'Someone created a student account in the school',
					},
					{
						name: 'Newsletter Subscription',
						value: 'newsletterSubscription',
						description: "Someone subscribed to the school's newsletter",
					},
				],
				default: 'courseEnrollment',
				description:
					'The OnlineCourseHost event whose webhook URL is this one. OCH sends every event to its own URL.',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Secret Key in URL',
						value: 'secretKey',
						description: 'Accept only requests whose URL carries ?key= and the Secret Key',
					},
					{
						name: 'None',
						value: 'none',
						description: 'Accept every request to the URL (not recommended)',
					},
				],
				default: 'secretKey',
			},
			{
				displayName: 'Secret Key',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				displayOptions: WITH_KEY,
				// No example value: one copied from here would be the same for every user.
				placeholder: 'at least 16 random letters and digits',
				hint: 'At least 16 random letters and digits (e.g. from a password generator). Add it to the URL you give OnlineCourseHost as ?key=… OnlineCourseHost cannot send headers, so the key is in the URL and appears in the access logs of proxies on the way: keep those logs private.',
				description:
					'Requests without this key, or with another one, are refused with 401 and start nothing',
			},
			...previousSecretProperties(
				'Secret Key',
				'The key the URLs in OnlineCourseHost carry until you have replaced them; leave empty outside a rotation. The key is in the URL, so it appears in the access logs of proxies on the way: rotate it if it may have leaked there.',
				WITH_KEY,
			),
			{
				displayName:
					'Without a key, anyone who learns the URL can start this workflow with made-up students',
				name: 'noAuthNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { authentication: ['none'] } },
			},
		],
	};

	webhookMethods = {
		default: {
			// Nothing is registered with OCH (the admin pastes the URL); activation only checks the key.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('authentication', 'secretKey') !== 'secretKey') return true;
				const secret = String(this.getNodeParameter('secret', '') ?? '');
				assertStrongSecret(nodeWithoutSecrets(this.getNode()), 'Secret Key', secret);
				assertPreviousSecret(this, 'Secret Key', secret);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (this.getNodeParameter('authentication', 'secretKey') === 'secretKey') {
			const expected = String(this.getNodeParameter('secret', '') ?? '');
			const sent = (this.getQueryData() as IDataObject).key;
			const given = typeof sent === 'string' ? sent : undefined;
			if (!isStrongSecret(expected) || !isAcceptedSecret(this, given, expected)) {
				return answerWithoutStarting(this, 401, 'Missing or wrong key');
			}
		}

		const body: unknown = this.getBodyData();
		const payload = (
			typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}
		) as IDataObject;
		if (emailOf(payload) === null) {
			return answerWithoutStarting(
				this,
				400,
				'Expected an OnlineCourseHost event: a JSON or form body with an email',
			);
		}

		const event = this.getNodeParameter('event') as OchEvent;
		const key = createHash('sha256')
			.update(event)
			.update('\n')
			.update(rawBodyOf(this))
			.digest('hex');
		if (rememberDelivery(this, key, DUPLICATE_WINDOW) !== 'new') {
			return answerWithoutStarting(this, 200, 'Duplicate delivery ignored');
		}

		return { workflowData: [[{ json: normaliseEvent(event, payload, new Date()) }]] };
	}
}
