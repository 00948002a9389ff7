import type { ICredentialDataDecryptedObject, NodeParameterValueType } from 'n8n-workflow';

import { nodeTypes, PACKAGE, runWorkflow, singleNodeWorkflow, TestCredentialsHelper } from '../harness/engine';
import { startRecordingServer, type RecordingServer } from '../harness/recordingServer';

const SECRETS = {
	pit: 'pit-redirect-secret-0001',
	oauth: 'oauth-redirect-secret-0002',
	skilljar: 'skilljar-redirect-secret-0003',
	och: 'och-redirect-secret-0004',
};

interface Case {
	name: string;
	type: string;
	nodeName: string;
	credentialType: string;
	data: (baseUrl: string) => ICredentialDataDecryptedObject;
	parameters: Record<string, NodeParameterValueType>;
	service: string;
	secret: string;
}

const cases: Case[] = [
	{
		name: 'GHL with a Private Integration token',
		type: `${PACKAGE}.ghlContacts`,
		nodeName: 'GHL Contacts',
		credentialType: 'ghlPrivateIntegrationApi',
		data: (baseUrl) => ({ token: SECRETS.pit, locationId: 'RedirectLocation00001', baseUrl }),
		parameters: { authentication: 'privateIntegrationToken', resource: 'contact', operation: 'get', contactId: 'contact1' },
		service: 'HighLevel',
		secret: SECRETS.pit,
	},
	{
		name: 'GHL with OAuth2',
		type: `${PACKAGE}.ghlContacts`,
		nodeName: 'GHL Contacts',
		credentialType: 'ghlOAuth2Api',
		data: (baseUrl) => ({
			clientId: 'client-1',
			clientSecret: 'client-secret-1',
			accessTokenUrl: `${baseUrl}/oauth/token`,
			baseUrl,
			oauthTokenData: {
				access_token: SECRETS.oauth,
				refresh_token: 'refresh-1',
				token_type: 'Bearer',
				expires_in: 86_400,
				locationId: 'RedirectLocation00001',
			},
		}),
		parameters: { authentication: 'oAuth2', resource: 'contact', operation: 'get', contactId: 'contact1' },
		service: 'HighLevel',
		secret: SECRETS.oauth,
	},
	{
		name: 'Skilljar with an API key',
		type: `${PACKAGE}.skilljar`,
		nodeName: 'Skilljar',
		credentialType: 'skilljarApi',
		data: (baseUrl) => ({ apiKey: SECRETS.skilljar, domain: 'academy.example.com', baseUrl }),
		parameters: { authentication: 'apiKey', resource: 'course', operation: 'getMany', returnAll: true },
		service: 'Skilljar',
		secret: SECRETS.skilljar,
	},
	{
		name: 'OnlineCourseHost with its integration token',
		type: `${PACKAGE}.onlineCourseHost`,
		nodeName: 'OnlineCourseHost',
		credentialType: 'onlineCourseHostApi',
		data: (baseUrl) => ({ token: SECRETS.och, baseUrl }),
		parameters: { resource: 'course', operation: 'getMany' },
		service: 'OnlineCourseHost',
		secret: SECRETS.och,
	},
];

describe('no request follows a redirect: credentials never reach another origin', () => {
	let elsewhere: RecordingServer;

	beforeAll(async () => {
		elsewhere = await startRecordingServer((response) => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{}');
		});
	});
	afterAll(async () => await elsewhere.close());

	describe.each([307, 302])('answered %i to another origin', (status) => {
		test.each(cases)('$name: the run fails naming the redirect, and the other origin receives nothing', async (subject) => {
			const redirector = await startRecordingServer((response) => {
				response.writeHead(status, { location: `${elsewhere.url}/landing?session=abc123` });
				response.end();
			});
			try {
				elsewhere.received.length = 0;
				const credentials = new TestCredentialsHelper(nodeTypes);
				credentials.add({ id: 'cred', name: 'cred', type: subject.credentialType, data: subject.data(redirector.url) });
				const result = await runWorkflow(
					singleNodeWorkflow({
						type: subject.type,
						name: subject.nodeName,
						parameters: subject.parameters,
						credentials: { [subject.credentialType]: { id: 'cred', name: 'cred' } },
					}),
					credentials,
				);

				// The API host did get the request, with its credential: the redirect is what is refused.
				expect(redirector.received).toHaveLength(1);
				expect(JSON.stringify(redirector.received[0].headers)).toContain(
					subject.credentialType === 'skilljarApi' ? 'Basic ' : subject.secret,
				);
				expect(elsewhere.received).toEqual([]);

				const error = result.error(subject.nodeName);
				expect(error?.message).toBe(`${subject.service} answered ${status}: a redirect to ${elsewhere.url}`);
				expect(error?.description).toContain('the API does not redirect; check the API base URL in the credential');
				expect(JSON.stringify(error)).not.toContain('session=abc123');
				expect(JSON.stringify(error)).not.toContain(subject.secret);
			} finally {
				await redirector.close();
			}
		});
	});
});
