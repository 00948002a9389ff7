// Skilljar and Skilljar Trigger with recognisable secrets (a v1 API key, a v2 client secret, the
// v2 access tokens n8n fetches, the basic-auth pair activation generates for the webhook), through
// success and every kind of failure: nothing they output, throw, answer, keep in static data or
// print contains any of them.
import { basicAuthPair, expectNoSecrets, observe, observeSuccess, scanSummary, secret } from './secrets';

import type { IDataObject } from 'n8n-workflow';

import { getPublishedCourses } from '../../nodes/Skilljar/methods/loadOptions';
import type { RunResult } from '../harness/engine';
import { API_KEY_CREDENTIAL_ID, apiRequests, byId, NODE, OAUTH_CREDENTIAL_ID, startSkilljarTestBed, type SkilljarTestBed } from '../harness/skilljar';
import { TriggerHarness } from '../harness/trigger';
import { editorContext, testCredential } from './editor';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	// Backoff waits cut to 1 ms, so exhausting every retry takes milliseconds; how many attempts
	// are made (what the sandbox's log shows) does not change.
	return { ...actual, sleep: async () => await actual.sleep(1) };
});

const API_KEY = secret('Skilljar API key', 'sk-SECRET-SJ-KEY-5e4d3c2b1a09f8e7d6c5b4a3');
const WRONG_API_KEY = secret('a mistyped Skilljar API key', 'sk-SECRET-SJ-WRONG-0f1e2d3c4b5a6978');
const CLIENT_SECRET = secret('Skilljar client secret', 'SECRET-SJ-CLIENT-a1b2c3d4e5f6a7b8c9d0');
const WRONG_CLIENT_SECRET = secret('a mistyped Skilljar client secret', 'SECRET-SJ-CLIENT-WRONG-99887766');
const KEY_CREDENTIALS = { skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' } };

let bed: SkilljarTestBed;
let learnerId: string;
let publishedCourseId: string;

const fetched = new Set<string>();
/** The v2 access tokens n8n fetched with the client secret, as soon as they exist. */
function rememberFetchedTokens(): void {
	for (const update of bed.credentials.preAuthUpdates) {
		const token = update.data.accessToken;
		if (typeof token === 'string' && !fetched.has(token)) {
			fetched.add(token);
			secret('Skilljar v2 access token', token);
		}
	}
}

async function run(where: string, parameters: Record<string, unknown>, options: Parameters<SkilljarTestBed['run']>[1] = {}): Promise<RunResult> {
	const result = await observeSuccess(where, async () => {
		const result = await bed.run(parameters as never, options);
		rememberFetchedTokens();
		return result;
	});
	expectNoSecrets(`${where}: the run`, result.run, result.output(NODE), result.error(NODE));
	return result;
}

async function withStored<T>(id: string, patch: IDataObject, body: () => Promise<T>): Promise<T> {
	const stored = bed.credentials.stored(id);
	const original = { ...stored.data };
	Object.assign(stored.data, patch);
	try {
		return await body();
	} finally {
		stored.data = original;
	}
}

describe('Skilljar: secrets never appear in output, errors, answers or logs', () => {
	beforeAll(async () => {
		bed = await startSkilljarTestBed();
		bed.sandbox.createApiKey({ key: API_KEY });
		bed.credentials.add({ id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key', type: 'skilljarApi', data: { apiKey: API_KEY, domain: bed.domain, baseUrl: bed.sandbox.url } });
		const { clientId } = bed.sandbox.createOAuthClient({ clientSecret: CLIENT_SECRET });
		bed.credentials.add({
			id: OAUTH_CREDENTIAL_ID,
			name: 'Skilljar sandbox OAuth2',
			type: 'skilljarOAuth2Api',
			data: { clientId, clientSecret: CLIENT_SECRET, baseUrl: bed.sandbox.url, allowLearnerWrites: true, allowEnrollmentWrites: true, allowGroupWrites: true, allowProfileFieldWrites: true },
		});
		publishedCourseId = bed.sandbox.store.addPublishedCourse('Algebra').id;
		learnerId = bed.sandbox.store.upsertDomainUser(bed.domain, { email: 'ada@example.com', first_name: 'Ada' }).user.id;
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.sandbox.clearRequests();
		bed.sandbox.setFaults({});
	});

	describe('Skilljar with the API key (v1)', () => {
		test('success: Create or Update, Get, Enroll', async () => {
			expect((await run('upsert', { resource: 'learner', operation: 'upsert', email: 'grace@example.com', firstName: 'Grace' })).error(NODE)).toBeUndefined();
			expect((await run('get', { resource: 'learner', operation: 'get', learner: byId(learnerId) })).output(NODE)[0].json.id).toBe(learnerId);
			expect((await run('enroll', { resource: 'enrollment', operation: 'enroll', email: 'grace@example.com', publishedCourseId })).error(NODE)).toBeUndefined();
			expectNoSecrets('the URLs requested', apiRequests(bed.sandbox).map((request) => [request.path, request.query]));
		});

		test('a validation error, before any request', async () => {
			const result = await run('bad email', { resource: 'learner', operation: 'findByEmail', email: 'not-an-email' });
			expect(result.error(NODE)?.message).toMatch(/is not a valid email address/);
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});

		test('a wrong key: 401', async () => {
			await withStored(API_KEY_CREDENTIAL_ID, { apiKey: WRONG_API_KEY }, async () => {
				const result = await run('wrong key', { resource: 'learner', operation: 'get', learner: byId(learnerId) });
				expect(result.error(NODE)?.message).toMatch(/^Skilljar answered 401/);
			});
		});

		test('5xx on every attempt: the retries run out; a create is not repeated', async () => {
			bed.sandbox.setFaults({ rate: { status5xx: 1 } });
			const read = await run('5xx exhausted', { resource: 'learner', operation: 'get', learner: byId(learnerId) });
			expect(read.error(NODE)?.message).toMatch(/^Skilljar answered 50\d/);
			expect(apiRequests(bed.sandbox)).toHaveLength(6);
			bed.sandbox.clearRequests();
			const create = await run('5xx create', { resource: 'group', operation: 'create', name: 'Once' });
			expect(create.error(NODE)?.message).toMatch(/^Skilljar answered 50\d/);
			expect(apiRequests(bed.sandbox)).toHaveLength(1);
		});

		test('connection resets, and a host that refuses connections', async () => {
			bed.sandbox.setFaults({ rate: { reset: 1 } });
			expect((await run('connection reset', { resource: 'learner', operation: 'get', learner: byId(learnerId) })).error(NODE)?.message).toBe('Could not reach Skilljar (connection reset)');
			bed.sandbox.setFaults({});
			await withStored(API_KEY_CREDENTIAL_ID, { baseUrl: 'http://127.0.0.1:9' }, async () => {
				expect((await run('connection refused', { resource: 'learner', operation: 'get', learner: byId(learnerId) })).error(NODE)?.message).toBe('Could not reach Skilljar (connection refused)');
			});
		});

		test('Continue On Fail: error items beside a good one', async () => {
			const result = await run(
				'continue on fail',
				{ resource: 'learner', operation: 'get', learner: byId('={{ $json.id }}') },
				{ items: [{ id: learnerId }, { id: 'unknown-learner-1' }, { id: 'bad/id' }], continueOnFail: true },
			);
			expect(result.output(NODE).map((item) => Boolean(item.json.error))).toEqual([false, true, true]);
		});

		test("the course dropdown and the credential's Test button, with the right and a wrong key", async () => {
			const dropdown = () => editorContext(bed.credentials, 'skilljar', { authentication: 'apiKey', resource: 'enrollment', operation: 'enroll' }, KEY_CREDENTIALS, 'parameters.publishedCourseId');
			expect((await observeSuccess('course dropdown', async () => await getPublishedCourses.call(dropdown()))).length).toBeGreaterThan(0);
			expect(await observeSuccess('credential test', async () => await testCredential(bed.credentials, API_KEY_CREDENTIAL_ID))).toMatchObject({ status: 'OK' });
			await withStored(API_KEY_CREDENTIAL_ID, { apiKey: WRONG_API_KEY }, async () => {
				expect((await observe('course dropdown, wrong key', async () => await getPublishedCourses.call(dropdown()))).error).toBeDefined();
				expect(await observeSuccess('credential test, wrong key', async () => await testCredential(bed.credentials, API_KEY_CREDENTIAL_ID))).toMatchObject({ status: 'Error' });
			});
			expectNoSecrets('the URLs requested', apiRequests(bed.sandbox).map((request) => [request.path, request.query]));
		});
	});

	describe('Skilljar with OAuth2 (v2, client credentials)', () => {
		test('n8n fetches a token with the client secret, and fetches another when it expired', async () => {
			expect((await run('v2 get', { resource: 'learner', operation: 'get', learner: byId(learnerId) }, { api: 'v2' })).error(NODE)).toBeUndefined();
			bed.sandbox.expireAccessTokens();
			expect((await run('v2 get, token expired', { resource: 'learner', operation: 'get', learner: byId(learnerId) }, { api: 'v2' })).error(NODE)).toBeUndefined();
			expect(fetched.size).toBeGreaterThanOrEqual(2);
		});

		test('a wrong client secret', async () => {
			bed.sandbox.expireAccessTokens();
			await withStored(OAUTH_CREDENTIAL_ID, { clientSecret: WRONG_CLIENT_SECRET, accessToken: '' }, async () => {
				expect((await run('v2, wrong client secret', { resource: 'learner', operation: 'get', learner: byId(learnerId) }, { api: 'v2' })).error(NODE)).toBeDefined();
			});
		});

		test('5xx on every attempt, over OAuth2', async () => {
			bed.sandbox.setFaults({ rate: { status5xx: 1 } });
			expect((await run('v2, 5xx exhausted', { resource: 'group', operation: 'getMany', returnAll: true }, { api: 'v2' })).error(NODE)?.message).toMatch(/^Skilljar answered 50\d/);
		});
	});

	describe('Skilljar Trigger', () => {
		test('activation registers a hook with a generated pair; deliveries with it, without it, and deactivation', async () => {
			const trigger = new TriggerHarness(bed.credentials, { type: 'skilljarTrigger', parameters: { events: ['COURSE_COMPLETION', 'COURSE_ENROLLMENT'] }, credentials: KEY_CREDENTIALS });
			const hookId = await observeSuccess('activation', async () => {
				await trigger.activate();
				const [hook] = bed.sandbox.store.listWebhooks();
				basicAuthPair('webhook basic-auth password', hook.basic_auth_username, hook.basic_auth_password);
				return hook.id;
			}, () => [trigger.savedStaticData()]);
			expect(typeof hookId).toBe('string');

			bed.sandbox.setDeliveryTransport(async (request) => {
				const answer = await observeSuccess('a genuine delivery', async () => await trigger.deliver({ headers: request.headers, body: request.body }), () => [trigger.savedStaticData()]);
				return { status: answer.status };
			});
			bed.sandbox.deliverEvent('COURSE_COMPLETION', { event_type: 'COURSE_COMPLETION', user: { id: learnerId, email: 'ada@example.com' } });
			bed.sandbox.deliverEvent('LESSON_COMPLETION', { event_type: 'LESSON_COMPLETION', user: { id: learnerId } });
			await bed.sandbox.flushDeliveries();
			expect(bed.sandbox.deliveries.map((delivery) => delivery.status)).toEqual([200, 200]);

			const stranger = await observeSuccess('a delivery without the pair', async () => await trigger.deliver({ headers: { 'content-type': 'application/json', authorization: 'Basic bjhuLWd1ZXNzOmd1ZXNz' }, body: { event_type: 'COURSE_COMPLETION' } }));
			expect(stranger).toMatchObject({ status: 401, started: false });

			await observeSuccess('deactivation', async () => await trigger.deactivate(), () => [trigger.savedStaticData()]);
			expect(bed.sandbox.store.listWebhooks()).toEqual([]);
			expectNoSecrets('the URLs requested', apiRequests(bed.sandbox).map((request) => [request.path, request.query]));
		});

		test('activation with a wrong key fails, naming neither key', async () => {
			const trigger = new TriggerHarness(bed.credentials, { type: 'skilljarTrigger', parameters: { events: ['COURSE_COMPLETION'] }, credentials: KEY_CREDENTIALS });
			await withStored(API_KEY_CREDENTIAL_ID, { apiKey: WRONG_API_KEY }, async () => {
				const failed = await observe('activation, wrong key', async () => await trigger.activate(), () => [trigger.savedStaticData()]);
				expect((failed.error as Error).message).toMatch(/^Skilljar answered 401/);
			});
		});
	});

	test('the scans covered every secret, and n8n printed its log to the capture', () => {
		const summary = scanSummary();
		expect(summary.secrets).toEqual(expect.arrayContaining(['Skilljar API key', 'Skilljar client secret', 'Skilljar v2 access token', 'webhook basic-auth password', 'webhook basic-auth password (Authorization header)']));
		expect(summary.scans).toBeGreaterThan(30);
		expect(summary.printedChars).toBeGreaterThan(10_000);
	});
});
