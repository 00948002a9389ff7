// Marketplace-app webhooks: a valid signed delivery of every event starts the workflow with one
// normalised item. Deliveries are the sandbox's own, made when its data changes, with its test keys.
import type { IDataObject } from 'n8n-workflow';

import type { Appointment, Contact, WebhookDelivery, WebhookEventType } from '../../sandbox/ghl';
import type { GhlTestBed } from '../harness/ghl';
import { asReceived, marketplaceTrigger, startTriggerBed } from './helpers';

describe('GHL Contacts Trigger (marketplace app): each event starts the workflow with a normalised item', () => {
	let bed: GhlTestBed;
	let ada: Contact;

	beforeAll(async () => {
		bed = await startTriggerBed();
		ada = bed.sandbox.store.createContact(bed.locationId, {
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			phone: '+14155550100',
			tags: ['Student'],
			source: 'web form',
			city: 'London',
		});
	});
	afterAll(async () => await bed.close());

	async function receive(type: WebhookEventType, delivery: WebhookDelivery | undefined, parameters: IDataObject = {}) {
		const trigger = marketplaceTrigger(bed, { events: [type], ...parameters });
		const result = await trigger.deliver(asReceived(delivery));
		expect(result).toMatchObject({ status: 200, started: true });
		expect(result.items).toHaveLength(1);
		return result.items[0].json;
	}

	const eventInfo = (type: string, delivery: WebhookDelivery | undefined) => ({
		type,
		source: 'marketplaceApp',
		webhookId: delivery?.webhookId,
		timestamp: delivery?.payload.timestamp,
	});

	test('ContactCreate: the flat contact the GHL Contacts node returns, plus the event', async () => {
		const delivery = bed.sandbox.webhooks.deliveries('ContactCreate').find((d) => d.payload.id === ada.id);
		expect(delivery?.headers).toHaveProperty('x-ghl-signature');
		expect(delivery?.headers).toHaveProperty('x-wh-signature');
		expect(await receive('ContactCreate', delivery)).toEqual({
			id: ada.id,
			locationId: bed.locationId,
			firstName: 'Ada',
			lastName: 'Lovelace',
			name: 'Ada Lovelace',
			email: 'ada@example.com',
			phone: '+14155550100',
			tags: ['student'],
			source: 'web form',
			companyName: null,
			address1: null,
			city: 'London',
			state: null,
			postalCode: null,
			country: null,
			website: null,
			timezone: null,
			dnd: false,
			dateOfBirth: null,
			assignedTo: null,
			customFields: [],
			dateAdded: ada.dateAdded,
			dateUpdated: null,
			event: eventInfo('ContactCreate', delivery),
		});
	});

	test('ContactUpdate', async () => {
		bed.sandbox.store.updateContact(ada.id, { city: 'Paris' });
		const delivery = bed.sandbox.webhooks.latest('ContactUpdate');
		expect(await receive('ContactUpdate', delivery)).toMatchObject({
			id: ada.id,
			city: 'Paris',
			email: 'ada@example.com',
			event: eventInfo('ContactUpdate', delivery),
		});
	});

	test("ContactTagUpdate carries the contact's full tag list after the change", async () => {
		bed.sandbox.store.addTags(ada.id, ['Enrolled']);
		const delivery = bed.sandbox.webhooks.latest('ContactTagUpdate');
		expect(await receive('ContactTagUpdate', delivery)).toMatchObject({
			id: ada.id,
			tags: ['student', 'enrolled'],
			event: eventInfo('ContactTagUpdate', delivery),
		});
	});

	test('ContactDndUpdate keeps the per-channel DND settings', async () => {
		bed.sandbox.store.updateContact(ada.id, { dnd: true, dndSettings: { Email: { status: 'active', message: 'unsubscribed' } } });
		const delivery = bed.sandbox.webhooks.latest('ContactDndUpdate');
		expect(await receive('ContactDndUpdate', delivery)).toMatchObject({
			id: ada.id,
			dnd: true,
			dndSettings: { Email: { status: 'active', message: 'unsubscribed' } },
			event: eventInfo('ContactDndUpdate', delivery),
		});
	});

	test('NoteCreate, NoteUpdate, NoteDelete: the note, flat', async () => {
		const note = bed.sandbox.store.addNote(ada.id, { body: 'Asked about the spring cohort' });
		bed.sandbox.store.updateNote(ada.id, note.id, { body: 'Booked the spring cohort' });
		bed.sandbox.store.deleteNote(ada.id, note.id);
		const expected = { NoteCreate: 'Asked about the spring cohort', NoteUpdate: 'Booked the spring cohort', NoteDelete: 'Booked the spring cohort' };
		for (const [type, body] of Object.entries(expected) as Array<[WebhookEventType, string]>) {
			const delivery = bed.sandbox.webhooks.latest(type);
			expect(await receive(type, delivery)).toEqual({
				id: note.id,
				locationId: bed.locationId,
				contactId: ada.id,
				body,
				dateAdded: note.dateAdded,
				event: eventInfo(type, delivery),
			});
		}
	});

	test('TaskCreate, TaskComplete, TaskDelete: the task, flat', async () => {
		const task = bed.sandbox.store.addTask(ada.id, { title: 'Call Ada', body: 'About enrolment', dueDate: '2026-12-01T09:00:00.000Z', completed: false });
		bed.sandbox.store.updateTask(ada.id, task.id, { completed: true });
		bed.sandbox.store.deleteTask(ada.id, task.id);
		for (const type of ['TaskCreate', 'TaskComplete', 'TaskDelete'] as const) {
			const delivery = bed.sandbox.webhooks.latest(type);
			expect(await receive(type, delivery)).toMatchObject({
				id: task.id,
				locationId: bed.locationId,
				contactId: ada.id,
				title: 'Call Ada',
				dueDate: '2026-12-01T09:00:00.000Z',
				event: eventInfo(type, delivery),
			});
		}
	});

	test('AppointmentCreate, AppointmentUpdate, AppointmentDelete: the appointment lifted out of its wrapper', async () => {
		const appointment: Appointment = bed.sandbox.store.addAppointment({
			id: 'appt-0001',
			calendarId: 'calendar-1',
			locationId: bed.locationId,
			contactId: ada.id,
			status: 'confirmed',
			title: 'Consultation with Ada',
			appoinmentStatus: 'confirmed',
			appointmentStatus: 'confirmed',
			assignedUserId: 'user-1',
			notes: '',
			startTime: '2026-12-01T10:00:00.000Z',
			endTime: '2026-12-01T10:30:00.000Z',
			address: 'Zoom',
			dateAdded: '2026-11-01T10:00:00.000Z',
			dateUpdated: '2026-11-01T10:00:00.000Z',
		});
		// The sandbox has no appointment API to change them through: HighLevel's other two events on demand.
		bed.sandbox.webhooks.send('AppointmentUpdate', { ...appointment, title: 'Consultation (moved)' });
		bed.sandbox.webhooks.send('AppointmentDelete', appointment);
		const titles = { AppointmentCreate: 'Consultation with Ada', AppointmentUpdate: 'Consultation (moved)', AppointmentDelete: 'Consultation with Ada' };
		for (const [type, title] of Object.entries(titles) as Array<[WebhookEventType, string]>) {
			const delivery = bed.sandbox.webhooks.latest(type);
			const item = await receive(type, delivery);
			expect(item).toMatchObject({
				id: 'appt-0001',
				locationId: bed.locationId,
				contactId: ada.id,
				calendarId: 'calendar-1',
				appointmentStatus: 'confirmed',
				title,
				event: eventInfo(type, delivery),
			});
			expect(item).not.toHaveProperty('appointment');
		}
	});

	test('ContactDelete: the contact as it was', async () => {
		bed.sandbox.store.deleteContact(ada.id);
		const delivery = bed.sandbox.webhooks.latest('ContactDelete');
		expect(await receive('ContactDelete', delivery)).toMatchObject({ id: ada.id, email: 'ada@example.com', event: eventInfo('ContactDelete', delivery) });
	});

	test.each([
		['Ed25519 (X-GHL-Signature)', ['ed25519'] as const],
		['RSA-SHA256 (X-WH-Signature)', ['rsa'] as const],
	])('a delivery signed with %s only is accepted', async (_label, signWith) => {
		const grace = bed.sandbox.store.addContact({ firstName: 'Grace', email: 'grace@example.com' });
		const [delivery] = bed.sandbox.webhooks.send('ContactCreate', grace, { signWith: [...signWith] });
		expect(Object.keys(delivery.headers).filter((name) => name.endsWith('-signature'))).toHaveLength(1);
		expect(await receive('ContactCreate', delivery)).toMatchObject({ id: grace.id, firstName: 'Grace' });
	});

	test('an unusable X-GHL-Signature ("N/A") falls back to the RSA signature', async () => {
		const alan = bed.sandbox.store.addContact({ firstName: 'Alan' });
		const [delivery] = bed.sandbox.webhooks.send('ContactCreate', alan, { signWith: ['rsa'] });
		const unsignedEd25519 = { ...delivery, headers: { ...delivery.headers, 'x-ghl-signature': 'N/A' } };
		expect(await receive('ContactCreate', unsignedEd25519)).toMatchObject({ id: alan.id });
	});
});

