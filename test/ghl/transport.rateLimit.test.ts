import { apiRequests, byId, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { failedItem } from '../harness/errorItems';

// GHL allows 100 requests per 10 s per location; the same shape scaled to 50 per second keeps the
// test short while exercising the same governor.
const LIMIT = { max: 50, intervalMs: 1000 };

describe('the rate governor keeps a long run under the location limit', () => {
	let bed: GhlTestBed;
	let ids: string[];

	beforeAll(async () => {
		bed = await startGhlTestBed({ rateLimit: LIMIT });
		bed.sandbox.seed({ contacts: 350 });
		ids = bed.sandbox.store.listContacts(bed.locationId).map((contact) => contact.id);
	});
	afterAll(async () => await bed.close());

	test('350 reads through a 50-per-second limit all succeed without a single 429', async () => {
		bed.sandbox.clearRequests();
		bed.sandbox.resetStats();
		const result = await bed.run(
			{ resource: 'contact', operation: 'get', contactId: '={{ $json.id }}', requestOptions: { concurrency: 10 } },
			{ items: ids.map((id) => ({ id })) },
		);

		const output = result.output('GHL Contacts');
		expect(output.map((item) => item.json.id)).toEqual(ids);
		expect(output.every((item) => item.json.error === undefined)).toBe(true);
		expect(bed.sandbox.stats.rateLimited).toBe(0);

		// The sandbox enforces the limit and counts every 429 it answers: without the governor,
		// 350 requests at this concurrency run into it within the first second.
		expect(apiRequests(bed.sandbox)).toHaveLength(350);
	});

	test('429s the service sends anyway (another app spending the budget) are waited out and retried', async () => {
		bed.sandbox.clearRequests();
		bed.sandbox.resetStats();
		bed.sandbox.setFaults({ seed: 7, schedule: [3, 4, 5, 9].map((atRequest) => ({ atRequest, kind: '429' as const })) });
		const sample = ids.slice(0, 20);
		const result = await bed.run(
			{ resource: 'contact', operation: 'get', contactId: '={{ $json.id }}' },
			{ items: sample.map((id) => ({ id })) },
		);
		bed.sandbox.setFaults({});

		expect(result.output('GHL Contacts').map((item) => item.json.id)).toEqual(sample);
		expect(bed.sandbox.stats.faults['429']).toBe(4);
		expect(apiRequests(bed.sandbox)).toHaveLength(24);
	});
});

describe('a spent daily quota', () => {
	test('fails the remaining items at once with a clear error instead of retrying', async () => {
		const bed = await startGhlTestBed({ rateLimit: { max: 100, intervalMs: 10_000, daily: 5 } });
		try {
			bed.sandbox.seed({ contacts: 8 });
			const ids = bed.sandbox.store.listContacts(bed.locationId).map((contact) => contact.id);
			const result = await bed.run(
				{ resource: 'contact', operation: 'get', contactId: '={{ $json.id }}', requestOptions: { concurrency: 1 } },
				{ items: ids.map((id) => ({ id })), continueOnFail: true },
			);

			const output = result.output('GHL Contacts').map((item) => item.json);
			// One output item per input item: five contacts, then three error items.
			expect(output).toHaveLength(ids.length);
			expect(output.slice(0, 5).map((contact) => contact.id)).toEqual(ids.slice(0, 5));
			expect(output.slice(5)).toEqual(
				ids.slice(5).map(() => (failedItem('HighLevel daily request quota is used up', true))),
			);
			expect(apiRequests(bed.sandbox)).toHaveLength(5);
		} finally {
			await bed.close();
		}
	});
});

describe('a bad path segment never reaches the network', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed();
	});
	afterAll(async () => await bed.close());

	test.each([
		['a/b', 'must not contain'],
		['..', 'must not be "." or ".."'],
		['abc def', 'must not contain spaces'],
		['abc?x=1', 'must not contain'],
		['abc#frag', 'must not contain'],
		['%2e%2e', 'must not contain'],
		['   ', 'is empty'],
		['x'.repeat(200), 'longer than'],
	])('contact id %j from an expression is refused before any request', async (id, problem) => {
		// The editor already rejects such ids typed by hand; expressions bring them in at run time.
		bed.sandbox.clearRequests();
		const result = await bed.run(
			{ resource: 'contact', operation: 'get', contactId: byId('={{ $json.id }}') },
			{ items: [{ id }] },
		);
		const error = result.error('GHL Contacts');
		expect(error?.message).toContain('Contact');
		expect(error?.message).toContain(problem);
		expect(apiRequests(bed.sandbox)).toHaveLength(0);
	});
});
