// Contacts, tags, tasks, notes and their validation and error shapes.
import { startGhlSandbox, type Contact, type GhlSandbox, type Note, type Task } from '../../sandbox/ghl';
import { apiClient, type Api, type ErrorBody } from './ghl-helpers';

let sb: GhlSandbox;
let api: Api;
let locationId: string;

beforeAll(async () => {
	sb = await startGhlSandbox({
		rateLimit: { max: 10_000 },
		seed: { contacts: 5, appointmentsPerContact: 1, businesses: 1, customFields: [{ name: 'Student ID' }] },
	});
	api = apiClient(sb, sb.createPrivateToken());
	locationId = sb.defaultLocationId;
});

afterAll(() => sb.close());

describe('validation', () => {
	it('answers 422 with every problem in a message array', async () => {
		const res = await api.post<ErrorBody>('/contacts/', { firstName: 7, email: 'not-an-email', tags: [1], nickname: 'x' });
		expect(res.status).toBe(422);
		expect(res.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
		expect(res.body.message).toEqual(
			expect.arrayContaining([
				'locationId should not be empty',
				'firstName must be a string',
				'email must be an email',
				'each value in tags must be a string',
				'property nickname should not exist',
			]),
		);
	});

	it('refuses locationId (and other create-only fields) on PUT /contacts/{id}', async () => {
		const [contact] = sb.store.listContacts(locationId);
		const res = await api.put<ErrorBody>(`/contacts/${contact.id}`, { locationId, companyName: 'X', firstName: 'Ok' });
		expect(res.status).toBe(422);
		expect(res.body.message).toEqual(['property locationId should not exist', 'property companyName should not exist']);
	});

	it('checks the Version header (401 as captured live, 400 when configured)', async () => {
		const empty = await api.get<ErrorBody>(`/contacts/?locationId=${locationId}`, { version: '' });
		expect(empty.status).toBe(401);
		expect(empty.body.message).toBe('version header is invalid');

		const wrong = await api.get<ErrorBody>(`/contacts/?locationId=${locationId}`, { version: '2023-02-21' });
		expect(wrong.body).toMatchObject({ statusCode: 401, message: 'version header is invalid' });

		const none = await fetch(`${sb.url}/contacts/?locationId=${locationId}`, { headers: { authorization: `Bearer ${sb.createPrivateToken()}` } });
		expect(await none.json()).toMatchObject({ statusCode: 401, message: 'version header was not found.' });

		sb.configure({ versionHeaderErrorStatus: 400 });
		const as400 = await api.get<ErrorBody>(`/contacts/?locationId=${locationId}`, { version: 'v1' });
		sb.configure({ versionHeaderErrorStatus: 401 });
		expect(as400.body).toMatchObject({ statusCode: 400, message: 'version header is invalid' });
	});

	it('puts a traceId in every JSON response, success or error', async () => {
		const ok = await api.get<{ traceId: string }>(`/contacts/?locationId=${locationId}`);
		const bad = await api.get<{ traceId: string }>('/contacts/doesNotExist');
		const noRoute = await api.get<{ traceId: string }>('/no/such/route');
		for (const res of [ok, bad, noRoute]) expect(res.body.traceId).toMatch(/^[0-9a-f-]{36}$/);
		expect(sb.requests.at(-1)?.traceId).toBe(noRoute.body.traceId);
	});
});

describe('contacts', () => {
	it('creates, reads, updates and deletes, with the misspelled `succeded`', async () => {
		const created = await api.post<{ contact: Contact }>('/contacts/', {
			locationId,
			firstName: 'Rosan',
			lastName: 'Deo',
			email: 'Rosan@Deos.com',
			phone: '+1 888-888-8888',
			dateOfBirth: '1990-09-25',
			customFields: [{ key: 'student_id', field_value: 'S-1' }],
		});
		expect(created.status).toBe(201);
		const { contact } = created.body;
		expect(contact).toMatchObject({
			locationId,
			firstNameLowerCase: 'rosan',
			lastNameLowerCase: 'deo',
			contactName: 'rosan deo',
			email: 'rosan@deos.com',
			phone: '+18888888888',
			dateOfBirth: '1990-09-25T00:00:00.000Z',
		});
		expect(contact.id).toMatch(/^[A-Za-z0-9]{20}$/);
		const [field] = sb.store.listCustomFields(locationId);
		expect(contact.customFields).toEqual([{ id: field.id, value: 'S-1' }]);

		const updated = await api.put<{ succeded: boolean; contact: Contact }>(`/contacts/${contact.id}`, { city: 'Dolomite', firstName: null });
		expect(updated.body.succeded).toBe(true);
		expect(updated.body.contact).toMatchObject({ city: 'Dolomite', lastName: 'Deo' });
		expect(updated.body.contact.firstName).toBeUndefined();

		expect((await api.get<{ contact: Contact }>(`/contacts/${contact.id}`)).body.contact.city).toBe('Dolomite');
		expect((await api.del<{ succeded: boolean }>(`/contacts/${contact.id}`)).body.succeded).toBe(true);
		expect(sb.store.getContact(contact.id)).toBeUndefined();
	});

	it('rejects a duplicate email or phone with 400 and meta.contactId when the location forbids duplicates', async () => {
		const first = await api.post<{ contact: Contact }>('/contacts/', { locationId, firstName: 'Dup', lastName: 'One', email: 'dup@example.org' });
		const again = await api.post<ErrorBody>('/contacts/', { locationId, email: 'DUP@example.org' });
		expect(again.status).toBe(400);
		expect(again.body).toMatchObject({
			statusCode: 400,
			message: 'This location does not allow duplicated contacts.',
			meta: { contactId: first.body.contact.id, contactName: 'Dup One', matchingField: 'email' },
		});

		const other = sb.addLocation({ id: 'DupsAllowedLocation1', allowDuplicateContact: true });
		const otherApi = apiClient(sb, sb.createPrivateToken({ locationId: other.id }));
		const a = await otherApi.post<{ contact: Contact }>('/contacts/', { locationId: other.id, email: 'same@example.org' });
		const b = await otherApi.post<{ contact: Contact }>('/contacts/', { locationId: other.id, email: 'same@example.org' });
		expect([a.status, b.status]).toEqual([201, 201]);
		expect(a.body.contact.id).not.toBe(b.body.contact.id);
	});

	it('upserts: updates the contact matching email/phone, else creates', async () => {
		const created = await api.post<{ new: boolean; contact: Contact; traceId: string }>('/contacts/upsert', { locationId, email: 'up@example.org', city: 'A' });
		expect(created.status).toBe(200);
		expect(created.body).toMatchObject({ new: true, contact: { city: 'A' } });
		const updated = await api.post<{ new: boolean; contact: Contact }>('/contacts/upsert', { locationId, email: 'up@example.org', city: 'B' });
		expect(updated.body).toMatchObject({ new: false, contact: { id: created.body.contact.id, city: 'B' } });

		// Email matches one contact, phone another: the email match is updated and the phone ignored.
		const phoneOwner = sb.store.addContact({ phone: '+15557770000' });
		const both = await api.post<{ new: boolean; contact: Contact }>('/contacts/upsert', { locationId, email: 'up@example.org', phone: '+15557770000' });
		expect(both.body.contact.id).toBe(created.body.contact.id);
		expect(both.body.contact.phone).toBeUndefined();
		expect(sb.store.getContact(phoneOwner.id)?.phone).toBe('+15557770000');
	});

	it('answers 400 for an unknown contact (404 when configured)', async () => {
		const res = await api.get<ErrorBody>('/contacts/AAAAAAAAAAAAAAAAAAAA');
		expect(res.body).toMatchObject({ statusCode: 400, message: 'Contact with id AAAAAAAAAAAAAAAAAAAA not found' });
		sb.configure({ unknownContactStatus: 404 });
		const as404 = await api.get<ErrorBody>('/contacts/AAAAAAAAAAAAAAAAAAAA');
		sb.configure({ unknownContactStatus: 400 });
		expect(as404.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
	});

	it('finds duplicates by email or number', async () => {
		const contact = sb.store.addContact({ email: 'find.me@example.org', phone: '+15550001111' });
		const byEmail = await api.get<{ contact: Contact | null }>(`/contacts/search/duplicate?locationId=${locationId}&email=FIND.ME@example.org`);
		const byPhone = await api.get<{ contact: Contact | null }>(`/contacts/search/duplicate?locationId=${locationId}&number=%2B15550001111`);
		const none = await api.get<{ contact: Contact | null }>(`/contacts/search/duplicate?locationId=${locationId}&email=nobody@example.org`);
		expect(byEmail.body.contact?.id).toBe(contact.id);
		expect(byPhone.body.contact?.id).toBe(contact.id);
		expect(none.body.contact).toBeNull();
	});

	it('lists appointments and contacts of a business', async () => {
		const withBusiness = sb.store.listContacts(locationId).find((c) => c.businessId) ?? sb.store.addContact({ businessId: sb.store.listBusinesses(locationId)[0].id });
		const events = await api.get<{ events: Array<{ appoinmentStatus: string; contactId: string }> }>(`/contacts/${withBusiness.id}/appointments`);
		expect(events.status).toBe(200);
		const business = await api.get<{ contacts: Contact[]; count: number }>(`/contacts/business/${withBusiness.businessId}?locationId=${locationId}&limit=10`);
		expect(business.body.contacts.map((c) => c.id)).toContain(withBusiness.id);
		expect(business.body.count).toBeGreaterThanOrEqual(1);
	});

	it('serves the location custom fields', async () => {
		const res = await api.get<{ customFields: Array<{ id: string; name: string; fieldKey: string; dataType: string }> }>(`/locations/${locationId}/customFields`);
		expect(res.body.customFields).toEqual([expect.objectContaining({ name: 'Student ID', fieldKey: 'contact.student_id', dataType: 'TEXT' })]);
	});
});

describe('tags', () => {
	it('lowercases and dedupes; PUT overwrites; POST adds; DELETE (with a body) removes', async () => {
		const contact = sb.store.addContact({ tags: ['keep'] });
		const added = await api.post<{ tags: string[] }>(`/contacts/${contact.id}/tags`, { tags: ['VIP', 'vip', ' New '] });
		expect(added.status).toBe(201);
		expect(added.body.tags).toEqual(['keep', 'vip', 'new']);

		const removed = await api.del<{ tags: string[] }>(`/contacts/${contact.id}/tags`, { tags: ['Keep'] });
		expect(removed.body.tags).toEqual(['vip', 'new']);

		const replaced = await api.put<{ contact: Contact }>(`/contacts/${contact.id}`, { tags: ['Only'] });
		expect(replaced.body.contact.tags).toEqual(['only']);
	});
});

describe('tasks and notes', () => {
	it('validates and runs the task lifecycle', async () => {
		const contact = sb.store.addContact({ firstName: 'Task' });
		const base = `/contacts/${contact.id}/tasks`;

		const missing = await api.post<ErrorBody>(base, { body: 'x' });
		expect(missing.body.message).toEqual(['title should not be empty', 'dueDate should not be empty', 'completed should not be empty']);
		const withMillis = await api.post<ErrorBody>(base, { title: 'Call', dueDate: '2020-10-25T11:00:00.000Z', completed: false });
		expect(withMillis.status).toBe(422);

		const created = await api.post<{ task: Task }>(base, { title: 'Call', dueDate: '2020-10-25T11:00:00Z', completed: false });
		expect(created.status).toBe(201);
		expect(created.body.task).toMatchObject({ title: 'Call', dueDate: '2020-10-25T11:00:00.000Z', completed: false, contactId: contact.id });
		const taskUrl = `${base}/${created.body.task.id}`;

		expect((await api.put<{ task: Task }>(`${taskUrl}/completed`, { completed: true })).body.task.completed).toBe(true);
		expect((await api.put<{ task: Task }>(taskUrl, { title: 'Call back' })).body.task.title).toBe('Call back');
		expect((await api.get<{ tasks: Task[] }>(base)).body.tasks).toHaveLength(1);
		expect((await api.del<{ succeded: boolean }>(taskUrl)).body.succeded).toBe(true);
		expect((await api.get<ErrorBody>(taskUrl)).status).toBe(404);
	});

	it('runs the note lifecycle', async () => {
		const contact = sb.store.addContact({ firstName: 'Note' });
		const base = `/contacts/${contact.id}/notes`;
		expect((await api.post<ErrorBody>(base, { title: 'no body' })).body.message).toEqual(['body should not be empty']);

		const created = await api.post<{ note: Note }>(base, { body: 'Hello', pinned: true });
		expect(created.body.note).toMatchObject({ body: 'Hello', pinned: true, contactId: contact.id });
		const noteUrl = `${base}/${created.body.note.id}`;
		expect((await api.put<{ note: Note }>(noteUrl, { body: 'Edited' })).body.note.body).toBe('Edited');
		expect((await api.get<{ note: Note }>(noteUrl)).body.note.body).toBe('Edited');
		expect((await api.del<{ succeded: boolean }>(noteUrl)).body.succeded).toBe(true);
		expect((await api.get<{ notes: Note[] }>(base)).body.notes).toEqual([]);
	});
});
