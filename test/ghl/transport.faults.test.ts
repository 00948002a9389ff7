import { apiRequests, startGhlTestBed, type GhlTestBed } from '../harness/ghl';

describe('retries make reads complete through an unreliable service', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		// A roomy rate limit: this test is about faults, and pacing would only slow it down.
		bed = await startGhlTestBed({ rateLimit: { max: 1000, intervalMs: 10_000 } });
		bed.sandbox.seed({ contacts: 200 });
	});
	afterAll(async () => await bed.close());

	test('200 reads with 20 % injected 5xx and connection resets return complete, correct output', async () => {
		const contacts = bed.sandbox.store.listContacts(bed.locationId);
		bed.sandbox.resetStats();
		bed.sandbox.setFaults({ seed: 42, rate: { status5xx: 0.1, reset: 0.1 } });
		const result = await bed.run(
			{ resource: 'contact', operation: 'get', contactId: '={{ $json.id }}', simplify: false, requestOptions: { concurrency: 8 } },
			{ items: contacts.map((contact) => ({ id: contact.id })) },
		);
		bed.sandbox.setFaults({});

		expect(result.error('GHL Contacts')).toBeUndefined();
		const output = result.output('GHL Contacts').map((item) => item.json);
		expect(output.map((contact) => contact.id)).toEqual(contacts.map((contact) => contact.id));
		expect(output.map((contact) => contact.email)).toEqual(contacts.map((contact) => contact.email));
		const { faults } = bed.sandbox.stats;
		expect(faults['5xx']).toBeGreaterThan(5);
		expect(faults.reset).toBeGreaterThan(5);
		expect(apiRequests(bed.sandbox).length).toBe(200 + faults['5xx'] + faults.reset);
	});

	test('a read that meets a connection reset is sent again and succeeds', async () => {
		bed.sandbox.clearRequests();
		bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'reset' }] });
		const result = await bed.run({
			resource: 'contact',
			operation: 'getMany',
			returnAll: false,
			limit: 1,
		});
		bed.sandbox.setFaults({});
		expect(result.output('GHL Contacts')).toHaveLength(1);
		expect(apiRequests(bed.sandbox).map((request) => request.fault ?? request.status)).toEqual(['reset', 200]);
	});
});
