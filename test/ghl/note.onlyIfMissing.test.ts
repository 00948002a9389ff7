import type { IDataObject } from 'n8n-workflow';

import { apiRequests, byId, startGhlTestBed, type GhlTestBed } from '../harness/ghl';

const NODE = 'GHL Contacts';

describe('Note → Create, Only If Missing', () => {
	let bed: GhlTestBed;

	beforeEach(async () => {
		bed = await startGhlTestBed();
	});
	afterEach(async () => await bed.close());

	const contact = (firstName: string) =>
		bed.sandbox.store.addContact({ firstName, email: `${firstName.toLowerCase()}@example.com` }).id;
	const bodies = (contactId: string) =>
		bed.sandbox.store.listNotes(contactId).map((note) => note.body);
	const writes = () => apiRequests(bed.sandbox).filter((request) => request.method !== 'GET');
	const createNote = (onlyIfMissing: string) => ({
		resource: 'note',
		operation: 'create',
		contactId: byId('={{ $json.contactId }}'),
		body: '={{ $json.body }}',
		onlyIfMissing,
	});

	test('Same Text: skips when a note has this text (ends and doubled spaces aside), says so and gives the note', async () => {
		const ada = contact('Ada');
		const existing = bed.sandbox.store.addNote(ada, { body: 'Asked about  the spring cohort ' });
		const grace = contact('Grace');
		bed.sandbox.store.addNote(grace, { body: 'Asked about the spring cohort, twice' });

		const result = await bed.run(createNote('sameText'), {
			items: [
				{ contactId: ada, body: 'Asked about the spring cohort' },
				{ contactId: grace, body: 'Asked about the spring cohort' },
			],
		});

		expect(result.error(NODE)).toBeUndefined();
		const [skipped, created] = result.output(NODE).map((item) => item.json);
		expect(skipped).toEqual({ ...existing, created: false });
		expect(created).toMatchObject({ body: 'Asked about the spring cohort', created: true });
		expect(bodies(ada)).toEqual(['Asked about  the spring cohort ']);
		expect(bodies(grace).sort()).toEqual([
			'Asked about the spring cohort',
			'Asked about the spring cohort, twice',
		]);
		expect(writes()).toHaveLength(1);
	});

	test('Same Text Before the Date: "… Photography on <date>" does not hide "… Photography on a Budget on <date>"', async () => {
		const ada = contact('Ada');
		bed.sandbox.store.addNote(ada, { body: 'Enrolled in Photography on a Budget on 2026-01-05' });
		const grace = contact('Grace');
		bed.sandbox.store.addNote(grace, { body: 'Enrolled in Photography on 2025-11-30' });

		const result = await bed.run(createNote('sameTextBeforeDate'), {
			items: [
				{ contactId: ada, body: 'Enrolled in Photography on 2026-02-01' },
				{ contactId: grace, body: 'Enrolled in Photography on 2026-02-01' },
				{ contactId: ada, body: 'Enrolled in Photography on a Budget on 2026-02-01' },
			],
		});

		expect(result.output(NODE).map((item) => [item.json.body, item.json.created])).toEqual([
			['Enrolled in Photography on 2026-02-01', true],
			['Enrolled in Photography on 2025-11-30', false],
			['Enrolled in Photography on a Budget on 2026-01-05', false],
		]);
		expect(bodies(ada).sort()).toEqual([
			'Enrolled in Photography on 2026-02-01',
			'Enrolled in Photography on a Budget on 2026-01-05',
		]);
		expect(bodies(grace)).toEqual(['Enrolled in Photography on 2025-11-30']);
	});

	test('a repeated run creates nothing more', async () => {
		const ada = contact('Ada');
		const items = [{ contactId: ada, body: 'Enrolled in Bookkeeping Basics on 2026-02-01' }];
		await bed.run(createNote('sameTextBeforeDate'), { items });
		bed.sandbox.clearRequests();
		const again = await bed.run(createNote('sameTextBeforeDate'), {
			items: [{ contactId: ada, body: 'Enrolled in Bookkeeping Basics on 2026-02-02' }],
		});

		expect(again.output(NODE)[0].json).toMatchObject({ created: false });
		expect(bodies(ada)).toEqual(['Enrolled in Bookkeeping Basics on 2026-02-01']);
		expect(writes()).toEqual([]);
	});

	test('two equal items in one run create the note once', async () => {
		const ada = contact('Ada');
		const item = { contactId: ada, body: 'Enrolled in Bookkeeping Basics on 2026-02-01' };
		const result = await bed.run(createNote('sameText'), { items: [item, item, item] });

		expect(result.output(NODE).map((output) => output.json.created)).toEqual([true, false, false]);
		expect(bodies(ada)).toEqual([item.body]);
	});

	test('off (the default): always creates, and the output is the note as before', async () => {
		const ada = contact('Ada');
		bed.sandbox.store.addNote(ada, { body: 'Same' });
		const result = await bed.run(
			{ resource: 'note', operation: 'create', contactId: byId(ada), body: 'Same' },
			{ items: [{}] },
		);
		expect(result.output(NODE)[0].json.created).toBeUndefined();
		expect(bodies(ada)).toEqual(['Same', 'Same']);
		expect(apiRequests(bed.sandbox).map((request) => request.method)).toEqual(['POST']);
	});

	test('with Continue On Fail, an unknown contact fails alone, paired with its item', async () => {
		const ada = contact('Ada');
		const result = await bed.run(createNote('sameText'), {
			continueOnFail: true,
			items: [
				{ contactId: 'NoSuchContact0000000', body: 'Hello' },
				{ contactId: ada, body: 'Hello' },
			],
		});

		const output = result.output(NODE);
		expect((output[0].json.error as IDataObject).message).toMatch(/contact/i);
		expect(output[1].json).toMatchObject({ body: 'Hello', created: true });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(bodies(ada)).toEqual(['Hello']);
	});
});
