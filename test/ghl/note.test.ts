import type { Note, RecordedRequest } from '../../sandbox/ghl';
import { apiRequests, byId, startGhlTestBed, type GhlTestBed } from '../harness/ghl';

const NODE = 'GHL Contacts';

describe('Note resource: notes of a contact', () => {
	let bed: GhlTestBed;
	let contactId: string;

	beforeAll(async () => {
		bed = await startGhlTestBed();
		contactId = bed.sandbox.store.addContact({ firstName: 'Ada', email: 'ada@example.com' }).id;
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const addNote = (patch: Partial<Note> = {}) =>
		bed.sandbox.store.addNote(contactId, { body: 'Asked about the spring cohort', userId: 'user-1', ...patch });

	function onlyRequest(): RecordedRequest {
		const requests = apiRequests(bed.sandbox);
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request.headers.version).toBe('2021-07-28');
		expect(request.headers.authorization).toBe(`Bearer ${bed.pit}`);
		return request;
	}

	function errorText(result: Awaited<ReturnType<GhlTestBed['run']>>): string {
		const error = result.error(NODE);
		expect(error).toBeDefined();
		return `${error?.message ?? ''} ${error?.description ?? ''}`;
	}

	describe('Create', () => {
		test('sends the body and the optional fields; the note exists afterwards', async () => {
			const result = await bed.run({
				resource: 'note',
				operation: 'create',
				contactId: byId(contactId),
				body: 'Wants the syllabus before Friday',
				additionalFields: { title: 'Follow-up summary', color: '#FFAA00', pinned: true, userId: 'GCs5KuzPqTls7vWclkEV' },
			});
			const request = onlyRequest();
			expect(request).toMatchObject({ method: 'POST', path: `/contacts/${contactId}/notes`, status: 201 });
			expect(request.body).toEqual({
				body: 'Wants the syllabus before Friday',
				title: 'Follow-up summary',
				color: '#FFAA00',
				pinned: true,
				userId: 'GCs5KuzPqTls7vWclkEV',
			});
			const [item] = result.output(NODE);
			const stored = bed.sandbox.store.getNote(contactId, String(item.json.id));
			expect(stored).toMatchObject({ body: 'Wants the syllabus before Friday', pinned: true, title: 'Follow-up summary' });
			expect(item.json).toEqual(stored);
		});

		test('only the body is sent when nothing else is set', async () => {
			await bed.run({ resource: 'note', operation: 'create', contactId: byId(contactId), body: 'Short one' });
			expect(onlyRequest().body).toEqual({ body: 'Short one' });
		});

		test('an empty body fails before any request', async () => {
			const before = bed.sandbox.store.listNotes(contactId).length;
			const result = await bed.run({ resource: 'note', operation: 'create', contactId: byId(contactId), body: '   ' });
			expect(errorText(result)).toMatch(/Body is empty/);
			expect(apiRequests(bed.sandbox)).toEqual([]);
			expect(bed.sandbox.store.listNotes(contactId)).toHaveLength(before);
		});
	});

	describe('Get Many and Get', () => {
		let other: { id: string };

		beforeAll(() => {
			other = bed.sandbox.store.addContact({ firstName: 'Grace', email: 'grace@example.com' });
			for (const body of ['First call', 'Second call', 'Paid']) bed.sandbox.store.addNote(other.id, { body });
		});

		test('Get Many returns one item per note of the contact', async () => {
			const result = await bed.run({ resource: 'note', operation: 'getMany', contactId: byId(other.id), returnAll: true });
			expect(onlyRequest()).toMatchObject({ method: 'GET', path: `/contacts/${other.id}/notes`, status: 200 });
			expect(result.output(NODE).map((item) => item.json)).toEqual(bed.sandbox.store.listNotes(other.id));
		});

		test('Get Many with a limit returns that many', async () => {
			const result = await bed.run({ resource: 'note', operation: 'getMany', contactId: byId(other.id), returnAll: false, limit: 1 });
			expect(result.output(NODE).map((item) => item.json.body)).toEqual(['First call']);
		});

		test('Get returns the note', async () => {
			const note = addNote();
			const result = await bed.run({ resource: 'note', operation: 'get', contactId: byId(contactId), noteId: note.id });
			expect(onlyRequest()).toMatchObject({ method: 'GET', path: `/contacts/${contactId}/notes/${note.id}`, status: 200 });
			expect(result.output(NODE).map((item) => item.json)).toEqual([note]);
		});

		test('an unknown note id fails with HighLevel\'s answer and a hint to check the id', async () => {
			const result = await bed.run({ resource: 'note', operation: 'get', contactId: byId(contactId), noteId: 'NoSuchNote0000000000' });
			expect(onlyRequest().status).toBe(404);
			expect(errorText(result)).toMatch(/404.*Note with id NoSuchNote0000000000 not found.*Check the ID/);
		});

		test.each(['abc/def', '..', '../../locations'])('note id %j fails naming "Note ID", before any request', async (noteId) => {
			const result = await bed.run({ resource: 'note', operation: 'get', contactId: byId(contactId), noteId });
			expect(errorText(result)).toMatch(/^Note ID must not/);
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});
	});

	describe('Update', () => {
		test('sends only the fields added; the note holds the new body, the rest unchanged', async () => {
			const note = addNote({ title: 'Old title' });
			const result = await bed.run({
				resource: 'note',
				operation: 'update',
				contactId: byId(contactId),
				noteId: note.id,
				updateFields: { body: 'Enrolled in the spring cohort', pinned: true },
			});
			const request = onlyRequest();
			expect(request).toMatchObject({ method: 'PUT', path: `/contacts/${contactId}/notes/${note.id}`, status: 200 });
			expect(request.body).toEqual({ body: 'Enrolled in the spring cohort', pinned: true });
			const stored = bed.sandbox.store.getNote(contactId, note.id);
			expect(stored).toMatchObject({ body: 'Enrolled in the spring cohort', pinned: true, title: 'Old title', userId: 'user-1' });
			expect(result.output(NODE)[0].json).toEqual(stored);
		});

		test('an empty update fails before any request', async () => {
			const note = addNote();
			const result = await bed.run({ resource: 'note', operation: 'update', contactId: byId(contactId), noteId: note.id, updateFields: {} });
			expect(errorText(result)).toMatch(/Nothing to update.*Update Fields/);
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});

		test('an unknown note id fails', async () => {
			const result = await bed.run({
				resource: 'note',
				operation: 'update',
				contactId: byId(contactId),
				noteId: 'NoSuchNote0000000000',
				updateFields: { body: 'x' },
			});
			expect(errorText(result)).toMatch(/404.*not found/);
		});
	});

	describe('Delete', () => {
		test('deletes the note and confirms with its id', async () => {
			const note = addNote();
			const result = await bed.run({ resource: 'note', operation: 'delete', contactId: byId(contactId), noteId: note.id });
			expect(onlyRequest()).toMatchObject({ method: 'DELETE', path: `/contacts/${contactId}/notes/${note.id}`, status: 200 });
			expect(bed.sandbox.store.getNote(contactId, note.id)).toBeUndefined();
			expect(result.output(NODE).map((item) => item.json)).toEqual([{ id: note.id, contactId, deleted: true }]);
		});

		test('deleting an unknown note fails instead of confirming', async () => {
			const result = await bed.run({ resource: 'note', operation: 'delete', contactId: byId(contactId), noteId: 'NoSuchNote0000000000' });
			expect(errorText(result)).toMatch(/404.*not found/);
			expect(result.output(NODE)).toEqual([]);
		});
	});

	describe('Get Many, One Item per Contact', () => {
		const DAY = 24 * 3600 * 1000;
		const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
		let ada: { id: string };
		let lonely: { id: string };
		const now = Date.now();

		beforeAll(() => {
			ada = bed.sandbox.store.addContact({ firstName: 'Ada', email: 'ada.notes@example.com' });
			lonely = bed.sandbox.store.addContact({ firstName: 'Lonely', email: 'lonely@example.com' });
			bed.sandbox.store.addNote(ada.id, { body: 'Asked about the spring cohort' }, undefined, new Date(now - 2 * DAY).toISOString());
			bed.sandbox.store.addNote(ada.id, { body: 'Prefers  email\nover calls' }, undefined, new Date(now - DAY).toISOString());
		});

		const perContact = (extra: Record<string, unknown> = {}) => ({
			resource: 'note',
			operation: 'getMany',
			contactId: byId('={{ $json.contactId }}'),
			returnAll: true,
			output: 'perContact',
			...extra,
		});

		test("each input item comes out once, paired with it, with the contact's notes as a list and a summary, newest first", async () => {
			const result = await bed.run(perContact(), {
				items: [
					{ learnerId: 'learner-1', contactId: ada.id },
					{ learnerId: 'learner-2', contactId: lonely.id },
				],
			});
			expect(result.error(NODE)).toBeUndefined();
			const output = result.output(NODE);
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			const notes = bed.sandbox.store.listNotes(ada.id);
			expect(output[0].json).toEqual({
				learnerId: 'learner-1',
				contactId: ada.id,
				notes: [notes[1], notes[0]],
				notesSummary: `2 notes | ${day(now - DAY)}: Prefers email over calls | ${day(now - 2 * DAY)}: Asked about the spring cohort`,
			});
			expect(output[1].json).toEqual({ learnerId: 'learner-2', contactId: lonely.id, notes: [], notesSummary: 'No notes' });
			expect(apiRequests(bed.sandbox).map((request) => request.path)).toEqual([
				`/contacts/${ada.id}/notes`,
				`/contacts/${lonely.id}/notes`,
			]);
		});

		test('the summary is cut at Summary Max Length, ending in an ellipsis', async () => {
			const result = await bed.run(perContact({ summaryMaxLength: 20 }), { items: [{ contactId: ada.id }] });
			const summary = String(result.output(NODE)[0].json.notesSummary);
			expect(summary).toBe(`2 notes | ${day(now - DAY).slice(0, 9)}…`);
			expect(summary).toHaveLength(20);
		});
	});
});
