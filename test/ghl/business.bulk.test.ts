import type { INodeExecutionData } from 'n8n-workflow';

import type { RecordedRequest } from '../../sandbox/ghl';
import { apiRequests, byId, inputOrder, pairedIndexes, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { failedItem } from '../harness/errorItems';

const NODE = 'GHL Contacts';
const PATH = '/contacts/bulk/business';
const ACME = '63b7ec34ea409a9a8bd2a4ff';
const GLOBEX = '63b7ec34ea409a9a8bd2a500';
const contactId = byId('={{ $json.id }}');

describe('Business → Add / Remove Contacts: one request per batch of contacts', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed({ rateLimit: { max: 1000, intervalMs: 10_000 } });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.sandbox.clearRequests();
		bed.sandbox.setFaults({});
	});

	const newContacts = (count: number, businessId?: string) =>
		Array.from({ length: count }, () => bed.sandbox.store.addContact({ firstName: 'Ada', ...(businessId ? { businessId } : {}) }).id);
	const businessOf = (id: string) => bed.sandbox.store.getContact(id)?.businessId;
	const bodyOf = (request: RecordedRequest) => request.body as { locationId: string; ids: string[]; businessId: string | null };
	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
	// Batches go out up to Concurrency at a time, so they may arrive in any order: sort by the first contact.
	const inItemOrder = (requests: RecordedRequest[], ids: string[]) =>
		[...requests].sort((x, y) => ids.indexOf(bodyOf(x).ids[0]) - ids.indexOf(bodyOf(y).ids[0]));

	test('Add Contacts: 250 items in 3 requests of 100, 100 and 50; HighLevel holds the business, Get Many by Business lists them', async () => {
		const ids = newContacts(250);
		const result = await bed.run(
			{ resource: 'business', operation: 'addContacts', businessId: ACME, contactId, options: { batchSize: 100 } },
			{ items: ids.map((id) => ({ id })) },
		);

		expect(result.error(NODE)).toBeUndefined();
		const requests = inItemOrder(apiRequests(bed.sandbox), ids);
		expect(requests.map((request) => [request.method, request.path, request.status])).toEqual([
			['POST', PATH, 200],
			['POST', PATH, 200],
			['POST', PATH, 200],
		]);
		expect(requests.map((request) => bodyOf(request).ids.length)).toEqual([100, 100, 50]);
		expect(requests.flatMap((request) => bodyOf(request).ids)).toEqual(ids);
		for (const request of requests) expect(bodyOf(request)).toMatchObject({ locationId: bed.locationId, businessId: ACME });
		for (const id of ids) expect(businessOf(id)).toBe(ACME);

		const output = result.output(NODE);
		expect(pairedIndexes(output)).toEqual(inputOrder(250));
		expect(output[249].json).toEqual({ contactId: ids[249], businessId: ACME, batch: 3 });

		const listed = await bed.run({ resource: 'contact', operation: 'getManyByBusiness', businessId: ACME, returnAll: true });
		expect(listed.output(NODE).map((item) => item.json.id).sort()).toEqual([...ids].sort());
	});

	test('items naming different businesses are grouped, one request per business', async () => {
		const [a, b, c] = newContacts(3, GLOBEX);
		const items = [
			{ id: a, business: ACME },
			{ id: b, business: GLOBEX },
			{ id: c, business: ACME },
		];
		const result = await bed.run(
			{ resource: 'business', operation: 'addContacts', businessId: '={{ $json.business }}', contactId },
			{ items },
		);

		expect(inItemOrder(apiRequests(bed.sandbox), [a, b, c]).map((request) => bodyOf(request))).toEqual([
			{ locationId: bed.locationId, ids: [a, c], businessId: ACME },
			{ locationId: bed.locationId, ids: [b], businessId: GLOBEX },
		]);
		expect([a, b, c].map(businessOf)).toEqual([ACME, GLOBEX, ACME]);
		expect(json(result.output(NODE)).map((item) => item.batch)).toEqual([1, 2, 1]);
	});

	test('Remove Contacts sends businessId null; the contacts no longer have a business', async () => {
		const ids = newContacts(3, ACME);
		const result = await bed.run({ resource: 'business', operation: 'removeContacts', contactId }, { items: ids.map((id) => ({ id })) });

		const requests = apiRequests(bed.sandbox);
		expect(requests).toHaveLength(1);
		expect(bodyOf(requests[0])).toEqual({ locationId: bed.locationId, ids, businessId: null });
		expect(ids.map(businessOf)).toEqual([undefined, undefined, undefined]);
		const output = result.output(NODE);
		expect(pairedIndexes(output)).toEqual(inputOrder(3));
		expect(output[0].json).toEqual({ contactId: ids[0], businessId: null, batch: 1 });
	});

	test('bad items and contacts HighLevel leaves out of its answer fail alone with Continue On Fail', async () => {
		const [a, b] = newContacts(2);
		const items = [{ id: a }, { id: 'x'.repeat(51) }, { id: 'NoSuchContact0000000' }, { id: b, business: ' ' }, { id: b }];
		const result = await bed.run(
			{ resource: 'business', operation: 'addContacts', businessId: `={{ $json.business ?? "${ACME}" }}`, contactId },
			{ items, continueOnFail: true },
		);

		expect(apiRequests(bed.sandbox).map((request) => bodyOf(request).ids)).toEqual([[a, 'NoSuchContact0000000', b]]);
		const output = result.output(NODE);
		expect(pairedIndexes(output)).toEqual(inputOrder(5));
		expect(json(output)).toEqual([
			{ contactId: a, businessId: ACME, batch: 1 },
			failedItem('Contact is longer than 50 characters', false),
			failedItem(`HighLevel did not add contact NoSuchContact0000000 to business ${ACME}`, false),
			failedItem('Business ID is empty', false),
			{ contactId: b, businessId: ACME, batch: 1 },
		]);
		expect([a, b].map(businessOf)).toEqual([ACME, ACME]);

		const stopped = await bed.run(
			{ resource: 'business', operation: 'addContacts', businessId: GLOBEX, contactId },
			{ items: [{ id: a }, { id: 'NoSuchContact0000000' }] },
		);
		expect(stopped.error(NODE)?.message).toBe(`HighLevel did not add contact NoSuchContact0000000 to business ${GLOBEX}`);
	});

	test('a batch whose request fails fails exactly its items (fault injection)', async () => {
		const ids = newContacts(3, ACME);
		bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'emptyAnswer' }] });
		const result = await bed.run(
			// One batch at a time, so the first request is the first batch's.
			{ resource: 'business', operation: 'removeContacts', contactId, options: { batchSize: 2 }, requestOptions: { concurrency: 1 } },
			{ items: ids.map((id) => ({ id })), continueOnFail: true },
		);

		expect(apiRequests(bed.sandbox).map((request) => request.fault ?? request.status)).toEqual(['emptyAnswer', 200]);
		expect(json(result.output(NODE))).toEqual([
			failedItem('HighLevel answered 200 without `ids`', true),
			failedItem('HighLevel answered 200 without `ids`', true),
			{ contactId: ids[2], businessId: null, batch: 2 },
		]);
		expect(ids.map(businessOf)).toEqual([ACME, ACME, undefined]);
	});
});
