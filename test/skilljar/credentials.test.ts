import { Workflow, type ICredentialDataDecryptedObject, type IDataObject } from 'n8n-workflow';

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

describe('Skilljar OAuth2 (v2 client credentials) credential', () => {
	let bed: SkilljarTestBed;
	beforeEach(async () => {
		bed = await startSkilljarTestBed();
	});
	afterEach(async () => await bed.close());

	const tokenRequests = () =>
		bed.sandbox.requests.filter((request) => request.path === '/v2/auth/token');
	const stored = () =>
		bed.credentials.stored(OAUTH_CREDENTIAL_ID).data.oauthTokenData as IDataObject | undefined;

	test('n8n fetches a token with the client-credentials grant, form-encoded, asking only for read scopes by default', async () => {
		bed.setOAuthWrites({});
		const result = await bed.run(
			{ resource: 'group', operation: 'getMany', returnAll: true },
			{ api: 'v2' },
		);
		expect(result.error(NODE)).toBeUndefined();
		expect(tokenRequests()).toHaveLength(1);
		const [request] = tokenRequests();
		expect(request.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
		expect(request.body).toMatchObject({ grant_type: 'client_credentials', scope: READ_SCOPES });
		expect(request.status).toBe(200);
		expect(stored()?.access_token).toEqual(expect.any(String));
		// The API call carried it as a bearer token.
		expect(bed.sandbox.requests.at(-1)?.headers.authorization).toBe(
			`Bearer ${String(stored()?.access_token)}`,
		);
	});

	test('each ticked option adds its write scopes', async () => {
		bed.setOAuthWrites({ allowGroupWrites: true, allowLearnerWrites: true });
		await bed.run({ resource: 'group', operation: 'getMany', returnAll: true }, { api: 'v2' });
		expect(String((tokenRequests()[0].body as IDataObject).scope).split(' ')).toEqual([
			...READ_SCOPES.split(' '),
			'students:write',
			'students:deactivate',
			'student-groups:write',
		]);
	});

	test('a write without its scope fails with 403 naming the option to tick; nothing changes', async () => {
		bed.setOAuthWrites({});
		const result = await bed.run(
			{ resource: 'group', operation: 'create', name: 'Scoped' },
			{ api: 'v2' },
		);
		expect(result.error(NODE)?.message).toBe(
			'Skilljar answered 403: This action requires the OAuth scope student-groups:write, which the access token does not carry.',
		);
		expect(result.error(NODE)?.description).toMatch(
			/Tick "Allow Group Changes" in the Skilljar OAuth2 credential/,
		);
		expect(bed.sandbox.store.findGroupByName('Scoped')).toBeUndefined();
	});

	test('the token is reused across runs; when it expires, n8n fetches a new one and the request succeeds', async () => {
		const learner = bed.sandbox.store.upsertDomainUser(bed.domain, {
			email: 'token.user@example.com',
		}).user;
		await bed.run(
			{ resource: 'learner', operation: 'get', learner: byId(learner.id) },
			{ api: 'v2' },
		);
		await bed.run(
			{ resource: 'learner', operation: 'get', learner: byId(learner.id) },
			{ api: 'v2' },
		);
		expect(tokenRequests()).toHaveLength(1);
		const first = stored()?.access_token;

		bed.sandbox.expireAccessTokens();
		const result = await bed.run(
			{ resource: 'learner', operation: 'get', learner: byId(learner.id) },
			{ api: 'v2' },
		);
		expect(result.error(NODE)).toBeUndefined();
		expect(jsonOf(result)[0]).toMatchObject({ id: learner.id });
		expect(tokenRequests()).toHaveLength(2);
		expect(bed.sandbox.requests.filter((request) => request.status === 401)).toHaveLength(1);
		expect(stored()?.access_token).not.toBe(first);
		expect(bed.credentials.tokenUpdates).toHaveLength(2);
	});

	test('a wrong client secret fails without leaking it', async () => {
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
		expect(result.error(NODE)?.message).toMatch(
			/^Failed to acquire OAuth2 access token: Client authentication failed/,
		);
		expect(JSON.stringify(result.error(NODE))).not.toContain('very-secret-value');
		expect(tokenRequests()[0].status).toBe(401);
	});
});
