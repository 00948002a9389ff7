import { apiRequests, startGhlTestBed, type GhlTestBed } from '../harness/ghl';

describe('Get Many pages through GET /contacts/ keeping its query on every page', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed();
		bed.sandbox.seed({ contacts: 1050 });
	});
	afterAll(async () => await bed.close());

	test('Return All over 1,050 contacts reads 11 pages, each with locationId, limit and query', async () => {
		bed.sandbox.clearRequests();
		const result = await bed.run({ resource: 'contact', operation: 'getMany', returnAll: true, simplify: false });

		const contacts = result.output('GHL Contacts').map((item) => item.json);
		expect(contacts).toHaveLength(1050);
		expect(new Set(contacts.map((contact) => contact.id)).size).toBe(1050);
		expect(contacts.map((c) => c.id)).toEqual(bed.sandbox.store.listContacts(bed.locationId).map((c) => c.id));

		const pages = apiRequests(bed.sandbox);
		expect(pages).toHaveLength(11);
		for (const page of pages) {
			expect(page.method).toBe('GET');
			expect(page.path).toBe('/contacts/');
			expect(page.query).toMatchObject({ locationId: bed.locationId, limit: '100' });
			expect(page.status).toBe(200);
		}
		expect(pages.slice(1).every((page) => page.query.startAfterId && page.query.startAfter)).toBe(true);
	});

	test('a query is kept on page 2 and later', async () => {
		const [first] = bed.sandbox.store.listContacts(bed.locationId);
		const domain = String(first.email).split('@')[1];
		bed.sandbox.clearRequests();
		const result = await bed.run({ resource: 'contact', operation: 'getMany', returnAll: true, query: domain });

		const pages = apiRequests(bed.sandbox);
		expect(pages.length).toBeGreaterThanOrEqual(3);
		for (const page of pages) expect(page.query).toMatchObject({ locationId: bed.locationId, limit: '100', query: domain });
		const expected = bed.sandbox.store.listContacts(bed.locationId).filter((c) => String(c.email).includes(domain));
		expect(result.output('GHL Contacts')).toHaveLength(expected.length);
	});

	test('Limit stops early and returns exactly that many', async () => {
		const result = await bed.run({ resource: 'contact', operation: 'getMany', returnAll: false, limit: 7 });
		expect(result.output('GHL Contacts')).toHaveLength(7);
	});
});
