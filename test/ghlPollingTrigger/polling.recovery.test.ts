// The GHL Polling Trigger when a poll fails part-way, when n8n restarts from saved static data, and
// with the OAuth2 credential (an access token that expires in the middle of a poll). Time is the
// sandbox's clock, moved by hand.
import type { IDataObject } from 'n8n-workflow';

import { ManualClock } from '../../sandbox/ghl';
import { apiRequests, OAUTH_CREDENTIAL_ID, type GhlTestBed } from '../harness/ghl';
import { TriggerHarness } from '../harness/trigger';
import { PIT_CREDENTIALS, startTriggerBed } from '../ghlContactsTrigger/helpers';

const SEARCH_LAG_MS = 1500;
const OAUTH_CREDENTIALS = { ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' } };

let bed: GhlTestBed;
let clock: ManualClock;

beforeEach(async () => {
	clock = new ManualClock();
	bed = await startTriggerBed({ searchLagMs: SEARCH_LAG_MS, seed: { contacts: 20 }, now: clock.now, oauthScopes: ['contacts.readonly'] });
});
afterEach(async () => await bed.close());

function pollingTrigger(more: { staticData?: IDataObject; oauth?: boolean } = {}): TriggerHarness {
	return new TriggerHarness(bed.credentials, {
		type: 'ghlPollingTrigger',
		parameters: { authentication: more.oauth ? 'oAuth2' : 'privateIntegrationToken', triggerOn: 'contactCreated', locationId: bed.locationId, options: { searchLagSeconds: 4 } },
		credentials: more.oauth ? OAUTH_CREDENTIALS : PIT_CREDENTIALS,
		staticData: more.staticData,
	});
}

/** Creates `count` contacts, one sandbox millisecond apart; returns their ids. */
function createContacts(count: number, name: string): string[] {
	return Array.from({ length: count }, (_, i) => {
		clock.advance(1);
		return bed.sandbox.store.createContact(bed.locationId, { firstName: `${name}${i}` }).id;
	});
}

const idsOf = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((item) => String(item.json.id));

test('a poll whose second page fails beyond retries emits nothing and keeps its cursor; the next poll emits every change once', async () => {
	const trigger = pollingTrigger();
	clock.advance(1000);
	expect(await trigger.poll()).toBeNull();
	clock.advance(1000);
	const created = createContacts(700, 'Paged');
	clock.advance(SEARCH_LAG_MS + 50);
	const before = trigger.savedStaticData();

	// Page 1 answers; page 2 and its six retries answer 5xx.
	bed.sandbox.clearRequests();
	bed.sandbox.configure({ faults: { schedule: [2, 3, 4, 5, 6, 7, 8].map((atRequest) => ({ atRequest, kind: '5xx' as const })) } });
	await expect(trigger.poll()).rejects.toThrow(/HighLevel/);
	expect(apiRequests(bed.sandbox).map((r) => r.status)).toEqual([200, ...Array(7).fill(expect.any(Number))]);
	expect(trigger.savedStaticData()).toEqual(before);

	// Recovered: one poll emits all 700, the next nothing.
	bed.sandbox.configure({ faults: {} });
	const recovered = idsOf(await trigger.poll());
	expect(recovered.sort()).toEqual([...created].sort());
	clock.advance(SEARCH_LAG_MS + 50);
	expect(await trigger.poll()).toBeNull();
}, 60_000);

test('after a restart from the saved static data, nothing is lost or emitted twice', async () => {
	const first = pollingTrigger();
	clock.advance(1000);
	expect(await first.poll()).toBeNull();
	const early = createContacts(3, 'Early');
	clock.advance(SEARCH_LAG_MS + 50);
	expect(idsOf(await first.poll()).sort()).toEqual([...early].sort());

	// Written just before n8n stops: one search already shows, one it does not yet.
	const shown = createContacts(1, 'Shown');
	clock.advance(SEARCH_LAG_MS + 50);
	const hidden = createContacts(1, 'Hidden');
	expect(idsOf(await first.poll())).toEqual(shown);
	const saved = first.savedStaticData();

	// n8n restarts: a new process, the workflow's static data read back from the database.
	clock.advance(10 * 60_000);
	const late = createContacts(2, 'Late');
	clock.advance(SEARCH_LAG_MS + 50);
	const restarted = pollingTrigger({ staticData: saved });
	expect(idsOf(await restarted.poll()).sort()).toEqual([...hidden, ...late].sort());
	expect(await restarted.poll()).toBeNull();
});

test('with OAuth2, an access token that expires in the middle of a poll is refreshed and the poll completes', async () => {
	const trigger = pollingTrigger({ oauth: true });
	clock.advance(1000);
	expect(await trigger.poll()).toBeNull();
	clock.advance(1000);
	const created = createContacts(1200, 'Oauth');
	clock.advance(SEARCH_LAG_MS + 50);

	// The token stops working after its next request: page 1 answers, page 2 gets a 401.
	const stored = bed.credentials.stored(OAUTH_CREDENTIAL_ID).data.oauthTokenData as IDataObject;
	bed.sandbox.configure({ expireAccessTokensEvery: 2 });
	bed.sandbox.clearRequests();
	const items = idsOf(await trigger.poll());

	expect(items.sort()).toEqual([...created].sort());
	const refreshes = bed.sandbox.requests.filter((request) => request.path === '/oauth/token');
	expect(refreshes.map((request) => [(request.body as IDataObject).refresh_token, request.status])[0]).toEqual([stored.refresh_token, 200]);
	expect(apiRequests(bed.sandbox).map((r) => r.status)).toContain(401);
	const saved = bed.credentials.stored(OAUTH_CREDENTIAL_ID).data.oauthTokenData as IDataObject;
	expect(saved.access_token).not.toBe(stored.access_token);
	expect(saved.refresh_token).toBe(bed.credentials.tokenUpdates.at(-1)?.oauthTokenData && (bed.credentials.tokenUpdates.at(-1)?.oauthTokenData as IDataObject).refresh_token);
});
