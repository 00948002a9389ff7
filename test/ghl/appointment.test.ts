import type { Appointment } from '../../sandbox/ghl';
import { apiRequests, byId, startGhlTestBed, UNKNOWN_CONTACT_STATUS, type GhlTestBed } from '../harness/ghl';

const NODE = 'GHL Contacts';

describe('Appointment resource: Get Many for a contact', () => {
	let bed: GhlTestBed;
	let contactId: string;

	beforeAll(async () => {
		bed = await startGhlTestBed();
		contactId = bed.sandbox.store.addContact({ firstName: 'Ada', email: 'ada@example.com' }).id;
		for (const [index, status] of ['booked', 'confirmed', 'cancelled'].entries()) {
			bed.sandbox.store.addAppointment(appointment(contactId, `Appt${index}000000000000000`, status, bed.locationId));
		}
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	test('GET /contacts/{id}/appointments, one item per event, fields as HighLevel sends them', async () => {
		const result = await bed.run({ resource: 'appointment', operation: 'getMany', contactId: byId(contactId), returnAll: true });

		const requests = apiRequests(bed.sandbox);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'GET', path: `/contacts/${contactId}/appointments`, status: 200 });
		expect(requests[0].headers.version).toBe('2021-07-28');
		expect(requests[0].headers.authorization).toBe(`Bearer ${bed.pit}`);

		const events = result.output(NODE).map((item) => item.json);
		expect(events).toEqual(bed.sandbox.store.listAppointments(contactId));
		expect(events.map((event) => event.appoinmentStatus)).toEqual(['booked', 'confirmed', 'cancelled']);
	});

	test('Limit returns that many', async () => {
		const result = await bed.run({ resource: 'appointment', operation: 'getMany', contactId: byId(contactId), returnAll: false, limit: 2 });
		expect(result.output(NODE).map((item) => item.json.id)).toEqual(
			bed.sandbox.store.listAppointments(contactId).slice(0, 2).map((event) => event.id),
		);
	});

	test('a contact without appointments gives no items and no error', async () => {
		const lonely = bed.sandbox.store.addContact({ firstName: 'Grace' });
		const result = await bed.run({ resource: 'appointment', operation: 'getMany', contactId: byId(lonely.id), returnAll: true });
		expect(result.error(NODE)).toBeUndefined();
		expect(result.output(NODE)).toEqual([]);
		expect(apiRequests(bed.sandbox)).toHaveLength(1);
	});

	test('each input item reads its own contact; outputs are paired to their items', async () => {
		const other = bed.sandbox.store.addContact({ firstName: 'Grace' });
		bed.sandbox.store.addAppointment(appointment(other.id, 'ApptOther00000000000', 'showed', bed.locationId));
		const result = await bed.run(
			{ resource: 'appointment', operation: 'getMany', contactId: byId('={{ $json.id }}'), returnAll: true },
			{ items: [{ id: other.id }, { id: contactId }] },
		);
		const output = result.output(NODE);
		expect(output.map((item) => [item.json.contactId, item.pairedItem])).toEqual([
			[other.id, { item: 0 }],
			[contactId, { item: 1 }],
			[contactId, { item: 1 }],
			[contactId, { item: 1 }],
		]);
	});

	test('an unknown contact fails with HighLevel\'s answer', async () => {
		const result = await bed.run({ resource: 'appointment', operation: 'getMany', contactId: byId('NoSuchContact0000000'), returnAll: true });
		expect(result.error(NODE)?.message).toBe(`HighLevel answered ${UNKNOWN_CONTACT_STATUS}: Contact with id NoSuchContact0000000 not found`);
	});

	test('a contact id with "/" from an expression fails naming "Contact", before any request', async () => {
		const result = await bed.run(
			{ resource: 'appointment', operation: 'getMany', contactId: byId('={{ $json.id }}'), returnAll: true },
			{ items: [{ id: `${contactId}/../x` }] },
		);
		expect(result.error(NODE)?.message).toMatch(/^Contact must not contain "\/"/);
		expect(apiRequests(bed.sandbox)).toEqual([]);
	});

	test('typed into "By ID", the same id is refused by the editor\'s check before the node runs', async () => {
		await expect(
			bed.run({ resource: 'appointment', operation: 'getMany', contactId: byId(`${contactId}/../x`), returnAll: true }),
		).rejects.toThrow(/A contact ID has no spaces, "\/"/);
		expect(apiRequests(bed.sandbox)).toEqual([]);
	});
});

function appointment(contactId: string, id: string, status: string, locationId: string): Appointment {
	return {
		id,
		calendarId: 'YlWd2wuCAZQzh2cH1fVZ',
		locationId,
		contactId,
		status,
		title: 'Consultation',
		appoinmentStatus: status,
		appointmentStatus: status,
		assignedUserId: 'user-1',
		notes: '',
		startTime: '2026-12-01 11:00:00',
		endTime: '2026-12-01 11:30:00',
		address: 'Zoom',
		dateAdded: '2026-11-01T10:00:00.000Z',
		dateUpdated: '2026-11-01T10:00:00.000Z',
	};
}
