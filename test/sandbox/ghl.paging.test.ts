// GET /contacts/ cursor paging and POST /contacts/search (page window, searchAfter, filters, lag).
import { ManualClock, startGhlSandbox, type Contact, type GhlSandbox } from '../../sandbox/ghl';
import { apiClient, type Api, type ErrorBody, type ListMeta, type SearchHit } from './ghl-helpers';

type ListBody = { contacts: Contact[]; meta: ListMeta };
type SearchBody = { contacts: SearchHit[]; total: number };

describe('GET /contacts/ paging', () => {
	let sb: GhlSandbox;
	let api: Api;
	let locationId: string;

	beforeAll(async () => {
		sb = await startGhlSandbox({ rateLimit: { max: 10_000 }, seed: { contacts: 45, seed: 11 } });
		api = apiClient(sb, sb.createPrivateToken());
		locationId = sb.defaultLocationId;
	});
	afterAll(() => sb.close());

	it('walks every contact once, in dateAdded-then-id order, by following nextPageUrl', async () => {
		const seen: string[] = [];
		let url: string | null = `/contacts/?locationId=${locationId}&limit=20`;
		const pages: ListMeta[] = [];
		while (url) {
			const res: { status: number; body: ListBody } = await api.get<ListBody>(url);
			expect(res.status).toBe(200);
			seen.push(...res.body.contacts.map((c) => c.id));
			pages.push(res.body.meta);
			url = res.body.meta.nextPageUrl;
		}
		expect(seen).toEqual(sb.store.listContacts(locationId).map((c) => c.id));
		expect(pages.map((m) => [m.currentPage, m.nextPage, m.prevPage])).toEqual([
			[1, 2, null],
			[2, 3, 1],
			[3, null, 2],
		]);
		expect(pages[0].total).toBe(45);
		// The seed puts some contacts on the same millisecond: ties must not be skipped or repeated.
		const dates = sb.store.listContacts(locationId).map((c) => c.dateAdded);
		expect(new Set(dates).size).toBeLessThan(dates.length);
	});

	it('nextPageUrl is absolute on the sandbox and repeats locationId, limit and query', async () => {
		const res = await api.get<ListBody>(`/contacts/?locationId=${locationId}&limit=2&query=example`);
		const next = new URL(res.body.meta.nextPageUrl ?? '');
		expect(next.origin).toBe(sb.url);
		expect(next.pathname).toBe('/contacts/');
		expect(Object.fromEntries(next.searchParams)).toEqual({
			locationId,
			limit: '2',
			query: 'example',
			startAfterId: res.body.meta.startAfterId,
			startAfter: String(res.body.meta.startAfter),
		});
	});

	it('fails a page request that drops locationId (403) or changes limit/query (400)', async () => {
		const first = await api.get<ListBody>(`/contacts/?locationId=${locationId}&limit=10`);
		const { startAfterId, startAfter } = first.body.meta;

		const noLocation = await api.get<ErrorBody>(`/contacts/?limit=10&startAfterId=${startAfterId}&startAfter=${startAfter}`);
		expect(noLocation.body).toMatchObject({ statusCode: 403, message: 'The token does not have access to this location.' });

		const noLimit = await api.get<ErrorBody>(`/contacts/?locationId=${locationId}&startAfterId=${startAfterId}&startAfter=${startAfter}`);
		expect(noLimit.status).toBe(400);
		expect(noLimit.body.message).toContain('Repeat locationId, limit and query on every page');
	});

	it('caps limit at 100', async () => {
		const res = await api.get<ErrorBody>(`/contacts/?locationId=${locationId}&limit=101`);
		expect(res.body).toMatchObject({ statusCode: 422, message: ['limit must not be greater than 100'] });
	});
});

