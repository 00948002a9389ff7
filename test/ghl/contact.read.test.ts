import { apiRequests, byId, startGhlTestBed, UNKNOWN_CONTACT_STATUS, type GhlTestBed } from '../harness/ghl';
import { failedItem } from '../harness/errorItems';

const NODE = 'GHL Contacts';
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };

describe('Contact reads: Get, Get Many by Business, Find Duplicate', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed(FAST);
		bed.sandbox.seed({ contacts: 700, businesses: 1 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	describe('Get', () => {
		test('GETs /contacts/{id} with the version and bearer headers and returns the simplified contact', async () => {
			const contact = bed.sandbox.store.listContacts(bed.locationId)[17];
			const result = await bed.run({
				resource: 'contact',
				operation: 'get',
				contactId: byId(contact.id),
			});

			const [request] = apiRequests(bed.sandbox);
			expect(request).toMatchObject({
				method: 'GET',
				path: `/contacts/${contact.id}`,
				status: 200,
			});
			expect(request.headers).toMatchObject({
				version: '2021-07-28',
				authorization: `Bearer ${bed.pit}`,
			});
			expect(result.output(NODE).map((item) => item.json)).toEqual([
				expect.objectContaining({
					id: contact.id,
					email: contact.email ?? null,
					tags: contact.tags,
					city: contact.city,
				}),
			]);
		});

		test('an unknown id: HighLevel answers 400 or 404 and the error says so and how to fix it', async () => {
			const result = await bed.run({
				resource: 'contact',
				operation: 'get',
				contactId: byId('NoSuchContact0000001'),
			});
			const error = result.error(NODE);
			expect(error?.message).toBe(
				`HighLevel answered ${UNKNOWN_CONTACT_STATUS}: Contact with id NoSuchContact0000001 not found`,
			);
			expect(error?.description).toMatch(/Check the ID.*Trace ID: \S+/);
		});
	});

	describe('Get Many by Business', () => {
		function businessWithMostContacts(): { businessId: string; expected: string[] } {
			const byBusiness = new Map<string, string[]>();
			for (const contact of bed.sandbox.store.listContacts(bed.locationId)) {
				if (!contact.businessId) continue;
				byBusiness.set(contact.businessId, [
					...(byBusiness.get(contact.businessId) ?? []),
					contact.id,
				]);
			}
			const [businessId, expected] = [...byBusiness].sort((a, b) => b[1].length - a[1].length)[0];
			return { businessId, expected };
		}

		test('Return All pages with skip, keeping locationId, limit and query, until count is reached', async () => {
			const { businessId, expected } = businessWithMostContacts();
			expect(expected.length).toBeGreaterThan(100);
			const result = await bed.run({
				resource: 'contact',
				operation: 'getManyByBusiness',
				businessId,
				returnAll: true,
			});

			const ids = result.output(NODE).map((item) => item.json.id);
			expect(ids).toEqual(expected);
			const pages = apiRequests(bed.sandbox);
			expect(pages).toHaveLength(Math.ceil(expected.length / 100));
			pages.forEach((page, index) => {
				expect(page).toMatchObject({
					method: 'GET',
					path: `/contacts/business/${businessId}`,
					status: 200,
				});
				expect(page.query).toEqual({
					locationId: bed.locationId,
					limit: '100',
					skip: String(index * 100),
				});
				expect(page.headers.version).toBe('2021-07-28');
			});
		});

		test('Limit and Query reach the API and bound the result', async () => {
			const { businessId } = businessWithMostContacts();
			const query = 'example.com';
			const result = await bed.run({
				resource: 'contact',
				operation: 'getManyByBusiness',
				businessId,
				returnAll: false,
				limit: 7,
				query,
			});

			expect(result.output(NODE)).toHaveLength(7);
			expect(apiRequests(bed.sandbox).map((page) => page.query)).toEqual([
				{ locationId: bed.locationId, limit: '7', skip: '0', query },
			]);
		});

		test('a business without contacts returns no items', async () => {
			const result = await bed.run({
				resource: 'contact',
				operation: 'getManyByBusiness',
				businessId: 'NoSuchBusiness',
				returnAll: true,
			});
			expect(result.error(NODE)).toBeUndefined();
			expect(result.output(NODE)).toEqual([]);
		});
	});

	describe('Find Duplicate', () => {
		test('by email: returns the matching contact with found=true', async () => {
			const contact = bed.sandbox.store.listContacts(bed.locationId).find((c) => c.email)!;
			const result = await bed.run({
				resource: 'contact',
				operation: 'findDuplicate',
				email: contact.email!.toUpperCase(),
			});

			const [request] = apiRequests(bed.sandbox);
			expect(request).toMatchObject({
				method: 'GET',
				path: '/contacts/search/duplicate',
				status: 200,
			});
			expect(request.query).toEqual({
				locationId: bed.locationId,
				email: contact.email!.toUpperCase(),
			});
			expect(request.headers).toMatchObject({
				version: '2021-07-28',
				authorization: `Bearer ${bed.pit}`,
			});
			expect(result.output(NODE).map((item) => item.json)).toEqual([
				expect.objectContaining({ found: true, id: contact.id, email: contact.email }),
			]);
		});

		test('by phone: the number is normalised to E.164 and sent as "number"', async () => {
			const contact = bed.sandbox.store.listContacts(bed.locationId).find((c) => c.phone)!;
			const typed = `${contact.phone!.slice(0, 2)} (${contact.phone!.slice(2, 5)}) ${contact.phone!.slice(5, 8)}-${contact.phone!.slice(8)}`;
			const result = await bed.run({
				resource: 'contact',
				operation: 'findDuplicate',
				phone: typed,
				simplify: false,
			});

			expect(apiRequests(bed.sandbox)[0].query).toEqual({
				locationId: bed.locationId,
				number: contact.phone,
			});
			const [item] = result.output(NODE);
			expect(item.json).toMatchObject({ found: true, id: contact.id, phone: contact.phone });
			// Simplify off: the full record, e.g. with the lower-case copies HighLevel keeps.
			expect(item.json).toHaveProperty('fullNameLowerCase');
		});

		test('no match: one item with found=false', async () => {
			const result = await bed.run({
				resource: 'contact',
				operation: 'findDuplicate',
				email: 'nobody.at.all@example.org',
			});
			expect(result.output(NODE).map((item) => item.json)).toEqual([{ found: false }]);
		});

		test.each([
			[{}, /^Email or Phone is required$/],
			[{ email: 'nobody@' }, /^Email "nobody@" is not a valid email address$/],
			[{ phone: '12' }, /^Phone "12" is not a valid phone number$/],
		])('bad input %j fails before any request', async (parameters, message) => {
			const result = await bed.run({
				resource: 'contact',
				operation: 'findDuplicate',
				...parameters,
			});
			expect(result.error(NODE)?.message).toMatch(message);
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});
	});
});

describe('many input items', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed(FAST);
		bed.sandbox.seed({ contacts: 60 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	test('Continue On Fail: 3 items with a bad middle one give 3 items, the middle an error, paired correctly', async () => {
		const [first, , third] = bed.sandbox.store.listContacts(bed.locationId);
		const result = await bed.run(
			{ resource: 'contact', operation: 'get', contactId: byId('={{ $json.id }}') },
			{ items: [{ id: first.id }, { id: 'bad/id' }, { id: third.id }], continueOnFail: true },
		);

		const output = result.output(NODE);
		expect(output).toHaveLength(3);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.id).toBe(first.id);
		expect(output[1].json).toEqual(failedItem('Contact must not contain "/", "\\", "?", "#" or "%"', false));
		expect(output[2].json.id).toBe(third.id);
		expect(
			apiRequests(bed.sandbox)
				.map((request) => request.path)
				.sort(),
		).toEqual([`/contacts/${first.id}`, `/contacts/${third.id}`].sort());
	});

	test('Continue On Fail with an API error in the middle (unknown id) keeps going too', async () => {
		const [first, second] = bed.sandbox.store.listContacts(bed.locationId);
		const result = await bed.run(
			{ resource: 'contact', operation: 'delete', contactId: byId('={{ $json.id }}') },
			{
				items: [{ id: first.id }, { id: 'NoSuchContact0000009' }, { id: second.id }],
				continueOnFail: true,
			},
		);
		const output = result.output(NODE);
		expect(output.map((item) => item.json)).toEqual([
			{ id: first.id, deleted: true },
			failedItem(`HighLevel answered ${UNKNOWN_CONTACT_STATUS}: Contact with id NoSuchContact0000009 not found`, false),
			{ id: second.id, deleted: true },
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(bed.sandbox.store.getContact(first.id)).toBeUndefined();
		expect(bed.sandbox.store.getContact(second.id)).toBeUndefined();
	});

	test('50 items with Concurrency 5: at most 5 requests in flight, output in input order', async () => {
		bed.sandbox.configure({ latencyMs: 15 });
		try {
			// Shuffle so input order is not the store's order.
			const ids = bed.sandbox.store
				.listContacts(bed.locationId)
				.slice(0, 50)
				.map((contact) => contact.id)
				.reverse();
			const result = await bed.run(
				{
					resource: 'contact',
					operation: 'get',
					contactId: byId('={{ $json.id }}'),
					requestOptions: { concurrency: 5 },
				},
				{ items: ids.map((id) => ({ id })) },
			);

			const output = result.output(NODE);
			expect(output.map((item) => item.json.id)).toEqual(ids);
			output.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));

			const requests = apiRequests(bed.sandbox);
			expect(requests).toHaveLength(50);
			const spans = requests.map((request) => ({
				start: Date.parse(request.time),
				end: Date.parse(request.time) + (request.durationMs ?? 0),
			}));
			const inFlight = spans.map(
				(span) =>
					spans.filter((other) => other.start <= span.start && other.end > span.start).length,
			);
			expect(Math.max(...inFlight)).toBeLessThanOrEqual(5);
			expect(Math.max(...inFlight)).toBeGreaterThan(1);
		} finally {
			bed.sandbox.configure({ latencyMs: 0 });
		}
	});
});
