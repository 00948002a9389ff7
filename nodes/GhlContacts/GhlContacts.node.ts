import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { nodeProperties } from './actions/nodeProperties';
import {
	searchCampaigns,
	searchContacts,
	searchUsers,
	searchWorkflows,
} from './methods/listSearch';
import { getCustomFields, getUsers } from './methods/loadOptions';

export class GhlContacts implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GHL Contacts',
		name: 'ghlContacts',
		icon: { light: 'file:ghl.svg', dark: 'file:ghl.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Read and change HighLevel (GHL / LeadConnector) contacts, their tasks, notes, tags, appointments, workflows, campaigns and followers',
		defaults: { name: 'GHL Contacts' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
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
		properties: nodeProperties,
	};

	methods = {
		listSearch: { searchCampaigns, searchContacts, searchUsers, searchWorkflows },
		loadOptions: { getCustomFields, getUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