describe('POST /contacts/search', () => {
	const TOTAL = 10_500;
	let sb: GhlSandbox;
	let api: Api;
	let locationId: string;

	beforeAll(async () => {
		sb = await startGhlSandbox({ rateLimit: { max: 10_000 }, seed: { contacts: TOTAL, tags: ['alpha', 'beta'], seed: 5 } });
		api = apiClient(sb, sb.createPrivateToken());
		locationId = sb.defaultLocationId;
	});
	afterAll(() => sb.close());

	it('serves pages up to 10,000 results and refuses beyond, pointing at searchAfter', async () => {
		const last = await api.post<SearchBody>('/contacts/search', { locationId, pageLimit: 500, page: 20 });
		expect(last.status).toBe(200);
		expect(last.body.contacts).toHaveLength(500);
		expect(last.body.total).toBe(TOTAL);

		const beyond = await api.post<ErrorBody>('/contacts/search', { locationId, pageLimit: 500, page: 21 });
		expect(beyond.status).toBe(422);
		expect(String(beyond.body.message)).toContain('searchAfter');

		const tooBig = await api.post<ErrorBody>('/contacts/search', { locationId, pageLimit: 501, query: 'x'.repeat(76) });
		expect(tooBig.body.message).toEqual(['pageLimit must not be greater than 500', 'query must be shorter than or equal to 75 characters']);
	});

	it('walks all 10,500 contacts with searchAfter, newest first', async () => {
		const ids: string[] = [];
		let cursor: SearchHit['searchAfter'] | undefined;
		for (;;) {
			const res = await api.post<SearchBody>('/contacts/search', { locationId, pageLimit: 500, ...(cursor ? { searchAfter: cursor } : {}) });
			expect(res.status).toBe(200);
			if (res.body.contacts.length === 0) break;
			ids.push(...res.body.contacts.map((c) => c.id));
			cursor = res.body.contacts.at(-1)?.searchAfter;
		}
		expect(ids).toHaveLength(TOTAL);
		expect(new Set(ids).size).toBe(TOTAL);
		const added = ids.map((id) => sb.store.getContact(id)?.dateAdded ?? '');
		expect([...added].sort().reverse()).toEqual(added);
	});

	it('applies filters, groups, sort and query', async () => {
		const contacts = sb.store.listContacts(locationId);
		const cutoff = contacts[100].dateAdded;
		const res = await api.post<SearchBody>('/contacts/search', {
			locationId,
			pageLimit: 500,
			filters: [
				{ field: 'dateAdded', operator: 'range', value: { lte: cutoff } },
				{ group: 'OR', filters: [{ field: 'tags', operator: 'eq', value: 'alpha' }, { field: 'email', operator: 'not_exists' }] },
			],
			sort: [{ field: 'firstNameLowerCase', direction: 'asc' }],
		});
		const expected = contacts.filter((c) => c.dateAdded <= cutoff && (c.tags.includes('alpha') || !c.email));
		expect(res.body.total).toBe(expected.length);
		expect(new Set(res.body.contacts.map((c) => c.id))).toEqual(new Set(expected.map((c) => c.id)));
		const names = res.body.contacts.map((c) => c.firstNameLowerCase ?? '');
		expect([...names].sort()).toEqual(names);
		expect(res.body.contacts[0].searchAfter).toHaveLength(2);

		const unknownField = await api.post<ErrorBody>('/contacts/search', { locationId, pageLimit: 10, filters: [{ field: 'shoeSize', operator: 'exists' }] });
		expect(unknownField.status).toBe(422);
	});

});

describe('POST /contacts/search lag, on the sandbox clock', () => {
	const clock = new ManualClock(Date.parse('2026-03-01T12:00:00.000Z'));
	let sb: GhlSandbox;
	let api: Api;

	beforeAll(async () => {
		sb = await startGhlSandbox({ rateLimit: { max: 10_000 }, searchLagMs: 300, now: clock.now });
		api = apiClient(sb, sb.createPrivateToken());
	});
	afterAll(() => sb.close());

	it('shows a write only once searchLagMs has passed on its clock, and dates it and its answers by that clock', async () => {
		const locationId = sb.defaultLocationId;
		const created = await api.post<{ contact: Contact }>('/contacts/', { locationId, email: 'lagging@example.org' });
		expect(created.body.contact.dateAdded).toBe('2026-03-01T12:00:00.000Z');
		const find = () =>
			api.post<SearchBody>('/contacts/search', { locationId, pageLimit: 1, filters: [{ field: 'email', operator: 'eq', value: 'lagging@example.org' }] });
		clock.advance(299);
		expect((await find()).body.total).toBe(0);
		clock.advance(1);
		const found = await find();
		expect(found.body.contacts[0]?.id).toBe(created.body.contact.id);
		expect(found.headers.get('date')).toBe('Sun, 01 Mar 2026 12:00:00 GMT');
	});
});
