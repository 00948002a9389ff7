import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { locationIdField, simplifyField } from '../GhlContacts/descriptions/common';
import { pollContacts } from './poll';

export class GhlPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GHL Polling Trigger',
		name: 'ghlPollingTrigger',
		icon: { light: 'file:ghl.svg', dark: 'file:ghl.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["triggerOn"] === "contactCreated" ? "New contact" : "New or updated contact" }}',
		description:
			'Starts the workflow when HighLevel (GHL / LeadConnector) contacts are created or changed, by polling: use it instead of the GHL Contacts Trigger when HighLevel cannot send webhooks to n8n (no marketplace app, no automation Webhook action)',
		defaults: { name: 'GHL Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'ghlPrivateIntegrationApi',
				required: true,
				displayOptions: { show: { authentication: ['privateIntegrationToken'] } },
			},
			{
				name: 'ghlOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Private Integration Token', value: 'privateIntegrationToken' },
					{ name: 'OAuth2 (Marketplace App)', value: 'oAuth2' },
				],
				default: 'privateIntegrationToken',
			},
			{
				displayName: 'Trigger On',
				name: 'triggerOn',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New Contact',
						value: 'contactCreated',
						description: 'A contact was created since the last poll',
					},
					{
						name: 'New or Updated Contact',
						value: 'contactChanged',
						description:
							'A contact was created or changed since the last poll; a contact changed twice between polls is emitted once, as it is now',
					},
				],
				default: 'contactChanged',
			},
			locationIdField,
			simplifyField,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Backfill From',
						name: 'backfillFrom',
						type: 'dateTime',
						default: '',
						description:
							'On the first poll after activation, also emit contacts created or changed since this date. Without it the trigger starts at activation and emits nothing older.',
					},
					{
						displayName: 'Search Lag Allowance (Seconds)',
						name: 'searchLagSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 120,
						description:
							"HighLevel's search shows changes a few seconds late, so each poll looks this far back again and skips what it already emitted. Raise it if changes are missed.",
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const items = await pollContacts(this);
		return items ? [this.helpers.returnJsonArray(items)] : null;
	}
}
