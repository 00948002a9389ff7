import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RecordedRequest } from '../../sandbox/ghl';
import { apiRequests, byId, inputOrder, pairedIndexes, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { errorMessage, failedItem } from '../harness/errorItems';

const NODE = 'GHL Contacts';
const ADD_PATH = '/contacts/bulk/tags/update/add';
const REMOVE_PATH = '/contacts/bulk/tags/update/remove';
const contactId = byId('={{ $json.id }}');

describe('Tag → Add to / Remove From Many Contacts: one request per batch of contacts', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		// A roomy limit: these tests are about batching, and pacing would only slow them down.
		bed = await startGhlTestBed({ rateLimit: { max: 1000, intervalMs: 10_000 } });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.sandbox.clearRequests();
		bed.sandbox.setFaults({});
	});

	const newContacts = (count: number, tags: string[] = []) =>
		Array.from({ length: count }, () => bed.sandbox.store.addContact({ firstName: 'Ada', tags }).id);
	const tagsOf = (id: string) => bed.sandbox.store.getContact(id)?.tags;
	const bodyOf = (request: RecordedRequest) => request.body as { contacts: string[]; tags: string[]; locationId: string };
	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
	// Batches go out up to Concurrency at a time, so they may arrive in any order: sort by the first contact.
	const inItemOrder = (requests: RecordedRequest[], ids: string[]) =>
		[...requests].sort((x, y) => ids.indexOf(bodyOf(x).contacts[0]) - ids.indexOf(bodyOf(y).contacts[0]));

	test('250 items with Batch Size 100: 3 requests of 100, 100 and 50 contacts; every contact holds the tags', async () => {
		const ids = newContacts(250, ['existing']);
		const result = await bed.run(
			{ resource: 'tag', operation: 'addBulk', contactId, tags: 'Webinar-2026, vip', options: { batchSize: 100 } },
			{ items: ids.map((id) => ({ id })) },
		);

		expect(result.error(NODE)).toBeUndefined();
		const requests = inItemOrder(apiRequests(bed.sandbox), ids);
		expect(requests.map((request) => [request.method, request.path, request.status])).toEqual([
			['POST', ADD_PATH, 201],
			['POST', ADD_PATH, 201],
			['POST', ADD_PATH, 201],
		]);
		for (const request of requests) {
			expect(request.headers.version).toBe('2021-07-28');
			expect(bodyOf(request)).toMatchObject({ tags: ['Webinar-2026', 'vip'], locationId: bed.locationId });
		}
		expect(requests.flatMap((request) => bodyOf(request).contacts)).toEqual(ids);
		expect(requests.map((request) => bodyOf(request).contacts.length)).toEqual([100, 100, 50]);
		for (const id of ids) expect(tagsOf(id)).toEqual(['existing', 'webinar-2026', 'vip']);

		const output = result.output(NODE);
		expect(pairedIndexes(output)).toEqual(inputOrder(250));
		expect(output[0].json).toEqual({
			contactId: ids[0],
			tags: ['Webinar-2026', 'vip'],
			batch: 1,
			oldTags: ['existing'],
			tagsAdded: ['webinar-2026', 'vip'],
			tagsRemoved: [],
		});
		expect(json(output).map((item) => item.contactId)).toEqual(ids);
		expect(json(output).map((item) => item.batch)).toEqual([
			...Array<number>(100).fill(1),
			...Array<number>(100).fill(2),
			...Array<number>(50).fill(3),
		]);
	});

	test('the default Batch Size is 100, and more than 100 is refused before any request', async () => {
		const ids = newContacts(101);
		await bed.run({ resource: 'tag', operation: 'addBulk', contactId, tags: 'vip' }, { items: ids.map((id) => ({ id })) });
		expect(inItemOrder(apiRequests(bed.sandbox), ids).map((request) => bodyOf(request).contacts.length)).toEqual([100, 1]);

		bed.sandbox.clearRequests();
		const tooBig = await bed.run(
			{ resource: 'tag', operation: 'addBulk', contactId, tags: 'vip', options: { batchSize: '={{ 500 }}' } },
			{ items: [{ id: ids[0] }] },
		);
		expect(tooBig.error(NODE)?.message).toBe('Batch Size must be a whole number from 1 to 100');
		expect(apiRequests(bed.sandbox)).toEqual([]);
	});

	test('items are grouped by their tag set (in any order), one request per group; the same contact twice is sent once', async () => {
		const [a, b, c, d] = newContacts(4);
		const items = [
			{ id: a, tags: 'x, y' },
			{ id: b, tags: 'z' },
			{ id: c, tags: ['y', 'x'] },
			{ id: d, tags: 'z' },
			{ id: a, tags: 'y,x' },
		];
		const result = await bed.run({ resource: 'tag', operation: 'addBulk', contactId, tags: '={{ $json.tags }}' }, { items });

		expect(inItemOrder(apiRequests(bed.sandbox), [a, b, c, d]).map((request) => bodyOf(request))).toEqual([
			{ contacts: [a, c], tags: ['x', 'y'], locationId: bed.locationId },
			{ contacts: [b, d], tags: ['z'], locationId: bed.locationId },
		]);
		expect([a, b, c, d].map(tagsOf)).toEqual([['x', 'y'], ['z'], ['x', 'y'], ['z']]);
		const output = result.output(NODE);
		expect(pairedIndexes(output)).toEqual(inputOrder(5));
		expect(json(output).map(({ contactId: id, batch }) => [id, batch])).toEqual([
			[a, 1],
			[b, 2],
			[c, 1],
			[d, 2],
			[a, 1],
		]);
	});

	test('with Continue On Fail, items with bad input fail alone and the others are sent', async () => {
		const [a, b] = newContacts(2);
		const items = [{ id: a, tags: 'vip' }, { id: '', tags: 'vip' }, { id: b, tags: '' }, { id: 'has space', tags: 'vip' }, { id: b, tags: 'vip' }];
		const result = await bed.run(
			{ resource: 'tag', operation: 'addBulk', contactId, tags: '={{ $json.tags }}' },
			{ items, continueOnFail: true },
		);

		expect(apiRequests(bed.sandbox).map((request) => bodyOf(request).contacts)).toEqual([[a, b]]);
		const output = result.output(NODE);
		expect(pairedIndexes(output)).toEqual(inputOrder(5));
		expect(json(output)).toEqual([
			{ contactId: a, tags: ['vip'], batch: 1, oldTags: [], tagsAdded: ['vip'], tagsRemoved: [] },
			failedItem('Contact is empty', false),
			failedItem('Tags is empty', false),
			failedItem('Contact must not contain spaces or line breaks', false),
			{ contactId: b, tags: ['vip'], batch: 1, oldTags: [], tagsAdded: ['vip'], tagsRemoved: [] },
		]);
	});

	test('without Continue On Fail, one bad item stops the node before any request', async () => {
		const [a] = newContacts(1);
		const result = await bed.run(
			{ resource: 'tag', operation: 'addBulk', contactId, tags: 'vip' },
			{ items: [{ id: a }, { id: '' }] },
		);
		expect(result.error(NODE)?.message).toBe('Contact is empty');
		expect(apiRequests(bed.sandbox)).toEqual([]);
		expect(tagsOf(a)).toEqual([]);
	});

	test("contacts HighLevel reports as failed fail their own items with HighLevel's message; the rest are tagged", async () => {
		const [a, b] = newContacts(2);
		const items = [{ id: a }, { id: 'NoSuchContact0000000' }, { id: b }];
		const result = await bed.run(
			{ resource: 'tag', operation: 'addBulk', contactId, tags: 'vip' },
			{ items, continueOnFail: true },
		);

		expect(apiRequests(bed.sandbox)).toHaveLength(1);
		const output = result.output(NODE);
		expect(pairedIndexes(output)).toEqual(inputOrder(3));
		expect(output[1].json).toEqual(failedItem('HighLevel did not add the tags to contact NoSuchContact0000000: contact not found', false));
		expect([output[0].json.contactId, output[2].json.contactId]).toEqual([a, b]);
		expect([a, b].map(tagsOf)).toEqual([['vip'], ['vip']]);

		const stopped = await bed.run({ resource: 'tag', operation: 'addBulk', contactId, tags: 'lead' }, { items });
		expect(stopped.error(NODE)?.message).toBe(
			'HighLevel did not add the tags to contact NoSuchContact0000000: contact not found',
		);
		expect([a, b].map(tagsOf)).toEqual([
			['vip', 'lead'],
			['vip', 'lead'],
		]);
	});

	test('a batch whose request fails fails exactly its items, with the answer (fault injection)', async () => {
		const ids = newContacts(5);
		// The second batch's request gets 200 `{}` from a misbehaving proxy: not readable, not retried.
		bed.sandbox.setFaults({ schedule: [{ atRequest: 2, kind: 'emptyAnswer' }] });
		const result = await bed.run(
			// One batch at a time, so the second request is the second batch's.
			{ resource: 'tag', operation: 'addBulk', contactId, tags: 'vip', options: { batchSize: 2 }, requestOptions: { concurrency: 1 } },
			{ items: ids.map((id) => ({ id })), continueOnFail: true },
		);

		expect(apiRequests(bed.sandbox).map((request) => request.fault ?? request.status)).toEqual([201, 'emptyAnswer', 201]);
		const output = result.output(NODE);
		expect(pairedIndexes(output)).toEqual(inputOrder(5));
		expect(json(output).map((item) => errorMessage(item) ?? item.batch)).toEqual([
			1,
			1,
			'HighLevel answered 200 without `responses`',
			'HighLevel answered 200 without `responses`',
			3,
		]);
		expect(ids.map(tagsOf)).toEqual([['vip'], ['vip'], [], [], ['vip']]);
	});

	test("a batch HighLevel refuses fails its items with HighLevel's message; without Continue On Fail the node fails", async () => {
		const other = bed.sandbox.addLocation({ id: 'TagBulkOtherLocation' });
		const [a, b] = newContacts(2);
		const items = [{ id: a, location: '' }, { id: b, location: other.id }];
		const parameters = { resource: 'tag', operation: 'addBulk', contactId, tags: 'vip', locationId: '={{ $json.location }}' };

		const result = await bed.run(parameters, { items, continueOnFail: true });
		expect(inItemOrder(apiRequests(bed.sandbox), [a, b]).map((request) => [bodyOf(request).locationId, request.status])).toEqual([
			[bed.locationId, 201],
			[other.id, 403],
		]);
		expect(json(result.output(NODE))).toEqual([
			expect.objectContaining({ contactId: a, batch: 1 }),
			failedItem('HighLevel answered 403: The token does not have access to this location.', false),
		]);

		const stopped = await bed.run(parameters, { items });
		expect(stopped.error(NODE)?.message).toBe('HighLevel answered 403: The token does not have access to this location.');
	});

	test('a batch that meets a 5xx is sent again (adding tags is idempotent) and succeeds', async () => {
		const ids = newContacts(3);
		bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: '5xx' }] });
		const result = await bed.run({ resource: 'tag', operation: 'addBulk', contactId, tags: 'vip' }, { items: ids.map((id) => ({ id })) });

		expect(result.error(NODE)).toBeUndefined();
		expect(apiRequests(bed.sandbox).map((request) => request.fault ?? request.status)).toEqual(['5xx', 201]);
		expect(ids.map(tagsOf)).toEqual([['vip'], ['vip'], ['vip']]);
	});

	test('Remove From Many Contacts removes only those tags, in one request per batch', async () => {
		const ids = newContacts(3, ['lead', 'vip', 'webinar-2026']);
		const result = await bed.run(
			{ resource: 'tag', operation: 'removeBulk', contactId, tags: 'vip, webinar-2026, never-had' },
			{ items: ids.map((id) => ({ id })) },
		);

		const requests = apiRequests(bed.sandbox);
		expect(requests.map((request) => [request.method, request.path, request.status])).toEqual([['POST', REMOVE_PATH, 201]]);
		expect(bodyOf(requests[0])).toEqual({ contacts: ids, tags: ['vip', 'webinar-2026', 'never-had'], locationId: bed.locationId });
		expect(ids.map(tagsOf)).toEqual([['lead'], ['lead'], ['lead']]);
		const output = result.output(NODE);
		expect(pairedIndexes(output)).toEqual(inputOrder(3));
		expect(output[0].json as IDataObject).toMatchObject({ contactId: ids[0], batch: 1, tagsRemoved: ['vip', 'webinar-2026'] });
	});
});
