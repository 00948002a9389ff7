import type { IDataObject } from 'n8n-workflow';

import { apiRequests, byId, startGhlTestBed, UNKNOWN_CONTACT_STATUS, type GhlTestBed } from '../harness/ghl';

const NODE = 'GHL Contacts';
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };

/** What every request of this node must carry, per NOTES.md "Every request". */
function expectGhlHeaders(bed: GhlTestBed, headers: Record<string, unknown>) {
	expect(headers.version).toBe('2021-07-28');
	expect(headers.authorization).toBe(`Bearer ${bed.pit}`);
	expect(headers.accept).toBe('application/json');
}

describe('Contact writes: Create, Create or Update, Update, Delete', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed(FAST);
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	describe('Create', () => {
		test('POSTs /contacts/ with the location and the normalised fields, and returns the stored contact', async () => {
			const field = bed.sandbox.store.addCustomField({
				locationId: bed.locationId,
				name: 'Membership Level',
			});
			const result = await bed.run({
				resource: 'contact',
				operation: 'create',
				contactFields: {
					firstName: 'Jane',
					lastName: 'Doe',
					email: ' Jane.Doe@Example.com ',
					phone: '+1 (415) 555-0100',
					tags: 'Lead, Newsletter ,',
					companyName: 'Acme Learning',
					source: 'website form',
					city: 'Austin',
					country: 'US',
					dateOfBirth: '1990-09-25T00:00:00',
					dnd: false,
					dndSettings: {
						channel: [{ channel: 'SMS', status: 'active', message: 'Asked to stop texts' }],
					},
					customFields: { field: [{ fieldId: field.id, value: 'Gold' }] },
				},
			});

			expect(result.error(NODE)).toBeUndefined();
			const [request] = apiRequests(bed.sandbox);
			expect(request).toMatchObject({ method: 'POST', path: '/contacts/', status: 201 });
			expectGhlHeaders(bed, request.headers);
			expect(request.headers['content-type']).toMatch(/^application\/json/);
			expect(request.body).toEqual({
				locationId: bed.locationId,
				firstName: 'Jane',
				lastName: 'Doe',
				email: 'Jane.Doe@Example.com',
				phone: '+14155550100',
				tags: ['Lead', 'Newsletter'],
				companyName: 'Acme Learning',
				source: 'website form',
				city: 'Austin',
				country: 'US',
				dateOfBirth: '1990-09-25',
				dnd: false,
				dndSettings: { SMS: { status: 'active', message: 'Asked to stop texts' } },
				customFields: [{ id: field.id, field_value: 'Gold' }],
			});

			const [item] = result.output(NODE);
			const stored = bed.sandbox.store.getContact(String(item.json.id));
			expect(stored).toMatchObject({
				email: 'jane.doe@example.com',
				phone: '+14155550100',
				companyName: 'Acme Learning',
				tags: ['lead', 'newsletter'],
				dateOfBirth: '1990-09-25T00:00:00.000Z',
				customFields: [{ id: field.id, value: 'Gold' }],
				dndSettings: { SMS: { status: 'active', message: 'Asked to stop texts' } },
			});
			// Simplify (default on) returns the flat contact.
			expect(item.json).toMatchObject({
				id: stored?.id,
				email: 'jane.doe@example.com',
				companyName: 'Acme Learning',
			});
			expect(item.json).not.toHaveProperty('emailLowerCase');
		});

		test('tags may come as a list from an expression; Simplify off returns the full record', async () => {
			const result = await bed.run(
				{
					resource: 'contact',
					operation: 'create',
					contactFields: { email: '={{ $json.email }}', tags: '={{ $json.tags }}' },
					simplify: false,
				},
				{ items: [{ email: 'list.tags@example.com', tags: ['vip', 'student, alumni'] }] },
			);
			expect(apiRequests(bed.sandbox)[0].body).toMatchObject({
				tags: ['vip', 'student', 'alumni'],
			});
			const [item] = result.output(NODE);
			expect(item.json).toHaveProperty('emailLowerCase', 'list.tags@example.com');
			expect(bed.sandbox.store.getContact(String(item.json.id))?.tags).toEqual([
				'vip',
				'student',
				'alumni',
			]);
		});

		test('into a location that disallows duplicates: the error names the existing contact', async () => {
			const existing = bed.sandbox.store.addContact({
				firstName: 'Olga',
				email: 'olga@example.com',
			});
			const before = bed.sandbox.store.listContacts(bed.locationId).length;
			const result = await bed.run({
				resource: 'contact',
				operation: 'create',
				contactFields: { email: 'olga@example.com' },
			});

			const error = result.error(NODE);
			expect(error?.message).toContain('does not allow duplicated contacts');
			expect(error?.message).toContain(existing.id);
			expect(error?.description).toContain('Create or Update');
			expect(bed.sandbox.store.listContacts(bed.locationId)).toHaveLength(before);
			// A create is not retry-safe: exactly one attempt.
			expect(apiRequests(bed.sandbox)).toHaveLength(1);
		});

		test('a 422 with a message array: the error carries all messages joined', async () => {
			// Our email check lets "exa_mple.com" through but HighLevel's validator does not, and a DND
			// status set by expression is not one it knows: two messages in one 422.
			const before = bed.sandbox.store.listContacts(bed.locationId).length;
			const result = await bed.run({
				resource: 'contact',
				operation: 'create',
				contactFields: {
					email: 'jane@exa_mple.com',
					dndSettings: { channel: [{ channel: 'SMS', status: '={{ "paused" }}' }] },
				},
			});

			const [request] = apiRequests(bed.sandbox);
			expect(request.status).toBe(422);
			const error = result.error(NODE);
			expect(error?.message).toBe(
				'HighLevel answered 422: email must be an email; dndSettings.SMS.status must be one of the following values: active, inactive, permanent',
			);
			expect(error?.description).toContain('Fix the fields named above');
			expect(bed.sandbox.store.listContacts(bed.locationId)).toHaveLength(before);
		});
	});

	describe('Create or Update', () => {
		test('updates the contact with the same email and says it was not new', async () => {
			const existing = bed.sandbox.store.addContact({
				firstName: 'Pat',
				email: 'pat@example.com',
				city: 'Denver',
			});
			const before = bed.sandbox.store.listContacts(bed.locationId).length;
			const result = await bed.run({
				resource: 'contact',
				operation: 'upsert',
				contactFields: { email: 'pat@example.com', city: 'Berlin', companyName: 'Globex' },
			});

			const [request] = apiRequests(bed.sandbox);
			expect(request).toMatchObject({ method: 'POST', path: '/contacts/upsert', status: 200 });
			expectGhlHeaders(bed, request.headers);
			expect(request.body).toEqual({
				locationId: bed.locationId,
				email: 'pat@example.com',
				city: 'Berlin',
				companyName: 'Globex',
			});
			expect(bed.sandbox.store.listContacts(bed.locationId)).toHaveLength(before);
			expect(bed.sandbox.store.getContact(existing.id)).toMatchObject({
				firstName: 'Pat',
				city: 'Berlin',
				companyName: 'Globex',
			});
			expect(result.output(NODE)[0].json).toMatchObject({
				id: existing.id,
				new: false,
				city: 'Berlin',
			});
		});

		test('where Create fails on a duplicate, Create or Update updates that contact', async () => {
			const existing = bed.sandbox.store.addContact({
				firstName: 'Dana',
				email: 'dana@example.com',
			});
			const create = await bed.run({
				resource: 'contact',
				operation: 'create',
				contactFields: { email: 'dana@example.com', lastName: 'Lee' },
			});
			expect(create.error(NODE)?.message).toContain(existing.id);

			const upsert = await bed.run({
				resource: 'contact',
				operation: 'upsert',
				contactFields: { email: 'dana@example.com', lastName: 'Lee' },
			});
			expect(upsert.output(NODE)[0].json).toMatchObject({
				id: existing.id,
				new: false,
				lastName: 'Lee',
			});
			expect(bed.sandbox.store.getContact(existing.id)?.lastName).toBe('Lee');
		});

		test('creates a contact when nobody matches and says it was new', async () => {
			const result = await bed.run({
				resource: 'contact',
				operation: 'upsert',
				contactFields: { phone: '+44 20 7946 0958', firstName: 'Nia' },
			});
			const [item] = result.output(NODE);
			expect(item.json).toMatchObject({ new: true, phone: '+442079460958', firstName: 'Nia' });
			expect(bed.sandbox.store.getContact(String(item.json.id))).toMatchObject({
				firstName: 'Nia',
				phone: '+442079460958',
			});
		});

		test('without Email or Phone nothing is sent', async () => {
			const result = await bed.run({
				resource: 'contact',
				operation: 'upsert',
				contactFields: { firstName: 'Nobody' },
			});
			expect(result.error(NODE)?.message).toBe('Create or Update needs Email or Phone');
			expect(apiRequests(bed.sandbox)).toHaveLength(0);
		});
	});

	describe('Update', () => {
		test('PUTs only the given fields, never locationId, and returns the updated contact', async () => {
			const contact = bed.sandbox.store.addContact({
				firstName: 'Ray',
				email: 'ray@example.com',
				tags: ['old'],
				city: 'Austin',
			});
			const result = await bed.run({
				resource: 'contact',
				operation: 'update',
				contactId: byId(contact.id),
				updateFields: {
					lastName: 'Chen',
					tags: ['vip'],
					city: '',
					phone: '+1 415 555 0199',
					dateOfBirth: '07/04/1985',
				},
			});

			expect(result.error(NODE)).toBeUndefined();
			const [request] = apiRequests(bed.sandbox);
			expect(request).toMatchObject({
				method: 'PUT',
				path: `/contacts/${contact.id}`,
				status: 200,
			});
			expectGhlHeaders(bed, request.headers);
			// city was empty, so HighLevel keeps it; tags replace the old ones (documented in the field hint).
			expect(request.body).toEqual({
				lastName: 'Chen',
				tags: ['vip'],
				phone: '+14155550199',
				dateOfBirth: '1985-07-04',
			});
			expect(bed.sandbox.store.getContact(contact.id)).toMatchObject({
				firstName: 'Ray',
				lastName: 'Chen',
				city: 'Austin',
				tags: ['vip'],
				phone: '+14155550199',
				dateOfBirth: '1985-07-04T00:00:00.000Z',
			});
			expect(result.output(NODE)[0].json).toMatchObject({
				id: contact.id,
				lastName: 'Chen',
				tags: ['vip'],
			});
		});

		test('an update with nothing to change fails before any request', async () => {
			const contact = bed.sandbox.store.addContact({ firstName: 'Empty' });
			for (const updateFields of [{}, { city: '  ', tags: '' }]) {
				const result = await bed.run({
					resource: 'contact',
					operation: 'update',
					contactId: byId(contact.id),
					updateFields,
				});
				expect(result.error(NODE)?.message).toContain('Update Fields is empty');
			}
			expect(apiRequests(bed.sandbox)).toHaveLength(0);
		});

		test('an unknown contact id: a clear error from the 400 or 404 HighLevel answers', async () => {
			const result = await bed.run({
				resource: 'contact',
				operation: 'update',
				contactId: byId('NoSuchContact0000001'),
				updateFields: { city: 'Oslo' },
			});
			const error = result.error(NODE);
			expect(error?.message).toBe(
				`HighLevel answered ${UNKNOWN_CONTACT_STATUS}: Contact with id NoSuchContact0000001 not found`,
			);
			expect(error?.description).toContain('Check the ID');
			expect(apiRequests(bed.sandbox)).toHaveLength(1);
		});
	});

	describe('Delete', () => {
		test('DELETEs the contact and returns a small confirmation', async () => {
			const contact = bed.sandbox.store.addContact({ firstName: 'Gone' });
			bed.sandbox.store.addTask(contact.id, {
				title: 'Call',
				dueDate: '2026-01-01T10:00:00Z',
				completed: false,
			});
			const result = await bed.run({
				resource: 'contact',
				operation: 'delete',
				contactId: byId(contact.id),
			});

			const [request] = apiRequests(bed.sandbox);
			expect(request).toMatchObject({
				method: 'DELETE',
				path: `/contacts/${contact.id}`,
				status: 200,
			});
			expectGhlHeaders(bed, request.headers);
			expect(request.body).toBeUndefined();
			expect(result.output(NODE).map((item) => item.json)).toEqual([
				{ id: contact.id, deleted: true },
			]);
			expect(bed.sandbox.store.getContact(contact.id)).toBeUndefined();
			expect(bed.sandbox.store.listTasks(contact.id)).toEqual([]);
		});

		test('deleting an unknown contact fails clearly and deletes nothing', async () => {
			const before = bed.sandbox.store.listContacts(bed.locationId).length;
			const result = await bed.run({
				resource: 'contact',
				operation: 'delete',
				contactId: byId('NoSuchContact0000002'),
			});
			expect(result.error(NODE)?.message).toContain(
				'Contact with id NoSuchContact0000002 not found',
			);
			expect(bed.sandbox.store.listContacts(bed.locationId)).toHaveLength(before);
		});
	});

	describe('bad input fails before any request, naming the field', () => {
		// Ids come from the input item, as they do in workflows: a typed bad id is already stopped by
		// the editor (the locator's regex), an id from data only at run time.
		const fromItem = byId('={{ $json.id }}');
		const cases: Array<[string, IDataObject, IDataObject, RegExp]> = [
			[
				'create',
				{ contactFields: { email: 'not-an-email' } },
				{},
				/^Email "not-an-email" is not a valid email address$/,
			],
			[
				'create',
				{ contactFields: { phone: '555-0100' } },
				{},
				/^Phone "555-0100" is not a valid phone number$/,
			],
			[
				'create',
				{ contactFields: { email: 'a@example.com', dateOfBirth: '1990-02-30' } },
				{},
				/^Date of Birth "1990-02-30" is not a valid date$/,
			],
			[
				'create',
				{ contactFields: { email: 'a@example.com', dateOfBirth: 'last tuesday-ish' } },
				{},
				/^Date of Birth .* is not a valid date$/,
			],
			['create', { contactFields: {} }, {}, /^Contact Fields is empty$/],
			[
				'upsert',
				{ contactFields: { email: 'jane@' } },
				{},
				/^Email "jane@" is not a valid email address$/,
			],
			[
				'update',
				{ contactId: fromItem, updateFields: { city: 'Oslo' } },
				{ id: 'abc/../def' },
				/^Contact must not contain "\/"/,
			],
			[
				'update',
				{ contactId: fromItem, updateFields: { city: 'Oslo' } },
				{ id: '..' },
				/^Contact must not be "\." or "\.\."$/,
			],
			[
				'update',
				{ contactId: fromItem, updateFields: { phone: 'call me' } },
				{ id: 'ok123' },
				/^Phone "call me" is not a valid phone number$/,
			],
			['delete', { contactId: fromItem }, { id: 'a/b' }, /^Contact must not contain "\/"/],
			['delete', { contactId: fromItem }, { id: '' }, /^Contact is empty$/],
			['get', { contactId: fromItem }, { id: '../locations' }, /^Contact must not contain "\/"/],
		];

		test.each(cases)('%s with %j and item %j', async (operation, parameters, item, message) => {
			const result = await bed.run(
				{ resource: 'contact', operation, ...parameters } as Parameters<GhlTestBed['run']>[0],
				{ items: [item] },
			);
			const error = result.error(NODE);
			expect(error?.message).toMatch(message);
			expect(error?.description).toBeTruthy();
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});

		test('a typed contact id with "/" is refused by n8n before the node runs', async () => {
			await expect(
				bed.run({ resource: 'contact', operation: 'delete', contactId: byId('a/b') }),
			).rejects.toThrow('A contact ID has no spaces, "/", "?" or "#"');
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});
	});
});

