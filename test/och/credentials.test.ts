import { Workflow, type ICredentialDataDecryptedObject } from 'n8n-workflow';

import { OnlineCourseHostApi } from '../../credentials/OnlineCourseHostApi.credentials';
import { nodeTypes } from '../harness/engine';
import { startOchTestBed, type OchTestBed } from '../harness/och';

const resolver = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });

function resolve(value: unknown, credentials: ICredentialDataDecryptedObject): string {
	if (typeof value !== 'string' || !value.startsWith('=')) return String(value);
	const node = {
		id: 'x',
		name: 'x',
		type: 'x',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
	};
	return String(
		resolver.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		),
	);
}

/** The credential's test request, authenticated by its generic block, as n8n sends it. */
async function runCredentialTest(credentials: ICredentialDataDecryptedObject): Promise<Response> {
	const type = new OnlineCourseHostApi();
	const { request } = type.test;
	const url = `${resolve(request.baseURL, credentials)}${request.url}`;
	const headers: Record<string, string> = { ...(request.headers as Record<string, string>) };
	for (const [key, value] of Object.entries(
		type.authenticate.properties.headers as Record<string, string>,
	)) {
		headers[key] = resolve(value, credentials);
	}
	return await fetch(url, { headers });
}

describe('OnlineCourseHost API credential', () => {
	let bed: OchTestBed;

	beforeAll(async () => {
		bed = await startOchTestBed();
	});
	afterAll(async () => await bed.close());

	test('its test lists the courses with the token in X-Integration-Token (base URL with a trailing slash too)', async () => {
		const response = await runCredentialTest({ token: bed.token, baseUrl: `${bed.sandbox.url}/` });
		expect(response.status).toBe(200);
		expect(Array.isArray(await response.json())).toBe(true);
		const [received] = bed.sandbox.requests.slice(-1);
		expect(received).toMatchObject({ method: 'GET', path: '/api/pabbly-tenant-courses' });
		expect(received.headers['x-integration-token']).toBe(bed.token);
	});

	test('its test fails with a wrong token', async () => {
		expect((await runCredentialTest({ token: 'wrong', baseUrl: bed.sandbox.url })).status).toBe(
			401,
		);
	});

	test('it says where the token comes from and that there is no OAuth2', () => {
		const type = new OnlineCourseHostApi();
		const text = type.properties
			.map((property) => `${property.displayName} ${property.description ?? ''}`)
			.join(' ');
		expect(text).toMatch(/Admin → Settings → Zapier Integrations \(or Pabbly Integrations\)/);
		expect(text).toMatch(/no OAuth2/);
		expect(type.properties.find((property) => property.name === 'baseUrl')?.default).toBe(
			'https://api.onlinecoursehost.com',
		);
		expect(type.test.rules).toEqual([
			expect.objectContaining({
				type: 'responseSuccessBody',
				properties: expect.objectContaining({ key: 'status', value: 'error' }),
			}),
		]);
	});
});
