// GHL Contacts, GHL Contacts Trigger and GHL Polling Trigger with recognisable secrets (a Private
// Integration token, an OAuth client secret, access and refresh tokens, an automation's webhook
// secret and the previous one during a rotation), through success and every kind of failure:
// nothing they output, throw, answer, keep in static data or print contains any of them.
import { expectNoSecrets, observe, observeSuccess, scanSummary, secret } from './secrets';

import type { IDataObject, INode } from 'n8n-workflow';

import type { Contact } from '../../sandbox/ghl';
import { searchContacts } from '../../nodes/GhlContacts/methods/listSearch';
import { getCustomFields } from '../../nodes/GhlContacts/methods/loadOptions';
import type { RunResult } from '../harness/engine';
import { apiRequests, byId, OAUTH_CREDENTIAL_ID, PIT_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { TriggerHarness } from '../harness/trigger';
import { asReceived, automationTrigger, marketplaceTrigger, PIT_CREDENTIALS } from '../ghlContactsTrigger/helpers';
import { editorContext, testCredential } from './editor';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	// Backoff waits cut to 1 ms, so exhausting every retry takes milliseconds; how many attempts
	// are made (what the sandbox's log shows) does not change.
	return { ...actual, sleep: async () => await actual.sleep(1) };
});

const NODE = 'GHL Contacts';
const SCOPES = ['contacts.readonly', 'contacts.write', 'locations/customFields.readonly'];
const PIT = secret('Private Integration token', 'pit-SECRET-PIT-7f3a91c2-4e5d-4b6a-9c8d-0e1f2a3b4c5d');
const WRONG_PIT = secret('a mistyped Private Integration token', 'pit-SECRET-WRONG-0a1b2c3d-4e5f-6a7b-8c9d');
const CLIENT_SECRET = secret('OAuth client secret', 'SECRET-GHL-CLIENT-9b8a7c6d5e4f3a2b1c0d');
const WRONG_CLIENT_SECRET = secret('a mistyped OAuth client secret', 'SECRET-GHL-CLIENT-WRONG-1f2e3d4c5b6a');
const HOOK_SECRET = secret('automation webhook secret', 'SECRET-HOOK-3c2b1a0f9e8d7c6b5a49');
const PREVIOUS_HOOK_SECRET = secret('previous automation webhook secret', 'SECRET-PREV-HOOK-8d7c6b5a49382716');
const WEAK_PREVIOUS_SECRET = secret('a weak previous webhook secret', 'SECRET-PREV/+=x');
const DAY = 24 * 3_600_000;

let bed: GhlTestBed;
let ada: Contact;
let clientId: string;

const issued = new Set<string>();

/** Every access and refresh token n8n stored, as soon as it exists. */
function rememberIssuedTokens(): void {
	const seen = issued;
	const stored = bed.credentials.stored(OAUTH_CREDENTIAL_ID).data.oauthTokenData as IDataObject;
	for (const tokens of [stored, ...bed.credentials.tokenUpdates.map((update) => update.oauthTokenData as IDataObject)]) {
		for (const key of ['access_token', 'refresh_token']) {
			const value = tokens?.[key];
			if (typeof value === 'string' && !seen.has(value)) {
				seen.add(value);
				secret(`OAuth ${key.replace('_', ' ')}`, value);
			}
		}
	}
}

