import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Workflow, type ICredentialDataDecryptedObject, type IDataObject } from 'n8n-workflow';

import { V2_SCOPES } from '../../sandbox/skilljar';

import { SkilljarApi } from '../../credentials/SkilljarApi.credentials';
import { nodeTypes } from '../harness/engine';
import {
	byId,
	jsonOf,
	NODE,
	OAUTH_CREDENTIAL_ID,
	startSkilljarTestBed,
	type SkilljarTestBed,
} from '../harness/skilljar';
import { testCredential } from '../secrets/editor';

const resolver = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });
const READ_SCOPES =
	'students:read enrollments:read student-groups:read signup-fields:read published-courses:read domains:read';

/** Runs the API-key credential's test request with its authenticate block applied, as n8n does. */
async function runCredentialTest(
	bed: SkilljarTestBed,
	data: ICredentialDataDecryptedObject,
): Promise<Response> {
	const type = new SkilljarApi();
	const node = {
		id: 'x',
		name: 'x',
		type: 'x',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
	};
	const baseUrl = String(
		resolver.expression.getSimpleParameterValue(
			node,
			String(type.test.request.baseURL),
			'internal',
			{ $credentials: data },
			undefined,
			'',
		),
	);
	const options = await bed.credentials.authenticate(data, 'skilljarApi', {
		url: '',
		method: 'GET',
	});
	const auth = (options as { auth?: { username: string; password: string } }).auth!;
	return await fetch(`${baseUrl}${type.test.request.url}`, {
		headers: {
			authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
		},
	});
}

describe('Skilljar API (v1 key) credential', () => {
	let bed: SkilljarTestBed;
	beforeAll(async () => {
		bed = await startSkilljarTestBed();
	});
	afterAll(async () => await bed.close());

	test('the test request GET /v1/ping passes with the key as Basic username and an empty password', async () => {
		const response = await runCredentialTest(bed, {
			apiKey: bed.apiKey,
			domain: bed.domain,
			baseUrl: `${bed.sandbox.url}/`,
		});
		expect(response.status).toBe(200);
		const [request] = bed.sandbox.requests.slice(-1);
		expect(request).toMatchObject({ method: 'GET', path: '/v1/ping' });
		expect(request.headers.authorization).toBe(
			`Basic ${Buffer.from(`${bed.apiKey}:`).toString('base64')}`,
		);
	});

	test('a wrong key fails the test with 401', async () => {
		const response = await runCredentialTest(bed, {
			apiKey: 'sk-wrong',
			domain: bed.domain,
			baseUrl: bed.sandbox.url,
		});
		expect(response.status).toBe(401);
	});

	test("a node run with a wrong key fails with Skilljar's message and the fix, never the key", async () => {
		bed.credentials.add({
			id: 'wrong-key',
			name: 'wrong',
			type: 'skilljarApi',
			data: { apiKey: 'sk-secret-but-wrong', domain: bed.domain, baseUrl: bed.sandbox.url },
		});
		const { runWorkflow, singleNodeWorkflow, PACKAGE } = await import('../harness/engine');
		const result = await runWorkflow(
			singleNodeWorkflow({
				type: `${PACKAGE}.skilljar`,
				name: NODE,
				parameters: {
					authentication: 'apiKey',
					resource: 'group',
					operation: 'getMany',
					returnAll: true,
				},
				credentials: { skilljarApi: { id: 'wrong-key', name: 'wrong' } },
			}),
			bed.credentials,
		);
		const error = result.error(NODE);
		expect(error?.message).toBe('Skilljar answered 401: Invalid username/password.');
		expect(error?.description).toMatch(/Basic-auth username with an empty password/);
		expect(JSON.stringify(error)).not.toContain('sk-secret-but-wrong');
	});

	test('a domain that is no host name fails before any request, naming the credential field', async () => {
		bed.credentials.add({
			id: 'bad-domain',
			name: 'bad',
			type: 'skilljarApi',
			data: { apiKey: bed.apiKey, domain: 'My Academy', baseUrl: bed.sandbox.url },
		});
		bed.sandbox.clearRequests();
		const { runWorkflow, singleNodeWorkflow, PACKAGE } = await import('../harness/engine');
		const result = await runWorkflow(
			singleNodeWorkflow({
				type: `${PACKAGE}.skilljar`,
				name: NODE,
				parameters: {
					authentication: 'apiKey',
					resource: 'course',
					operation: 'getMany',
					returnAll: true,
				},
				credentials: { skilljarApi: { id: 'bad-domain', name: 'bad' } },
			}),
			bed.credentials,
		);
		expect(result.error(NODE)?.message).toBe(
			'The Training Domain in the Skilljar API credential is missing or invalid',
		);
		expect(bed.sandbox.requests).toEqual([]);
	});

	test('a read-only key reads, and a write fails with 403 and says why', async () => {
		const readOnly = await startSkilljarTestBed({ readOnlyKey: true });
		try {
			expect(
				(await readOnly.run({ resource: 'group', operation: 'getMany', returnAll: true })).error(
					NODE,
				),
			).toBeUndefined();
			const result = await readOnly.run({ resource: 'group', operation: 'create', name: 'Nope' });
			expect(result.error(NODE)?.message).toBe(
				'Skilljar answered 403: You do not have permission to perform this action.',
			);
			expect(result.error(NODE)?.description).toMatch(/read-only keys can only read/);
		} finally {
			await readOnly.close();
		}
	});
});

