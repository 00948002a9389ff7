import type { FaultKind } from '../../sandbox/ghl';
import { apiRequests, startGhlTestBed, type GhlTestBed } from '../harness/ghl';

const NODE = 'GHL Contacts';

describe('Create or Update is retried only when a retry cannot create a second contact', () => {
	let bed: GhlTestBed;

	beforeEach(async () => {
		// A location that allows duplicate contacts.
		bed = await startGhlTestBed({ allowDuplicateContact: true });
		bed.sandbox.store.addContact({ firstName: 'Pat', email: 'pat@example.com' });
	});
	afterEach(async () => await bed.close());

	const withEmail = () =>
		bed.sandbox.store.listContacts(bed.locationId).filter((contact) => contact.email === 'pat@example.com');

	const upsert = (createNew: boolean) =>
		bed.run({
			resource: 'contact',
			operation: 'upsert',
			contactFields: { email: 'pat@example.com', city: 'Berlin' },
			createNewIfDuplicateAllowed: createNew,
		});

	test.each<[FaultKind, string]>([
		['lostAnswer502', 'HighLevel answered 502'],
		['lostAnswer', 'Could not reach HighLevel (connection reset)'],
	])(
		'"Create New If Duplicates Allowed" on, answer lost after the write (%s): not sent again, one new contact, the error says so',
		async (kind, message) => {
			bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind }] });
			const result = await upsert(true);
			expect(apiRequests(bed.sandbox)).toHaveLength(1);
			expect(withEmail()).toHaveLength(2);
			expect(result.error(NODE)?.message).toContain(message);
			expect(result.error(NODE)?.description).toContain('was not retried, as repeating it could create a duplicate');
		},
	);

	test('off, answer lost after the write: sent again, and the contact is updated, not duplicated', async () => {
		bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'lostAnswer502' }] });
		const result = await upsert(false);
		expect(result.error(NODE)).toBeUndefined();
		expect(apiRequests(bed.sandbox).map((request) => request.status)).toEqual([502, 200]);
		expect(withEmail()).toHaveLength(1);
		expect(withEmail()[0].city).toBe('Berlin');
		expect(result.output(NODE)[0].json).toMatchObject({ new: false, city: 'Berlin' });
	});
});