/** Runs the node and scans the whole run: output items, errors, run data, what was printed. */
async function run(where: string, parameters: Record<string, unknown>, options: Parameters<GhlTestBed['run']>[1] = {}): Promise<RunResult> {
	const result = await observeSuccess(where, async () => {
		const result = await bed.run(parameters as never, options);
		if (options.auth === 'oauth') rememberIssuedTokens();
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
		stored.data = { ...original, oauthTokenData: stored.data.oauthTokenData ?? original.oauthTokenData };
	}
}

describe('GHL: secrets never appear in output, errors, answers or logs', () => {
	beforeAll(async () => {
		bed = await startGhlTestBed({ rateLimit: { max: 10_000, intervalMs: 10_000 } });
		ada = bed.sandbox.store.addContact({ firstName: 'Ada', email: 'ada@example.com' });
		bed.sandbox.createPrivateToken({ token: PIT, scopes: SCOPES });
		bed.credentials.add({ id: PIT_CREDENTIAL_ID, name: 'GHL sandbox token', type: 'ghlPrivateIntegrationApi', data: { token: PIT, locationId: bed.locationId, baseUrl: bed.sandbox.url } });
		({ clientId } = bed.sandbox.createOAuthClient({ clientSecret: CLIENT_SECRET, scopes: SCOPES }));
		bed.credentials.add({
			id: OAUTH_CREDENTIAL_ID,
			name: 'GHL sandbox OAuth2',
			type: 'ghlOAuth2Api',
			data: {
				clientId,
				clientSecret: CLIENT_SECRET,
				accessTokenUrl: bed.sandbox.urls.token,
				baseUrl: bed.sandbox.url,
				allowContactWrites: true,
				oauthTokenData: bed.sandbox.issueOAuthTokens({ clientId, scopes: SCOPES }) as unknown as IDataObject,
			},
		});
		rememberIssuedTokens();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.sandbox.clearRequests();
		bed.sandbox.setFaults({});
	});

	describe('GHL Contacts with a Private Integration token', () => {
		test('success: Get, Create, Search', async () => {
			expect((await run('Get', { resource: 'contact', operation: 'get', contactId: byId(ada.id) })).output(NODE)[0].json.id).toBe(ada.id);
			expect((await run('Create', { resource: 'contact', operation: 'create', contactFields: { firstName: 'Grace', email: 'grace@example.com' } })).error(NODE)).toBeUndefined();
			expect((await run('Search', { resource: 'contact', operation: 'search', returnAll: false, limit: 5 })).output(NODE).length).toBeGreaterThan(0);
			// The token travels in the Authorization header only, never in a URL a proxy would log.
			expect(apiRequests(bed.sandbox).every((request) => request.headers.authorization === `Bearer ${PIT}`)).toBe(true);
			expectNoSecrets('the URLs requested', apiRequests(bed.sandbox).map((request) => [request.path, request.query]));
		});

		test('a validation error, before any request', async () => {
			const result = await run('bad email', { resource: 'contact', operation: 'create', contactFields: { email: 'not-an-email' } });
			expect(result.error(NODE)?.message).toBe('Email "not-an-email" is not a valid email address');
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});

		test('a wrong token: 401', async () => {
			await withStored(PIT_CREDENTIAL_ID, { token: WRONG_PIT }, async () => {
				const result = await run('wrong token', { resource: 'contact', operation: 'get', contactId: byId(ada.id) });
				expect(result.error(NODE)?.message).toMatch(/^HighLevel answered 401/);
			});
		});

		test('5xx on every attempt: the retries run out', async () => {
			bed.sandbox.setFaults({ rate: { status5xx: 1 } });
			const result = await run('5xx exhausted', { resource: 'contact', operation: 'get', contactId: byId(ada.id) });
			expect(result.error(NODE)?.message).toMatch(/^HighLevel answered 50\d/);
			expect(apiRequests(bed.sandbox)).toHaveLength(7);
		});

		test('5xx on a create: not repeated', async () => {
			bed.sandbox.setFaults({ rate: { status5xx: 1 } });
			const result = await run('5xx create', { resource: 'contact', operation: 'create', contactFields: { firstName: 'Once' } });
			expect(result.error(NODE)?.message).toMatch(/^HighLevel answered 50\d/);
			expect(apiRequests(bed.sandbox)).toHaveLength(1);
		});

		test('connection resets on every attempt, and a host that refuses connections', async () => {
			bed.sandbox.setFaults({ rate: { reset: 1 } });
			const reset = await run('connection reset', { resource: 'contact', operation: 'get', contactId: byId(ada.id) });
			expect(reset.error(NODE)?.message).toBe('Could not reach HighLevel (connection reset)');
			bed.sandbox.setFaults({});
			await withStored(PIT_CREDENTIAL_ID, { baseUrl: 'http://127.0.0.1:9' }, async () => {
				const refused = await run('connection refused', { resource: 'contact', operation: 'get', contactId: byId(ada.id) });
				expect(refused.error(NODE)?.message).toBe('Could not reach HighLevel (connection refused)');
			});
		});

		test('Continue On Fail: error items for a bad email, an unknown contact and a 401, beside a good item', async () => {
			const result = await run(
				'continue on fail',
				{ resource: 'contact', operation: 'get', contactId: byId('={{ $json.id }}') },
				{ items: [{ id: ada.id }, { id: 'UnknownContact000001' }, { id: 'bad/id' }], continueOnFail: true },
			);
			expect(result.output(NODE).map((item) => Boolean(item.json.error))).toEqual([false, true, true]);
		});
	});

	describe('GHL Contacts with OAuth2', () => {
		test('an expired access token is refreshed (a new pair), and the run succeeds', async () => {
			bed.sandbox.expireAccessTokens();
			const result = await run('refresh', { resource: 'contact', operation: 'get', contactId: byId(ada.id) }, { auth: 'oauth' });
			expect(result.error(NODE)).toBeUndefined();
			expect(bed.credentials.tokenUpdates.length).toBeGreaterThan(0);
		});

		test('a spent refresh token: reconnect', async () => {
			const stored = () => bed.credentials.stored(OAUTH_CREDENTIAL_ID).data;
			const spent = stored().oauthTokenData as IDataObject;
			bed.sandbox.expireAccessTokens();
			await run('refresh again', { resource: 'contact', operation: 'get', contactId: byId(ada.id) }, { auth: 'oauth' });
			const current = stored().oauthTokenData as IDataObject;
			// Another copy of the credential refreshed behind n8n's back: the pair n8n has is spent.
			stored().oauthTokenData = spent;
			bed.sandbox.expireAccessTokens();
			const result = await run('spent refresh token', { resource: 'contact', operation: 'get', contactId: byId(ada.id) }, { auth: 'oauth' });
			expect(result.error(NODE)?.message).toMatch(/reconnected/);
			stored().oauthTokenData = current;
		});

		test('a wrong client secret when the token must be refreshed', async () => {
			await run('refresh before', { resource: 'contact', operation: 'get', contactId: byId(ada.id) }, { auth: 'oauth' });
			bed.sandbox.expireAccessTokens();
			await withStored(OAUTH_CREDENTIAL_ID, { clientSecret: WRONG_CLIENT_SECRET }, async () => {
				const result = await run('wrong client secret', { resource: 'contact', operation: 'get', contactId: byId(ada.id) }, { auth: 'oauth' });
				expect(result.error(NODE)).toBeDefined();
			});
		});
	});

	describe('dropdowns and the credential test', () => {
		const dropdown = (path: string) => editorContext(bed.credentials, 'ghlContacts', { authentication: 'privateIntegrationToken', resource: 'contact' }, PIT_CREDENTIALS, path);

		test('the contact search and the custom-field dropdown, with the right and a wrong token', async () => {
			const found = await observeSuccess('contact search', async () => await searchContacts.call(dropdown('parameters.contactId'), 'Ada'));
			expect(found.results.length).toBeGreaterThan(0);
			await withStored(PIT_CREDENTIAL_ID, { token: WRONG_PIT }, async () => {
				const failed = await observe('custom fields with a wrong token', async () => await getCustomFields.call(dropdown('parameters.contactFields.customFields')));
				expect(failed.error).toBeDefined();
			});
		});

		test("the credential's Test button: success, and a wrong token", async () => {
			const ok = await observeSuccess('credential test', async () => await testCredential(bed.credentials, PIT_CREDENTIAL_ID));
			expect(ok).toMatchObject({ status: 'OK' });
			await withStored(PIT_CREDENTIAL_ID, { token: WRONG_PIT }, async () => {
				const failed = await observeSuccess('credential test, wrong token', async () => await testCredential(bed.credentials, PIT_CREDENTIAL_ID));
				expect(failed).toMatchObject({ status: 'Error' });
			});
			expectNoSecrets('the credential test URLs', apiRequests(bed.sandbox).map((request) => [request.path, request.query]));
		});
	});

	describe('GHL Contacts Trigger', () => {
		test('marketplace events with Fetch Full Contact: read, not found, and a wrong token', async () => {
			const trigger = marketplaceTrigger(bed, { events: ['ContactCreate'], fetchFullContact: true, authentication: 'privateIntegrationToken' });
			const deliver = async (where: string) => {
				return await observeSuccess(where, async () => await trigger.deliver(asReceived(bed.sandbox.webhooks.send('ContactCreate', ada)[0])), () => [trigger.savedStaticData()]);
			};
			expect((await deliver('full contact')).items[0].json.fullContactError).toBeUndefined();
			await withStored(PIT_CREDENTIAL_ID, { token: WRONG_PIT }, async () => {
				expect(String((await deliver('full contact, wrong token')).items[0].json.fullContactError)).toMatch(/401/);
			});
		});

		test('marketplace events with Fetch Full Contact over OAuth2', async () => {
			const trigger = marketplaceTrigger(bed, { events: ['ContactCreate'], fetchFullContact: true, authentication: 'oAuth2' });
			trigger.node.credentials = { ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' } };
			bed.sandbox.expireAccessTokens();
			const delivered = await observeSuccess('full contact over OAuth2', async () => {
				const result = await trigger.deliver(asReceived(bed.sandbox.webhooks.send('ContactCreate', ada)[0]));
				rememberIssuedTokens();
				return result;
			});
			expect(delivered.items).toHaveLength(1);
			expect(delivered.items[0].json.fullContactError).toBeUndefined();
		});

		test.each([
			['query', { secretLocation: 'query' }, (secret: string) => ({ query: 'secret', value: secret })],
			['header', { secretLocation: 'header' }, (secret: string) => ({ header: 'X-Webhook-Secret', value: secret })],
		] as const)('automation deliveries with the secret in the %s: right and wrong secret', async (_where, parameters, place) => {
			const trigger = automationTrigger(bed, { ...parameters, secret: HOOK_SECRET, fetchFullContact: true, authentication: 'privateIntegrationToken' });
			const right = await observeSuccess('automation, right secret', async () => await trigger.deliver(asReceived(bed.sandbox.webhooks.sendAutomation(ada, { secret: place(HOOK_SECRET) }))));
			expect(right).toMatchObject({ status: 200, started: true });
			const wrong = await observeSuccess('automation, wrong secret', async () => await trigger.deliver(asReceived(bed.sandbox.webhooks.sendAutomation(ada, { secret: place(`${HOOK_SECRET}x`) }))));
			expect(wrong).toMatchObject({ status: 401, started: false });
			await withStored(PIT_CREDENTIAL_ID, { token: WRONG_PIT }, async () => {
				const failed = await observeSuccess('automation, full contact with a wrong token', async () => await trigger.deliver(asReceived(bed.sandbox.webhooks.sendAutomation(ada, { secret: place(HOOK_SECRET) }))));
				expect(String(failed.items[0].json.fullContactError)).toMatch(/401/);
			});
		});

		test.each([
			['query', { secretLocation: 'query' }, (secret: string) => ({ query: 'secret', value: secret })],
			['header', { secretLocation: 'header' }, (secret: string) => ({ header: 'X-Webhook-Secret', value: secret })],
		] as const)('a rotation with the secret in the %s: the previous secret inside and after its window', async (_where, parameters, place) => {
			const trigger = automationTrigger(bed, { ...parameters, secret: HOOK_SECRET, previousSecret: PREVIOUS_HOOK_SECRET, previousSecretValidUntil: new Date(Date.now() + DAY).toISOString() });
			const deliver = (where: string, value: string) => observeSuccess(where, async () => await trigger.deliver(asReceived(bed.sandbox.webhooks.sendAutomation(ada, { secret: place(value) }))), () => [trigger.savedStaticData()]);
			await observeSuccess('activation during a rotation', async () => await trigger.activate());
			expect(await deliver('automation, previous secret inside its window', PREVIOUS_HOOK_SECRET)).toMatchObject({ status: 200, started: true });
			trigger.node.parameters.previousSecretValidUntil = new Date(Date.now() - 1000).toISOString();
			expect(await deliver('automation, previous secret after its window', PREVIOUS_HOOK_SECRET)).toMatchObject({ status: 401, started: false });
			expect(await deliver('automation, current secret after the window', HOOK_SECRET)).toMatchObject({ status: 200, started: true });
		});

		test('activation refuses a previous secret equal to the secret, weak, without an end or kept too long: the errors name fields, not values', async () => {
			const until = new Date(Date.now() + DAY).toISOString();
			for (const [what, rotation, message] of [
				['the same as the secret', { previousSecret: HOOK_SECRET, previousSecretValidUntil: until }, 'Previous Secret is the same as Secret'],
				['weak', { previousSecret: WEAK_PREVIOUS_SECRET, previousSecretValidUntil: until }, 'Previous Secret is too weak or not URL-safe'],
				['without an end', { previousSecret: PREVIOUS_HOOK_SECRET, previousSecretValidUntil: '' }, 'Previous Secret Valid Until is empty'],
				['kept too long', { previousSecret: PREVIOUS_HOOK_SECRET, previousSecretValidUntil: new Date(Date.now() + 60 * DAY).toISOString() }, 'Previous Secret Valid Until is more than 30 days ahead'],
			] as const) {
				const refused = await observe(`automation activation, previous secret ${what}`, async () => await automationTrigger(bed, { secretLocation: 'header', secret: HOOK_SECRET, ...rotation }).activate());
				expect((refused.error as Error).message).toBe(message);
			}
		});

		test('activation with the secret set, and refused without one', async () => {
			await observeSuccess('automation activation', async () => await automationTrigger(bed, { secretLocation: 'query', secret: HOOK_SECRET }).activate());
			const refused = await observe('automation activation without a secret', async () => await automationTrigger(bed, { secretLocation: 'query', secret: '' }).activate());
			expect((refused.error as Error).message).toBe('Secret is empty');
		});
	});

	describe('GHL Polling Trigger', () => {
		const polling = (parameters: IDataObject = {}, credentials: INode['credentials'] = PIT_CREDENTIALS) =>
			new TriggerHarness(bed.credentials, {
				type: 'ghlPollingTrigger',
				parameters: { authentication: 'privateIntegrationToken', triggerOn: 'contactChanged', ...parameters },
				credentials,
				mode: 'manual',
			});

		test('a test poll with a token, with OAuth2, and with a wrong token', async () => {
			const sample = await observeSuccess('poll', async () => await polling().poll());
			expect(sample?.length).toBe(1);
			const oauth = await observeSuccess('poll over OAuth2', async () => {
				const items = await polling({ authentication: 'oAuth2' }, { ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' } }).poll();
				rememberIssuedTokens();
				return items;
			});
			expect(oauth?.length).toBe(1);
			await withStored(PIT_CREDENTIAL_ID, { token: WRONG_PIT }, async () => {
				const failed = await observe('poll, wrong token', async () => await polling().poll());
				expect((failed.error as Error).message).toMatch(/^HighLevel answered 401/);
			});
		});
	});

	test('the scans covered every secret, and n8n printed its log to the capture', () => {
		const summary = scanSummary();
		expect(summary.secrets).toEqual(expect.arrayContaining(['Private Integration token', 'OAuth client secret', 'OAuth access token', 'OAuth refresh token', 'automation webhook secret', 'previous automation webhook secret', 'a weak previous webhook secret']));
		expect(summary.scans).toBeGreaterThan(50);
		// n8n's logger (debug, JSON) wrote its lines into the capture: the printed text was real.
		expect(summary.printedChars).toBeGreaterThan(10_000);
	});
});
