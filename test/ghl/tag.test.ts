import type { RecordedRequest } from '../../sandbox/ghl';
import { apiRequests, byId, startGhlTestBed, UNKNOWN_CONTACT_STATUS, type GhlTestBed } from '../harness/ghl';

const NODE = 'GHL Contacts';

describe('Tag resource: add and remove tags of a contact', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const newContact = (tags: string[] = []) => bed.sandbox.store.addContact({ firstName: 'Ada', tags }).id;
	const tagsOf = (contactId: string) => bed.sandbox.store.getContact(contactId)?.tags;

	function onlyRequest(): RecordedRequest {
		const requests = apiRequests(bed.sandbox);
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request.headers.version).toBe('2021-07-28');
		expect(request.headers.authorization).toBe(`Bearer ${bed.pit}`);
		expect(request.headers['content-type']).toMatch(/application\/json/);
		return request;
	}

	describe('Add', () => {
		test('POSTs the tags; the contact keeps its old tags and gains the new ones; output confirms', async () => {
			const contactId = newContact(['existing']);
			const result = await bed.run({ resource: 'tag', operation: 'add', contactId: byId(contactId), tags: 'Webinar-2026, vip' });

			const request = onlyRequest();
			expect(request).toMatchObject({ method: 'POST', path: `/contacts/${contactId}/tags`, status: 201 });
			expect(request.body).toEqual({ tags: ['Webinar-2026', 'vip'] });
			expect(tagsOf(contactId)).toEqual(['existing', 'webinar-2026', 'vip']);
			expect(result.output(NODE).map((item) => item.json)).toEqual([
				{ contactId, tags: tagsOf(contactId), added: ['Webinar-2026', 'vip'] },
			]);
		});

		test('one comma-separated string, as GHL automations send tags, becomes a list', async () => {
			const contactId = newContact();
			await bed.run(
				{ resource: 'tag', operation: 'add', contactId: byId('={{ $json.contact_id }}'), tags: '={{ $json.tags }}' },
				{ items: [{ contact_id: contactId, tags: 'a, b ,c' }] },
			);
			expect(onlyRequest().body).toEqual({ tags: ['a', 'b', 'c'] });
			expect(tagsOf(contactId)).toEqual(['a', 'b', 'c']);
		});

		test('a list from an expression is sent as it is, without duplicates', async () => {
			const contactId = newContact();
			await bed.run({ resource: 'tag', operation: 'add', contactId: byId(contactId), tags: '={{ ["x", "y", "x"] }}' });
			expect(onlyRequest().body).toEqual({ tags: ['x', 'y'] });
			expect(tagsOf(contactId)).toEqual(['x', 'y']);
		});

		test('adding a tag the contact already has changes nothing', async () => {
			const contactId = newContact(['vip']);
			const result = await bed.run({ resource: 'tag', operation: 'add', contactId: byId(contactId), tags: 'vip' });
			expect(result.error(NODE)).toBeUndefined();
			expect(tagsOf(contactId)).toEqual(['vip']);
		});

		test.each([' , ,', '={{ "" }}', '={{ [] }}'])('an empty tag list (%j) fails naming "Tags", before any request', async (tags) => {
			const contactId = newContact(['keep']);
			const result = await bed.run({ resource: 'tag', operation: 'add', contactId: byId(contactId), tags });
			expect(result.error(NODE)?.message).toBe('Tags is empty');
			expect(apiRequests(bed.sandbox)).toEqual([]);
			expect(tagsOf(contactId)).toEqual(['keep']);
		});

		test('an unknown contact fails with HighLevel\'s answer', async () => {
			const result = await bed.run({ resource: 'tag', operation: 'add', contactId: byId('NoSuchContact0000000'), tags: 'vip' });
			expect(result.error(NODE)?.message).toBe(`HighLevel answered ${UNKNOWN_CONTACT_STATUS}: Contact with id NoSuchContact0000000 not found`);
		});
	});

	describe('Remove', () => {
		test('DELETEs with the tags in the body; only those tags go; output confirms', async () => {
			const contactId = newContact(['lead', 'webinar-2026', 'vip']);
			const result = await bed.run({ resource: 'tag', operation: 'remove', contactId: byId(contactId), tags: 'webinar-2026 , lead' });

			const request = onlyRequest();
			expect(request).toMatchObject({ method: 'DELETE', path: `/contacts/${contactId}/tags`, status: 200 });
			expect(request.body).toEqual({ tags: ['webinar-2026', 'lead'] });
			expect(tagsOf(contactId)).toEqual(['vip']);
			expect(result.output(NODE).map((item) => item.json)).toEqual([
				{ contactId, tags: ['vip'], removed: ['webinar-2026', 'lead'] },
			]);
		});

		test('removing a tag the contact does not have is not an error', async () => {
			const contactId = newContact(['vip']);
			const result = await bed.run({ resource: 'tag', operation: 'remove', contactId: byId(contactId), tags: 'never-had-it' });
			expect(result.error(NODE)).toBeUndefined();
			expect(tagsOf(contactId)).toEqual(['vip']);
		});

		test('an empty tag list fails before any request', async () => {
			const contactId = newContact(['keep']);
			const result = await bed.run({ resource: 'tag', operation: 'remove', contactId: byId(contactId), tags: ',' });
			expect(result.error(NODE)?.message).toBe('Tags is empty');
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});
	});

	describe('with a read-only credential', () => {
		let readOnly: GhlTestBed;

		beforeAll(async () => {
			readOnly = await startGhlTestBed({ scopes: ['contacts.readonly'] });
		});
		afterAll(async () => await readOnly.close());

		test('Add fails naming the contacts.write scope, and the contact keeps its tags', async () => {
			const contactId = readOnly.sandbox.store.addContact({ firstName: 'Ada', tags: ['keep'] }).id;
			const result = await readOnly.run({ resource: 'tag', operation: 'add', contactId: byId(contactId), tags: 'vip' });

			const error = result.error(NODE);
			expect(error?.message).toMatch(/HighLevel answered 401: The token is not authorized for this scope/);
			expect(error?.description).toMatch(/lacks the contacts\.write scope/);
			// n8n itself re-authenticates and repeats a request once after a 401; our transport adds none.
			const requests = apiRequests(readOnly.sandbox);
			expect(requests.length).toBeGreaterThanOrEqual(1);
			expect(requests.length).toBeLessThanOrEqual(2);
			for (const request of requests) {
				expect(request).toMatchObject({ method: 'POST', path: `/contacts/${contactId}/tags`, status: 401 });
			}
			expect(readOnly.sandbox.store.getContact(contactId)?.tags).toEqual(['keep']);
		});
	});
});
