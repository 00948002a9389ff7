// The GHL Polling Trigger, for Private Integration tokens: contacts changed since the last poll via
// POST /contacts/search, each change emitted exactly once although search lags writes.
import type { IDataObject } from 'n8n-workflow';

import { ManualClock, type Contact } from '../../sandbox/ghl';
import { apiRequests, type GhlTestBed } from '../harness/ghl';
import { TriggerHarness } from '../harness/trigger';
import { PIT_CREDENTIALS, startTriggerBed } from '../ghlContactsTrigger/helpers';

// Search shows a write this long after it (in the sandbox's clock, which the tests move by hand:
// nothing here waits on the wall clock or depends on how loaded the machine is).
const SEARCH_LAG_MS = 1500;
const MINUTE = 60_000;

/** A change as the trigger knows it: the contact and the version it saw. */
const changeOf = (item: IDataObject) => `${String(item.id)}@${String(item.dateUpdated)}`;
const changeOfContact = (contact: Contact) => `${contact.id}@${contact.dateUpdated}`;

// HighLevel's timestamps and n8n's clock need not agree: the cursor must follow HighLevel's time.
describe.each([
	['in step with', 0],
	['10 minutes behind', -10 * MINUTE],
	['10 minutes ahead of', 10 * MINUTE],
])("GHL Polling Trigger, HighLevel's clock %s n8n's", (_how, skewMs) => {
	let bed: GhlTestBed;
	let clock: ManualClock;

	beforeAll(async () => {
		clock = new ManualClock(Date.now() + skewMs);
		bed = await startTriggerBed({ searchLagMs: SEARCH_LAG_MS, seed: { contacts: 30 }, now: clock.now });
	});
	afterAll(async () => await bed.close());

	test('across polls with inserts and updates, some inside the search-lag window: every change exactly once', async () => {
		const trigger = new TriggerHarness(bed.credentials, {
			type: 'ghlPollingTrigger',
			parameters: { authentication: 'privateIntegrationToken', triggerOn: 'contactChanged', options: { searchLagSeconds: 4 } },
			credentials: PIT_CREDENTIALS,
		});
		const store = bed.sandbox.store;
		const [old1, old2] = store.listContacts(bed.locationId);

		// A change a second before activation is old news, though search does not show it yet.
		store.updateContact(old1.id, { city: 'Before Activation' });
		clock.advance(1000);
		expect(await trigger.poll()).toBeNull();

		// Between polls 1 and 2: two inserts and an update that search already shows, and one insert
		// so fresh that search does not show it yet.
		const ann = store.createContact(bed.locationId, { firstName: 'Ann' });
		const bob = store.createContact(bed.locationId, { firstName: 'Bob' });
		const old2v2 = store.updateContact(old2.id, { city: 'Updated Between 1 And 2' });
		clock.advance(SEARCH_LAG_MS + 50);
		const cat = store.createContact(bed.locationId, { firstName: 'Cat' });
		const poll2 = (await trigger.poll()) ?? [];
		expect(poll2.map((item) => changeOf(item.json)).sort()).toEqual([ann, bob, old2v2].map(changeOfContact).sort());

		// Between polls 2 and 3: Ann changes, Dan arrives; Cat became searchable meanwhile.
		clock.advance(20);
		const annV2 = store.updateContact(ann.id, { lastName: 'Changed' });
		const dan = store.createContact(bed.locationId, { firstName: 'Dan' });
		clock.advance(SEARCH_LAG_MS + 50);
		const poll3 = (await trigger.poll()) ?? [];
		expect(poll3.map((item) => changeOf(item.json)).sort()).toEqual([cat, annV2, dan].map(changeOfContact).sort());

		// Nothing new, minutes later: one search, nothing emitted again.
		clock.advance(5 * MINUTE);
		bed.sandbox.clearRequests();
		expect(await trigger.poll()).toBeNull();
		expect(apiRequests(bed.sandbox).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /contacts/search 200']);

		// A change long after: emitted once.
		const eve = store.updateContact(old2.id, { city: 'Much Later' });
		clock.advance(SEARCH_LAG_MS + 50);
		const poll5 = (await trigger.poll()) ?? [];
		expect(poll5.map((item) => changeOf(item.json))).toEqual([changeOfContact(eve)]);

		const all = [...poll2, ...poll3, ...poll5].map((item) => changeOf(item.json));
		expect(new Set(all).size).toBe(all.length);
		expect(all).not.toContain(`${old1.id}@${(store.getContact(old1.id) as Contact).dateUpdated}`);
		expect(poll3.find((item) => item.json.id === annV2.id)?.json).toMatchObject({ lastName: 'Changed', event: { type: 'ContactUpdate', source: 'poll' } });
		expect(poll2.find((item) => item.json.id === ann.id)?.json).toMatchObject({ firstName: 'Ann', event: { type: 'ContactCreate', source: 'poll' } });
	});
});

describe('GHL Polling Trigger', () => {
	let bed: GhlTestBed;
	let clock: ManualClock;

	beforeAll(async () => {
		clock = new ManualClock();
		bed = await startTriggerBed({ searchLagMs: SEARCH_LAG_MS, seed: { contacts: 30 }, now: clock.now });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	function pollingTrigger(parameters: IDataObject = {}, mode: 'trigger' | 'manual' = 'trigger') {
		return new TriggerHarness(bed.credentials, {
			type: 'ghlPollingTrigger',
			parameters: { authentication: 'privateIntegrationToken', triggerOn: 'contactChanged', options: { searchLagSeconds: 4 }, ...parameters },
			credentials: PIT_CREDENTIALS,
			mode,
		});
	}

	const seeded = () => bed.sandbox.store.listContacts(bed.locationId).slice(0, 30);

	test('asks POST /contacts/search for a date range, oldest first', async () => {
		const trigger = pollingTrigger({ triggerOn: 'contactCreated' });
		// Activation asks for the newest contact, to learn HighLevel's time from its answer.
		await trigger.poll();
		expect(apiRequests(bed.sandbox).map((r) => r.body)).toEqual([{ locationId: bed.locationId, pageLimit: 1, page: 1, sort: [{ field: 'dateAdded', direction: 'desc' }] }]);
		bed.sandbox.clearRequests();
		clock.advance(1000);
		bed.sandbox.store.createContact(bed.locationId, { firstName: 'Eve' });
		clock.advance(SEARCH_LAG_MS + 50);
		const items = await trigger.poll();
		expect(items?.map((item) => item.json.firstName)).toEqual(['Eve']);

		const [search] = apiRequests(bed.sandbox);
		expect(search.headers).toMatchObject({ version: '2021-07-28', authorization: `Bearer ${bed.pit}` });
		expect(search.body).toEqual({
			locationId: bed.locationId,
			pageLimit: 500,
			page: 1,
			filters: [{ field: 'dateAdded', operator: 'range', value: { gte: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } }],
			sort: [{ field: 'dateAdded', direction: 'asc' }],
		});
	});

	test('"New Contact" ignores updates', async () => {
		const trigger = pollingTrigger({ triggerOn: 'contactCreated' });
		await trigger.poll();
		const fay = bed.sandbox.store.createContact(bed.locationId, { firstName: 'Fay' });
		bed.sandbox.store.updateContact(seeded()[3].id, { city: 'Ignored' });
		clock.advance(SEARCH_LAG_MS + 50);
		expect((await trigger.poll())?.map((item) => item.json.id)).toEqual([fay.id]);
		bed.sandbox.store.updateContact(fay.id, { city: 'Also ignored' });
		clock.advance(SEARCH_LAG_MS + 50);
		expect(await trigger.poll()).toBeNull();
	});

	test('first activation emits nothing old; a backfill date emits what changed since', async () => {
		const plain = pollingTrigger();
		expect(await plain.poll()).toBeNull();

		const contacts = seeded();
		const backfillFrom = [...contacts].sort((a, b) => (a.dateUpdated < b.dateUpdated ? -1 : 1))[20].dateUpdated;
		const expected = bed.sandbox.store
			.listContacts(bed.locationId)
			.filter((contact) => contact.dateUpdated >= backfillFrom)
			.map(changeOfContact)
			.sort();
		const backfilling = pollingTrigger({ options: { searchLagSeconds: 4, backfillFrom } });
		const first = (await backfilling.poll()) ?? [];
		expect(first.map((item) => changeOf(item.json)).sort()).toEqual(expected);
		expect(expected.length).toBeGreaterThanOrEqual(10);
		expect(await backfilling.poll()).toBeNull();
	});

	test('a manual run returns one sample (the most recently changed contact) and leaves the cursor alone', async () => {
		const trigger = pollingTrigger({}, 'manual');
		const sample = await trigger.poll();
		expect(sample).toHaveLength(1);
		const newest = [...bed.sandbox.store.listContacts(bed.locationId)].sort((a, b) => (a.dateUpdated < b.dateUpdated ? 1 : -1))[0];
		expect(sample?.[0].json).toMatchObject({ id: newest.id, email: newest.email ?? null });
		expect(trigger.staticData).toEqual({});
	});

	test('Simplify off returns the API record, without the search cursor', async () => {
		const trigger = pollingTrigger({ simplify: false }, 'manual');
		const [sample] = (await trigger.poll()) ?? [];
		expect(sample.json).toHaveProperty('firstNameLowerCase');
		expect(sample.json).not.toHaveProperty('searchAfter');
	});
});

describe('GHL Polling Trigger: many changes in one poll', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startTriggerBed({ seed: { contacts: 1200, startDate: '2025-01-01T00:00:00.000Z' } });
	});
	afterAll(async () => await bed.close());

	test('pages past 500 results with searchAfter, emitting each contact once', async () => {
		const trigger = new TriggerHarness(bed.credentials, {
			type: 'ghlPollingTrigger',
			parameters: { triggerOn: 'contactCreated', options: { backfillFrom: '2024-12-31T00:00:00.000Z' } },
			credentials: PIT_CREDENTIALS,
		});
		const items = (await trigger.poll()) ?? [];

		const searches = apiRequests(bed.sandbox).map((r) => r.body as IDataObject);
		expect(searches).toHaveLength(3);
		expect(searches[0]).toMatchObject({ page: 1, pageLimit: 500 });
		for (const later of searches.slice(1)) {
			expect(later.page).toBeUndefined();
			expect(later.searchAfter).toEqual(expect.any(Array));
		}
		const ids = items.map((item) => String(item.json.id));
		expect(new Set(ids).size).toBe(1200);
		expect(ids.sort()).toEqual(bed.sandbox.store.listContacts(bed.locationId).map((contact) => contact.id).sort());
	});
});
