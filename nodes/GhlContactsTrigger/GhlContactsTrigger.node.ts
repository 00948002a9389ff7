import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { assertReadyToReceive } from './activation';
import { receiveAutomationCall } from './automation';
import { triggerProperties } from './description';
import { receiveMarketplaceEvent } from './marketplace';

export class GhlContactsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GHL Contacts Trigger',
		name: 'ghlContactsTrigger',
		icon: { light: 'file:ghl.svg', dark: 'file:ghl.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["source"] === "automation" ? "Automation webhook" : $parameter["events"].join(", ") }}',
		description:
			// n8n's node creator shows the trigger's description for the merged GHL Contacts entry.
			"Manage HighLevel (GHL / LeadConnector) contacts, tasks, notes, tags and appointments, and start workflows on contact, note, task and appointment events or an automation's Webhook action",
		defaults: { name: 'GHL Contacts Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'ghlPrivateIntegrationApi',
				required: true,
				displayOptions: {
					show: { fetchFullContact: [true], authentication: ['privateIntegrationToken'] },
				},
			},
			{
				name: 'ghlOAuth2Api',
				required: true,
				displayOptions: { show: { fetchFullContact: [true], authentication: ['oAuth2'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'ghl',
			},
		],
		properties: triggerProperties,
	};

	// The URL is set up by hand in HighLevel (no API registers one for a location), so the lifecycle
	// has nothing to register or remove; activation checks the set-up instead.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// Nothing in HighLevel can be looked up; "not there" makes n8n run create(), the check.
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				assertReadyToReceive(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// The URL stays in HighLevel until the user removes it there; nothing to undo here.
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const source = this.getNodeParameter('source', 'marketplaceApp') as string;
		return source === 'automation'
			? await receiveAutomationCall(this)
			: await receiveMarketplaceEvent(this);
	}
}
