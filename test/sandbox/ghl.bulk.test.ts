// POST /contacts/bulk/tags/update/{type} and POST /contacts/bulk/business: validation, per-contact
// outcomes, what the store holds afterwards, and that they count and log like every API route.
import { startGhlSandbox, type GhlSandbox } from '../../sandbox/ghl';
import { apiClient, type Api, type ErrorBody } from './ghl-helpers';

interface TagsAnswer {
	succeded: boolean;
	errorCount: number;
	responses: Array<{ contactId: string; message: string; type: 'success' | 'error'; oldTags?: string[]; tagsAdded?: string[]; tagsRemoved?: string[] }>;
}

let sb: GhlSandbox;
let api: Api;
let locationId: string;
const OTHER_LOCATION = 'BulkOtherLocation0001';

beforeAll(async () => {
	sb = await startGhlSandbox({ rateLimit: { max: 10_000 } });
	sb.addLocation({ id: OTHER_LOCATION });
	api = apiClient(sb, sb.createPrivateToken());
	locationId = sb.defaultLocationId;
});
afterAll(() => sb.close());

const newContact = (tags: string[] = [], businessId?: string) => sb.store.addContact({ firstName: 'Ada', tags, ...(businessId ? { businessId } : {}) }).id;
const contact = (id: string) => sb.store.getContact(id);

describe('POST /contacts/bulk/tags/update/{type}', () => {
	it('adds the tags to every contact, keeps their other tags, answers 201 with one response per contact', async () => {
		const a = newContact(['old']);
		const b = newContact(['vip']);
		const res = await api.post<TagsAnswer>('/contacts/bulk/tags/update/add', { contacts: [a, b], tags: ['VIP', 'webinar'], locationId });

		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ succeded: true, errorCount: 0 });
		expect(res.body.responses).toEqual([
			{ contactId: a, message: 'Tags updated', type: 'success', oldTags: ['old'], tagsAdded: ['vip', 'webinar'], tagsRemoved: [] },
			{ contactId: b, message: 'Tags updated', type: 'success', oldTags: ['vip'], tagsAdded: ['webinar'], tagsRemoved: [] },
		]);
		expect(contact(a)?.tags).toEqual(['old', 'vip', 'webinar']);
		expect(contact(b)?.tags).toEqual(['vip', 'webinar']);
	});

	it('reports unknown, malformed and other-location contacts as errors and still updates the rest', async () => {
		const ok = newContact();
		const elsewhere = sb.store.addContact({ locationId: OTHER_LOCATION, firstName: 'Bo' }).id;
		const res = await api.post<TagsAnswer>('/contacts/bulk/tags/update/add', {
			contacts: [ok, 'abcdef', 'NoSuchContact0000000', elsewhere],
			tags: ['vip'],
			locationId,
		});

		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ succeded: false, errorCount: 3 });
		expect(res.body.responses.map(({ contactId, type, message }) => ({ contactId, type, message }))).toEqual([
			{ contactId: ok, type: 'success', message: 'Tags updated' },
			{ contactId: 'abcdef', type: 'error', message: 'contact id is not a valid firebase id' },
			{ contactId: 'NoSuchContact0000000', type: 'error', message: 'contact not found' },
			{ contactId: elsewhere, type: 'error', message: 'contact does not belong to location' },
		]);
		expect(contact(ok)?.tags).toEqual(['vip']);
		expect(contact(elsewhere)?.tags).toEqual([]);
	});

	it('removes only the given tags, or all of them with removeAllTags', async () => {
		const a = newContact(['lead', 'vip', 'webinar']);
		const b = newContact(['lead', 'vip']);
		const res = await api.post<TagsAnswer>('/contacts/bulk/tags/update/remove', { contacts: [a, b], tags: ['vip', 'never-had'], locationId });
		expect(res.status).toBe(201);
		expect(res.body.responses.map((response) => response.tagsRemoved)).toEqual([['vip'], ['vip']]);
		expect(contact(a)?.tags).toEqual(['lead', 'webinar']);
		expect(contact(b)?.tags).toEqual(['lead']);

		const all = await api.post<TagsAnswer>('/contacts/bulk/tags/update/remove', { contacts: [a], tags: [], locationId, removeAllTags: true });
		expect(all.body.responses[0]).toMatchObject({ type: 'success', tagsRemoved: ['lead', 'webinar'] });
		expect(contact(a)?.tags).toEqual([]);
	});

	it('refuses removeAllTags with the add type (400)', async () => {
		const a = newContact(['keep']);
		const res = await api.post<ErrorBody>('/contacts/bulk/tags/update/add', { contacts: [a], tags: ['x'], locationId, removeAllTags: true });
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ statusCode: 400, message: 'removeAllTags can only be used with remove type' });
		expect(contact(a)?.tags).toEqual(['keep']);
	});

	it('validates the type and the body (422 with every problem)', async () => {
		const type = await api.post<ErrorBody>('/contacts/bulk/tags/update/replace', { contacts: [], tags: [], locationId });
		expect(type.status).toBe(422);
		expect(type.body.message).toEqual(['type must be one of the following values: add, remove']);

		const body = await api.post<ErrorBody>('/contacts/bulk/tags/update/add', { contacts: 'abc', tags: [1], removeAllTags: 'no', extra: 1 });
		expect(body.status).toBe(422);
		expect(body.body.message).toEqual(
			expect.arrayContaining([
				'locationId should not be empty',
				'contacts must be an array',
				'each value in tags must be a string',
				'removeAllTags must be a boolean value',
				'property extra should not exist',
			]),
		);
	});

	it('answers 403 for another location and 401 without the contacts.write scope', async () => {
		const a = newContact(['keep']);
		const other = await api.post<ErrorBody>('/contacts/bulk/tags/update/add', { contacts: [a], tags: ['x'], locationId: OTHER_LOCATION });
		expect(other.status).toBe(403);
		const readOnly = apiClient(sb, sb.createPrivateToken({ scopes: ['contacts.readonly'] }));
		const unauthorized = await readOnly.post<ErrorBody>('/contacts/bulk/tags/update/add', { contacts: [a], tags: ['x'], locationId });
		expect(unauthorized.status).toBe(401);
		expect(unauthorized.body.message).toBe('The token is not authorized for this scope.');
		expect(contact(a)?.tags).toEqual(['keep']);
	});
});