/** A server that answers every request with a redirect to `location`, counting what it got. */
async function startRedirector(location: string): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
	let hits = 0;
	const server = createServer((_request, response) => {
		hits++;
		response.writeHead(307, { location }).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		hits: () => hits,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

// The token endpoint in each body mode the sandbox can run: `json` (the spec: TokenRequest as
// application/json only, no scope), `form` (RFC 6749), `both` (what NOTES.md reports live).
describe.each(['json', 'form', 'both'] as const)(
	'Skilljar OAuth2 (v2 client credentials) credential, token endpoint taking %s',
	(tokenBody) => {
		let bed: SkilljarTestBed;
		beforeEach(async () => {
			bed = await startSkilljarTestBed({ tokenBody });
		});
		afterEach(async () => await bed.close());

		const tokenRequests = () =>
			bed.sandbox.requests.filter((request) => request.path === '/v2/auth/token');
		const stored = () => bed.credentials.stored(OAUTH_CREDENTIAL_ID).data;
		const formRefused = tokenBody === 'json';

		test('the first token request is a form with the read scopes; where forms are refused, the spec\'s JSON body follows; the API call carries the token', async () => {
			bed.setOAuthWrites({});
			const result = await bed.run(
				{ resource: 'group', operation: 'getMany', returnAll: true },
				{ api: 'v2' },
			);
			expect(result.error(NODE)).toBeUndefined();
			const [form, json] = tokenRequests();
			expect(tokenRequests()).toHaveLength(formRefused ? 2 : 1);
			expect(form.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
			expect(form.body).toMatchObject({ grant_type: 'client_credentials', scope: READ_SCOPES });
			expect(form.status).toBe(formRefused ? 400 : 200);
			if (formRefused) {
				expect(json.headers['content-type']).toMatch(/^application\/json/);
				// Exactly the spec's TokenRequest: no scope field.
				expect(Object.keys(json.body as IDataObject).sort()).toEqual([
					'client_id',
					'client_secret',
					'grant_type',
				]);
				expect(json.status).toBe(200);
			}
			expect(stored()).toMatchObject({
				accessToken: expect.any(String),
				requestEncoding: formRefused ? 'json' : 'form',
			});
			expect(bed.sandbox.requests.at(-1)?.headers.authorization).toBe(
				`Bearer ${String(stored().accessToken)}`,
			);
		});

		test('each ticked option adds its write scopes to the form', async () => {
			bed.setOAuthWrites({ allowGroupWrites: true, allowLearnerWrites: true });
			await bed.run({ resource: 'group', operation: 'getMany', returnAll: true }, { api: 'v2' });
			expect(String((tokenRequests()[0].body as IDataObject).scope).split(' ')).toEqual([
				...READ_SCOPES.split(' '),
				'students:write',
				'students:deactivate',
				'student-groups:write',
			]);
		});

		test('a token without the scope a write needs fails with 403 naming the option to tick; nothing changes', async () => {
			if (formRefused) {
				// JSON carries no scope: the token has the API client's scopes, set in Skilljar.
				const client = bed.sandbox.createOAuthClient({
					scopes: V2_SCOPES.filter((scope) => scope !== 'student-groups:write'),
				});
				bed.credentials.add({
					id: OAUTH_CREDENTIAL_ID,
					name: 'Skilljar sandbox OAuth2',
					type: 'skilljarOAuth2Api',
					data: { clientId: client.clientId, clientSecret: client.clientSecret, baseUrl: bed.sandbox.url },
				});
			} else {
				bed.setOAuthWrites({});
			}
			const result = await bed.run(
				{ resource: 'group', operation: 'create', name: 'Scoped' },
				{ api: 'v2' },
			);
			expect(result.error(NODE)?.message).toBe(
				'Skilljar answered 403: This action requires the OAuth scope student-groups:write, which the access token does not carry.',
			);
			expect(result.error(NODE)?.description).toMatch(
				/Tick "Allow Group Changes" in the Skilljar OAuth2 credential \(and give the API client that scope in Skilljar\)/,
			);
			expect(bed.sandbox.store.findGroupByName('Scoped')).toBeUndefined();
		});

		test('the token is reused across runs; when it expires, n8n fetches a new one (in the encoding that worked) and the request succeeds', async () => {
			const learner = bed.sandbox.store.upsertDomainUser(bed.domain, {
				email: 'token.user@example.com',
			}).user;
			const get = async () =>
				await bed.run(
					{ resource: 'learner', operation: 'get', learner: byId(learner.id) },
					{ api: 'v2' },
				);
			await get();
			await get();
			const firstRound = tokenRequests().length;
			expect(firstRound).toBe(formRefused ? 2 : 1);
			const first = stored().accessToken;

			bed.sandbox.expireAccessTokens();
			const result = await get();
			expect(result.error(NODE)).toBeUndefined();
			expect(jsonOf(result)[0]).toMatchObject({ id: learner.id });
			expect(tokenRequests()).toHaveLength(firstRound + 1);
			expect(tokenRequests().at(-1)?.status).toBe(200);
			expect(bed.sandbox.requests.filter((request) => request.status === 401)).toHaveLength(1);
			expect(stored().accessToken).not.toBe(first);
			expect(bed.credentials.preAuthUpdates).toHaveLength(2);
		});

		test('an option ticked after a token was fetched: that token is not used, and the write gets one with the new scope', async () => {
			bed.setOAuthWrites({});
			await bed.run({ resource: 'group', operation: 'getMany', returnAll: true }, { api: 'v2' });
			const before = tokenRequests().length;
			// The user ticks "Allow Group Changes"; the stored token stays as it was.
			stored().allowGroupWrites = true;
			const result = await bed.run(
				{ resource: 'group', operation: 'create', name: 'Ticked later' },
				{ api: 'v2' },
			);
			expect(result.error(NODE)).toBeUndefined();
			expect(bed.sandbox.store.findGroupByName('Ticked later')).toBeDefined();
			expect(tokenRequests()).toHaveLength(before + 1);
		});

		test("the credential's Test button fetches a token and reads GET /v2/domains/; a wrong secret fails it without showing the secret", async () => {
			const ok = await testCredential(bed.credentials, OAUTH_CREDENTIAL_ID);
			expect(ok).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(bed.sandbox.requests.at(-1)).toMatchObject({ path: '/v2/domains/', status: 200 });
			expect(tokenRequests().at(-1)?.status).toBe(200);

			const { clientId } = stored();
			bed.credentials.add({
				id: OAUTH_CREDENTIAL_ID,
				name: 'Skilljar sandbox OAuth2',
				type: 'skilljarOAuth2Api',
				data: { clientId, clientSecret: 'very-secret-value', baseUrl: bed.sandbox.url },
			});
			const failed = await testCredential(bed.credentials, OAUTH_CREDENTIAL_ID);
			expect(failed.status).toBe('Error');
			expect(failed.message).toMatch(/Skilljar refused the token request \(401 invalid_client/);
			expect(failed.message).not.toContain('very-secret-value');
		});

		test('a wrong client secret fails the run without leaking it', async () => {
			bed.credentials.add({
				id: OAUTH_CREDENTIAL_ID,
				name: 'Skilljar sandbox OAuth2',
				type: 'skilljarOAuth2Api',
				data: { clientId: 'cl_unknown', clientSecret: 'very-secret-value', baseUrl: bed.sandbox.url },
			});
			const result = await bed.run(
				{ resource: 'group', operation: 'getMany', returnAll: true },
				{ api: 'v2' },
			);
			expect(result.error(NODE)?.message).toBe(
				'Skilljar refused the token request (401 invalid_client: Client authentication failed.). Check the Client ID and Client Secret in the Skilljar OAuth2 credential.',
			);
			expect(JSON.stringify(result.error(NODE))).not.toContain('very-secret-value');
			expect(tokenRequests().at(-1)?.status).toBe(401);
		});
	},
);

test('a token endpoint that redirects is not followed: the client secret goes nowhere else', async () => {
	const bed = await startSkilljarTestBed();
	const redirector = await startRedirector(`${bed.sandbox.url}/v2/auth/token`);
	try {
		bed.credentials.add({
			id: OAUTH_CREDENTIAL_ID,
			name: 'Skilljar sandbox OAuth2',
			type: 'skilljarOAuth2Api',
			data: { clientId: 'cl_x', clientSecret: 'redirected-secret', baseUrl: redirector.url },
		});
		const result = await bed.run(
			{ resource: 'group', operation: 'getMany', returnAll: true },
			{ api: 'v2' },
		);
		expect(result.error(NODE)?.message).toMatch(
			/^Skilljar's token endpoint answered 307 \(a redirect\), which is not followed/,
		);
		expect(redirector.hits()).toBe(1);
		expect(bed.sandbox.requests).toEqual([]);
	} finally {
		await redirector.close();
		await bed.close();
	}
});
