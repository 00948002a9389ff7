import { Workflow, type ICredentialDataDecryptedObject, type IDataObject } from 'n8n-workflow';

import { GhlPrivateIntegrationApi } from '../../credentials/GhlPrivateIntegrationApi.credentials';
import { nodeTypes } from '../harness/engine';
import { startGhlTestBed, type GhlTestBed } from '../harness/ghl';

const resolver = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });

/** Resolves `={{ $credentials… }}` values as n8n does for declarative credential tests. */
function resolve(value: unknown, credentials: ICredentialDataDecryptedObject): string {
	if (typeof value !== 'string' || !value.startsWith('=')) return String(value);
	const node = { id: 'x', name: 'x', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	return String(resolver.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, ''));
}

async function runCredentialTest(credentials: ICredentialDataDecryptedObject): Promise<Response> {
	const type = new GhlPrivateIntegrationApi();
	const { request } = type.test;
	const url = new URL(`${resolve(request.baseURL, credentials)}${request.url}`);
	for (const [key, value] of Object.entries((request.qs ?? {}) as IDataObject)) {
		url.searchParams.set(key, resolve(value, credentials));
	}
	const auth = type.authenticate.properties.headers as Record<string, string>;
	const headers: Record<string, string> = { ...(request.headers as Record<string, string>) };
	for (const [key, value] of Object.entries(auth)) headers[key] = resolve(value, credentials);
	return await fetch(url, { headers });
}

describe('GHL Private Integration Token credential test', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed();
	});
	afterAll(async () => await bed.close());

	test('passes with a valid token and its location (base URL with a trailing slash too)', async () => {
		const response = await runCredentialTest({ token: bed.pit, locationId: bed.locationId, baseUrl: `${bed.sandbox.url}/` });
		expect(response.status).toBe(200);
		const [received] = bed.sandbox.requests.slice(-1);
		expect(received).toMatchObject({ method: 'GET', path: '/contacts/', query: { locationId: bed.locationId, limit: '1' } });
		expect(received.headers.version).toBe('2021-07-28');
	});

	test('fails with a wrong token or a location the token does not belong to', async () => {
		expect((await runCredentialTest({ token: 'pit-wrong', locationId: bed.locationId, baseUrl: bed.sandbox.url })).status).toBe(401);
		expect((await runCredentialTest({ token: bed.pit, locationId: 'OtherLocation0000001', baseUrl: bed.sandbox.url })).status).toBe(403);
	});
});
