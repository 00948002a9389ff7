// The production addresses every credential defaults to, and where a node's request goes when the
// user leaves API Base URL as it is. Nothing is sent: n8n's outbound HTTP client (the one its
// request helpers end in) is replaced for this file by one that records the request and answers.
import { OutboundHttp } from '@n8n/backend-network';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { credentialTypeNamed } from './harness/credentialTypes';
import { nodeTypes, PACKAGE, runWorkflow, singleNodeWorkflow, TestCredentialsHelper } from './harness/engine';

const GHL = 'https://services.leadconnectorhq.com';
const SKILLJAR = 'https://api.skilljar.com';
const OCH = 'https://api.onlinecoursehost.com';

const sent: string[] = [];
/** A plausible answer per endpoint, so each node run completes. */
function answer(url: string): unknown {
	if (url.endsWith('/v2/auth/token')) return { access_token: 'a.b.c', expires_in: 900, token_type: 'Bearer' };
	if (url.includes('/contacts/')) return { contact: { id: 'c1', locationId: 'loc1' } };
	if (url.includes('/v2/')) return { data: [], links: { next: null } };
	if (url.includes('/v1/')) return { count: 0, next: null, previous: null, results: [] };
	return []; // OCH's course list is a bare array
}

beforeAll(() => {
	jest.spyOn(OutboundHttp.prototype, 'requests').mockImplementation(() => {
		const request = async (options: IHttpRequestOptions) => {
			const url = new URL(options.url, options.baseURL);
			sent.push(`${url.origin}${url.pathname}`);
			const body = answer(url.toString());
			return options.returnFullResponse ? { statusCode: 200, headers: {}, body } : body;
		};
		return { request, requestLegacy: request } as unknown as ReturnType<OutboundHttp['requests']>;
	});
});
afterAll(() => jest.restoreAllMocks());
beforeEach(() => (sent.length = 0));

const defaultOf = (type: string, property: string) =>
	credentialTypeNamed(type).properties.find((candidate) => candidate.name === property)?.default;

test('each credential type defaults to its production base URL', () => {
	expect(defaultOf('ghlPrivateIntegrationApi', 'baseUrl')).toBe(GHL);
	expect(defaultOf('ghlOAuth2Api', 'baseUrl')).toBe(GHL);
	expect(defaultOf('ghlOAuth2Api', 'accessTokenUrl')).toBe(`${GHL}/oauth/token`);
	expect(defaultOf('skilljarApi', 'baseUrl')).toBe(SKILLJAR);
	expect(defaultOf('skilljarOAuth2Api', 'baseUrl')).toBe(SKILLJAR);
	expect(defaultOf('onlineCourseHostApi', 'baseUrl')).toBe(OCH);
});

/** Runs one node with a credential stored without baseUrl, as a user who left the default. */
async function runWithDefaults(
	type: string,
	credentialType: string,
	data: ICredentialDataDecryptedObject,
	parameters: Record<string, unknown>,
) {
	const credentials = new TestCredentialsHelper(nodeTypes);
	credentials.add({ id: 'c', name: 'defaults', type: credentialType, data });
	const result = await runWorkflow(
		singleNodeWorkflow({
			type: `${PACKAGE}.${type}`,
			name: 'Node',
			parameters: parameters as never,
			credentials: { [credentialType]: { id: 'c', name: 'defaults' } },
		}),
		credentials,
	);
	expect(result.error('Node')).toBeUndefined();
	return sent.slice();
}

test('with the defaults, each node sends to the production host', async () => {
	expect(
		await runWithDefaults('ghlContacts', 'ghlPrivateIntegrationApi', { token: 'pit-x', locationId: 'loc1' }, {
			authentication: 'privateIntegrationToken',
			resource: 'contact',
			operation: 'get',
			contactId: { __rl: true, mode: 'id', value: 'c1' },
		}),
	).toEqual([`${GHL}/contacts/c1`]);

	sent.length = 0;
	expect(
		await runWithDefaults('skilljar', 'skilljarApi', { apiKey: 'sk-x', domain: 'academy.example.com' }, {
			authentication: 'apiKey',
			resource: 'group',
			operation: 'getMany',
			returnAll: true,
		}),
	).toEqual([`${SKILLJAR}/v1/groups`]);

	sent.length = 0;
	expect(
		await runWithDefaults('skilljar', 'skilljarOAuth2Api', { clientId: 'cl_x', clientSecret: 's' }, {
			authentication: 'oAuth2',
			resource: 'group',
			operation: 'getMany',
			returnAll: true,
		}),
	).toEqual([`${SKILLJAR}/v2/auth/token`, `${SKILLJAR}/v2/groups/`]);

	sent.length = 0;
	expect(
		await runWithDefaults('onlineCourseHost', 'onlineCourseHostApi', { token: 'och-x' }, {
			resource: 'course',
			operation: 'getMany',
		}),
	).toEqual([`${OCH}/api/pabbly-tenant-courses`]);
});