describe('a read-only credential on a write', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed({ ...FAST, scopes: ['contacts.readonly'] });
	});
	afterAll(async () => await bed.close());

	test.each([
		['create', { contactFields: { email: 'ro@example.com' } }],
		['upsert', { contactFields: { email: 'ro@example.com' } }],
		['update', { updateFields: { city: 'Oslo' } }],
		['delete', {}],
	])('%s fails with an error that names contacts.write', async (operation, parameters) => {
		const contact = bed.sandbox.store.addContact({ firstName: 'Read', lastName: 'Only' });
		const before = bed.sandbox.store.listContacts(bed.locationId).length;
		const result = await bed.run({
			resource: 'contact',
			operation,
			contactId: byId(contact.id),
			...parameters,
		} as Parameters<GhlTestBed['run']>[0]);

		const error = result.error(NODE);
		expect(error?.message).toBe(
			'HighLevel answered 401: The token is not authorized for this scope.',
		);
		expect(error?.description).toContain('lacks the contacts.write scope');
		expect(bed.sandbox.store.listContacts(bed.locationId)).toHaveLength(before);
		expect(bed.sandbox.store.getContact(contact.id)).toMatchObject({
			firstName: 'Read',
			lastName: 'Only',
		});
	});
});

describe('retry safety: which POSTs are repeated after a lost answer', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed(FAST);
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.sandbox.clearRequests();
		// The first API request of each test has its connection reset: it may or may not have arrived.
		bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'reset' }] });
	});
	afterEach(() => bed.sandbox.setFaults({}));

	test('Create is not repeated (it could make a second contact) and says so', async () => {
		const before = bed.sandbox.store.listContacts(bed.locationId).length;
		const result = await bed.run({
			resource: 'contact',
			operation: 'create',
			contactFields: { email: 'once@example.com' },
		});
		expect(apiRequests(bed.sandbox)).toHaveLength(1);
		expect(result.error(NODE)?.message).toBe('Could not reach HighLevel (connection reset)');
		expect(result.error(NODE)?.description).toContain(
			'POST /contacts/ failed before an answer arrived and was not retried',
		);
		expect(bed.sandbox.store.listContacts(bed.locationId)).toHaveLength(before);
	});

	test('Create or Update is repeated and succeeds', async () => {
		const result = await bed.run({
			resource: 'contact',
			operation: 'upsert',
			contactFields: { email: 'twice@example.com' },
		});
		expect(apiRequests(bed.sandbox).map((request) => request.path)).toEqual([
			'/contacts/upsert',
			'/contacts/upsert',
		]);
		expect(result.output(NODE)[0].json).toMatchObject({ email: 'twice@example.com', new: true });
		expect(
			bed.sandbox.store.listContacts(bed.locationId).filter((c) => c.email === 'twice@example.com'),
		).toHaveLength(1);
	});

	test('Search is repeated and succeeds', async () => {
		bed.sandbox.store.addContact({ firstName: 'Findme', email: 'findme@example.com' });
		const result = await bed.run({ resource: 'contact', operation: 'search', query: 'findme' });
		expect(apiRequests(bed.sandbox).map((request) => request.path)).toEqual([
			'/contacts/search',
			'/contacts/search',
		]);
		expect(result.output(NODE).map((item) => item.json.email)).toEqual(['findme@example.com']);
	});
});
