import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * Skilljar API v1: an organisation API key sent as the HTTP Basic username with an empty password
 * (Skilljar rejects a key sent as a bearer token or as the password).
 */
export class SkilljarApi implements ICredentialType {
	name = 'skilljarApi';

	displayName = 'Skilljar API';

	icon: Icon = {
		light: 'file:../nodes/Skilljar/skilljar.svg',
		dark: 'file:../nodes/Skilljar/skilljar.dark.svg',
	};

	documentationUrl =
		'https://support.gainsight.com/Skilljar/Develop_and_Customize/API/Getting_started_with_the_Skilljar_API';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Create it in the Skilljar dashboard under Organization Settings → API Credentials. A read-only key can only read; Create, Update, Enroll and the trigger need a key with write access.',
		},
		{
			displayName: 'Training Domain',
			name: 'domain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'academy.example.com',
			description:
				'The host name of the training site learners use, without https:// (Dashboard → Domains). Learners, enrollments and profile fields belong to a domain.',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.skilljar.com',
			description: 'Change it only for a test stand-in',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.apiKey}}', password: '' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// n8n would send the credential on to wherever a redirect points; the API never redirects.
			disableFollowRedirect: true,
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/ping',
		},
	};
}