describe('POST /contacts/bulk/business', () => {
	const BUSINESS = '63b7ec34ea409a9a8bd2a4ff';

	it('sets the business of the contacts it knows and answers their ids; unknown ones are left out', async () => {
		const a = newContact();
		const b = newContact([], 'OldBusiness000000001');
		const elsewhere = sb.store.addContact({ locationId: OTHER_LOCATION, firstName: 'Bo' }).id;
		const res = await api.post<{ success: boolean; ids: string[] }>('/contacts/bulk/business', {
			locationId,
			ids: [a, 'NoSuchContact0000000', b, elsewhere],
			businessId: BUSINESS,
		});

		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ success: true, ids: [a, b] });
		expect(contact(a)?.businessId).toBe(BUSINESS);
		expect(contact(b)?.businessId).toBe(BUSINESS);
		expect(contact(elsewhere)?.businessId).toBeUndefined();

		const listed = await api.get<{ contacts: Array<{ id: string }> }>(`/contacts/business/${BUSINESS}?locationId=${locationId}`);
		expect(listed.body.contacts.map((c) => c.id).sort()).toEqual([a, b].sort());
	});

	it('takes the contacts out of their business with businessId null', async () => {
		const a = newContact([], BUSINESS);
		const res = await api.post<{ success: boolean; ids: string[] }>('/contacts/bulk/business', { locationId, ids: [a], businessId: null });
		expect(res.body).toMatchObject({ success: true, ids: [a] });
		expect(contact(a)).not.toHaveProperty('businessId');
	});

	it('validates the body per ContactsBusinessUpdate (422)', async () => {
		const res = await api.post<ErrorBody>('/contacts/bulk/business', { ids: ['x'.repeat(51), 7] });
		expect(res.status).toBe(422);
		expect(res.body.message).toEqual(
			expect.arrayContaining([
				'locationId should not be empty',
				'businessId should not be empty',
				'ids.0 must be shorter than or equal to 50 characters',
				'each value in ids must be a string',
			]),
		);
	});
});

describe('like every API route', () => {
	it('is logged by the recorder and counted by the rate limiter', async () => {
		const limited = await startGhlSandbox({ rateLimit: { max: 2, intervalMs: 60_000 } });
		try {
			const client = apiClient(limited, limited.createPrivateToken());
			const id = limited.store.addContact({ firstName: 'Ada' }).id;
			const statuses = [];
			for (let i = 0; i < 3; i++) {
				statuses.push((await client.post('/contacts/bulk/tags/update/add', { contacts: [id], tags: ['x'], locationId: limited.defaultLocationId })).status);
			}
			expect(statuses).toEqual([201, 201, 429]);
			expect(limited.stats.rateLimited).toBe(1);
			expect(limited.requests.map((request) => [request.method, request.path, request.status])).toEqual([
				['POST', '/contacts/bulk/tags/update/add', 201],
				['POST', '/contacts/bulk/tags/update/add', 201],
				['POST', '/contacts/bulk/tags/update/add', 429],
			]);
			expect(limited.requests[0].body).toEqual({ contacts: [id], tags: ['x'], locationId: limited.defaultLocationId });
		} finally {
			await limited.close();
		}
	});
});
