import type { INodeProperties } from 'n8n-workflow';

import { previousSecretProperties } from '../shared/secretRotation';
import { eventOptions } from './events';

const marketplaceOnly = { show: { source: ['marketplaceApp'] } };
const automationOnly = { show: { source: ['automation'] } };
const withSecret = { show: { source: ['automation'], secretLocation: ['query', 'header'] } };

/** The trigger's parameters: where deliveries come from, how they are checked, what is emitted. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Marketplace App Webhooks',
				value: 'marketplaceApp',
				description:
					'Signed events HighLevel sends to a marketplace app (contacts, notes, tasks, appointments)',
			},
			{
				name: 'Automation Webhook Action',
				value: 'automation',
				description:
					'The "Webhook" action of a HighLevel workflow (unsigned, protected by a secret)',
			},
		],
		default: 'marketplaceApp',
	},
	{
		displayName:
			'HighLevel has no API to register a webhook for one location, so set it up once by hand. In the HighLevel developer marketplace open My Apps → your app → Advanced Settings → Webhooks, paste this node\'s Production URL (under "Webhook URLs" above) as the webhook URL, switch on the events chosen below and save. The app must be installed in the sub-account with the scopes of those events (contacts.readonly for contact, note and task events; calendars/events.readonly for appointments).',
		name: 'marketplaceSetup',
		type: 'notice',
		default: '',
		displayOptions: marketplaceOnly,
	},
	{
		displayName: 'App ID',
		name: 'appId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 6578278e879ad2646715ba9c',
		description:
			"The ID of the marketplace app that sends these webhooks. HighLevel signs every app's deliveries with the same key, so deliveries of other apps are refused (403).",
		hint: 'In the HighLevel developer marketplace (marketplace.gohighlevel.com) open My Apps → your app: the App ID is shown below the app name and is the ID in the page address (not the Client ID).',
		displayOptions: marketplaceOnly,
	},
	{
		displayName:
			'Set up the workflow in HighLevel by hand: in the sub-account open Automation → Workflows, open (or create) the workflow, add the action "Custom Webhook" (or "Webhook"), method POST, and paste this node\'s Production URL (under "Webhook URLs" above). With a header (recommended), add the header with the secret in the Custom Webhook action; with a query parameter, add it to the URL, e.g. …?secret=YOUR_SECRET (it then appears in the access logs of every proxy on the way). Save and publish the HighLevel workflow, then activate this one.',
		name: 'automationSetup',
		type: 'notice',
		default: '',
		displayOptions: automationOnly,
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: eventOptions,
		default: ['ContactCreate'],
		required: true,
		description:
			'The events that start the workflow. Others are answered with 200 and ignored, so switching an event on in HighLevel but not here does no harm.',
		displayOptions: marketplaceOnly,
	},
	{
		displayName: 'Only With Tags',
		name: 'tagFilter',
		type: 'string',
		default: '',
		placeholder: 'e.g. enrolled, vip',
		description:
			'Comma-separated. A "Contact Tags Changed" event starts the workflow only when the contact has at least one of these tags (not case-sensitive). Leave empty for every tag change.',
		hint: "HighLevel sends the contact's full tag list after the change, not the tag that was added or removed.",
		displayOptions: { show: { source: ['marketplaceApp'], events: ['ContactTagUpdate'] } },
	},
	{
		displayName: 'Verify Signature',
		name: 'verifySignature',
		type: 'boolean',
		default: true,
		description:
			"Whether to check HighLevel's signature on every delivery (X-GHL-Signature, else the legacy X-WH-Signature). Unsigned or wrongly signed deliveries are answered with 401 and start nothing. Turn off only for tests.",
		displayOptions: marketplaceOnly,
	},
	{
		displayName: 'Secret Location',
		name: 'secretLocation',
		type: 'options',
		options: [
			{
				name: 'Query Parameter',
				value: 'query',
				description:
					'Works with the plain "Webhook" action: the secret goes into the URL, and so into the access logs of proxies and load balancers on the way',
			},
			{
				name: 'Header (Recommended)',
				value: 'header',
				description:
					'For the "Custom Webhook" action, which can send headers; headers stay out of access logs',
			},
			{
				name: 'None (Not Recommended)',
				value: 'none',
				description: 'Anyone who learns the URL can start the workflow',
			},
		],
		default: 'query',
		displayOptions: automationOnly,
	},
	{
		displayName: 'Query Parameter Name',
		name: 'queryParameterName',
		type: 'string',
		default: 'secret',
		required: true,
		displayOptions: { show: { source: ['automation'], secretLocation: ['query'] } },
	},
	{
		displayName: 'Header Name',
		name: 'headerName',
		type: 'string',
		default: 'X-Webhook-Secret',
		required: true,
		displayOptions: { show: { source: ['automation'], secretLocation: ['header'] } },
	},
	{
		displayName: 'Secret',
		name: 'secret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description:
			'A long random value that HighLevel sends with every call. Calls without it, or with another value, are answered with 401.',
		hint: 'At least 16 random letters and digits (- _ . ~ allowed); the same value goes into the HighLevel action. Prefer a header: a secret in the URL appears in proxy access logs.',
		displayOptions: withSecret,
	},
	...previousSecretProperties(
		'Secret',
		'The value the HighLevel action sent until now, in the same header or query parameter; leave empty outside a rotation. A secret in the URL appears in proxy access logs, so rotate it if it may have leaked there.',
		withSecret,
	),
	{
		displayName: 'Fetch Full Contact',
		name: 'fetchFullContact',
		type: 'boolean',
		default: false,
		description:
			'Whether to read the contact (GET /contacts/{ID}) before the workflow starts, for fields the delivery lacks. Needs a GHL credential. Not done for "Contact Deleted".',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'Private Integration Token', value: 'privateIntegrationToken' },
			{ name: 'OAuth2 (Marketplace App)', value: 'oAuth2' },
		],
		default: 'privateIntegrationToken',
		displayOptions: { show: { fetchFullContact: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Ed25519 Public Key',
				name: 'ed25519PublicKey',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: '-----BEGIN PUBLIC KEY-----',
				description:
					"Replaces HighLevel's built-in key for X-GHL-Signature, e.g. for a white-label platform or a test sandbox. PEM format.",
				displayOptions: { show: { '/source': ['marketplaceApp'] } },
			},
			{
				displayName: 'Location IDs',
				name: 'locationIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. ve9EPM428h8vShlRW1KT, 0007BWpSzSwfiuSl0tR2',
				description:
					'Comma-separated. Only deliveries about these sub-accounts, or the location of the credential Fetch Full Contact uses, start the workflow; others are answered with 200 and ignored.',
				hint: 'With neither Location IDs nor a Fetch Full Contact credential, every location is accepted (for marketplace webhooks: every location the app is installed in).',
			},
			{
				displayName: 'Refuse Legacy RSA Signatures',
				name: 'refuseLegacyRsa',
				type: 'boolean',
				default: false,
				description:
					"Whether to refuse (401) deliveries signed only with X-WH-Signature, HighLevel's legacy RSA scheme that it announced retiring. Turn on once your app's deliveries carry X-GHL-Signature.",
				displayOptions: { show: { '/source': ['marketplaceApp'] } },
			},
			{
				displayName: 'Replay Window (Seconds)',
				name: 'replayWindowSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 300,
				description:
					'Deliveries whose timestamp is further than this from now are answered with 401 and start nothing, so a captured delivery cannot be replayed later. 0 turns the check off.',
				displayOptions: { show: { '/source': ['marketplaceApp'] } },
			},
			{
				displayName: 'RSA Public Key',
				name: 'rsaPublicKey',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: '-----BEGIN PUBLIC KEY-----',
				description:
					"Replaces HighLevel's built-in key for X-WH-Signature (the legacy RSA signature). PEM format.",
				displayOptions: { show: { '/source': ['marketplaceApp'] } },
			},
		],
	},
];