describe('GHL Contacts Trigger (marketplace app): Fetch Full Contact', () => {
	let bed: GhlTestBed;

	beforeAll(async () => (bed = await startTriggerBed()));
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const fetching = { fetchFullContact: true, authentication: 'privateIntegrationToken' };

	test('a contact event is completed from GET /contacts/{id}', async () => {
		const linus = bed.sandbox.store.addContact({ firstName: 'Linus', email: 'linus@example.com', timezone: 'Europe/Helsinki', dateUpdated: '2026-01-02T03:04:05.000Z' });
		const [delivery] = bed.sandbox.webhooks.send('ContactUpdate', linus);
		const result = await marketplaceTrigger(bed, { events: ['ContactUpdate'], ...fetching }).deliver(asReceived(delivery));

		expect(result.started).toBe(true);
		expect(bed.sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET /contacts/${linus.id} 200`]);
		expect(result.items[0].json).toMatchObject({
			id: linus.id,
			timezone: 'Europe/Helsinki',
			dateUpdated: '2026-01-02T03:04:05.000Z',
			event: { type: 'ContactUpdate', webhookId: delivery.webhookId },
		});
	});

	test('a note event gets the contact under `contact`', async () => {
		const margaret = bed.sandbox.store.addContact({ firstName: 'Margaret', email: 'margaret@example.com' });
		bed.sandbox.store.addNote(margaret.id, { body: 'Wants the evening class' });
		const result = await marketplaceTrigger(bed, { events: ['NoteCreate'], ...fetching }).deliver(asReceived(bed.sandbox.webhooks.latest('NoteCreate')));

		expect(result.items[0].json).toMatchObject({
			body: 'Wants the evening class',
			contactId: margaret.id,
			contact: { id: margaret.id, email: 'margaret@example.com', firstName: 'Margaret' },
		});
	});

	test('a contact that cannot be read still starts the workflow, with the reason', async () => {
		const ghost = bed.sandbox.store.addContact({ firstName: 'Ghost' });
		const [delivery] = bed.sandbox.webhooks.send('ContactUpdate', ghost);
		bed.sandbox.store.deleteContact(ghost.id);
		const result = await marketplaceTrigger(bed, { events: ['ContactUpdate'], ...fetching }).deliver(asReceived(delivery));

		expect(result).toMatchObject({ status: 200, started: true });
		expect(result.items[0].json).toMatchObject({ id: ghost.id, firstName: 'Ghost' });
		expect(String(result.items[0].json.fullContactError)).toMatch(/HighLevel answered 400: Contact with id .* not found/);
		expect(JSON.stringify(result.items[0].json)).not.toContain(bed.pit);
	});
});
