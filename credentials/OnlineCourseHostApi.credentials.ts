import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * OnlineCourseHost's integration token: the only way in, as OCH offers no OAuth2 and no general
 * REST API. The token is the one OCH shows its Zapier and Pabbly integrations.
 */
export class OnlineCourseHostApi implements ICredentialType {
	name = 'onlineCourseHostApi';

	displayName = 'OnlineCourseHost API';

	icon: Icon = {
		light: 'file:../nodes/OnlineCourseHost/onlineCourseHost.svg',
		dark: 'file:../nodes/OnlineCourseHost/onlineCourseHost.dark.svg',
	};

	documentationUrl = 'https://help.onlinecoursehost.com/article/78-enroll-student-api';

	properties: INodeProperties[] = [
		{
			displayName:
				'OnlineCourseHost has no OAuth2: it authorises integrations with a token. As school admin, open Admin → Settings → Zapier Integrations (or Pabbly Integrations), click Activate, and copy the integration token shown there.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Integration Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The token from Admin → Settings → Zapier Integrations (or Pabbly Integrations) → Activate. Sent as the X-Integration-Token header.',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.onlinecoursehost.com',
			description:
				'Change it only for a test stand-in or if OnlineCourseHost gives you another host',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'X-Integration-Token': '={{$credentials.token}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// n8n would send the credential on to wherever a redirect points; the API never redirects.
			disableFollowRedirect: true,
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/pabbly-tenant-courses',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'error',
					message:
						'OnlineCourseHost refused the token. Activate the integration again and copy the new token.',
				},
			},
		],
	};
}
