import { apiRequests, byId, startGhlTestBed, UNKNOWN_CONTACT_STATUS, type GhlTestBed } from '../harness/ghl';

describe('API failures become errors that help, and never show a token', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed({ latencyMs: 0 });
		bed.sandbox.seed({ contacts: 30 });
	});
	afterAll(async () => await bed.close());

	test('an unknown contact id names the status, the service message and its trace id', async () => {
		bed.sandbox.clearRequests();
		const result = await bed.run({ resource: 'contact', operation: 'get', contactId: byId('doesNotExist0000001') });

		const error = result.error('GHL Contacts');
		const [request] = apiRequests(bed.sandbox);
		expect(error?.message).toMatch(new RegExp(`^HighLevel answered ${UNKNOWN_CONTACT_STATUS}: `));
		expect(error?.description).toContain(`Trace ID: ${request.traceId}`);
		expect(error?.description).toMatch(/Check the ID/);
		expect(JSON.stringify(error)).not.toContain(bed.pit);
	});

	test('a revoked token says to reconnect or paste a current token, without echoing it', async () => {
		const stored = bed.credentials.stored('ghl-pit');
		const original = stored.data.token;
		stored.data.token = 'pit-00000000-dead-beef-0000-000000000000';
		try {
			const [contact] = bed.sandbox.store.listContacts(bed.locationId);
			const result = await bed.run({ resource: 'contact', operation: 'get', contactId: byId(contact.id) });
			const error = result.error('GHL Contacts');
			expect(error?.message).toMatch(/^HighLevel answered 401: Invalid JWT/);
			expect(error?.description).toMatch(/paste a current Private Integration token/);
			expect(JSON.stringify(error)).not.toContain('dead-beef');
		} finally {
			stored.data.token = original;
		}
	});

	test('a location the token does not belong to is explained', async () => {
		const result = await bed.run({ resource: 'contact', operation: 'getMany', locationId: 'SomeOtherLocation001', limit: 5 });
		const error = result.error('GHL Contacts');
		expect(error?.message).toMatch(/^HighLevel answered 403: The token does not have access to this location/);
		expect(error?.description).toMatch(/Location ID/);
	});
});

describe('bounded concurrency', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed({ latencyMs: 40, rateLimit: { max: 1000, intervalMs: 10_000 } });
		bed.sandbox.seed({ contacts: 24 });
	});
	afterAll(async () => await bed.close());

	test.each([1, 3, 6])('with Concurrency %i, no more requests than that are in flight at once', async (concurrency) => {
		const ids = bed.sandbox.store.listContacts(bed.locationId).map((contact) => contact.id);
		bed.sandbox.clearRequests();
		const result = await bed.run(
			{ resource: 'contact', operation: 'get', contactId: '={{ $json.id }}', requestOptions: { concurrency } },
			{ items: ids.map((id) => ({ id })) },
		);
		expect(result.output('GHL Contacts').map((item) => item.json.id)).toEqual(ids);

		// Replay arrivals and completions to find the most requests the sandbox held at once.
		const events = apiRequests(bed.sandbox).flatMap((request) => {
			const start = Date.parse(request.time);
			return [
				{ at: start, delta: 1 },
				{ at: start + (request.durationMs ?? 0), delta: -1 },
			];
		});
		events.sort((a, b) => a.at - b.at || a.delta - b.delta);
		let inFlight = 0;
		let peak = 0;
		for (const event of events) {
			inFlight += event.delta;
			peak = Math.max(peak, inFlight);
		}
		expect(peak).toBeLessThanOrEqual(concurrency);
		// And concurrency is used: with latency, more than one request overlaps when allowed.
		if (concurrency > 1) expect(peak).toBeGreaterThan(1);
	});
});
