import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/** A sub-account Private Integration token: a static bearer token bound to one location. */
export class GhlPrivateIntegrationApi implements ICredentialType {
	name = 'ghlPrivateIntegrationApi';

	displayName = 'GHL Private Integration Token API';

	icon: Icon = {
		light: 'file:../nodes/GhlContacts/ghl.svg',
		dark: 'file:../nodes/GhlContacts/ghl.dark.svg',
	};

	documentationUrl =
		'https://help.gohighlevel.com/support/solutions/articles/155000003054-private-integrations';

	properties: INodeProperties[] = [
		{
			displayName: 'Private Integration Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'pit-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
			description:
				'Create it in the sub-account under Settings → Private Integrations with the contacts scopes you need. HighLevel recommends rotating it every 90 days.',
			hint: 'Scopes: contacts.readonly to read, contacts.write to change contacts. For the pickers also workflows.readonly, campaigns.readonly, users.readonly and locations/customFields.readonly.',
		},
		{
			displayName: 'Location ID',
			name: 'locationId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 've9EPM428h8vShlRW1KT',
			description:
				'The sub-account the token belongs to (Settings → Business Profile, or the URL after /location/)',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://services.leadconnectorhq.com',
			description: 'The same for white-label accounts; change it only for a test stand-in',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.token}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// n8n would send the credential on to wherever a redirect points; the API never redirects.
			disableFollowRedirect: true,
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/contacts/',
			qs: { locationId: '={{$credentials.locationId}}', limit: 1 },
			headers: { Version: '2021-07-28', Accept: 'application/json' },
		},
	};
}
