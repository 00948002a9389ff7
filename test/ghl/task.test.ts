import type { RecordedRequest, Task } from '../../sandbox/ghl';
import { apiRequests, byId, startGhlTestBed, type GhlTestBed } from '../harness/ghl';

const NODE = 'GHL Contacts';

describe('Task resource: tasks of a contact', () => {
	let bed: GhlTestBed;
	let contactId: string;

	beforeAll(async () => {
		bed = await startGhlTestBed();
		contactId = bed.sandbox.store.addContact({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' }).id;
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const addTask = (patch: Partial<Task> = {}) =>
		bed.sandbox.store.addTask(contactId, {
			title: 'Send the syllabus',
			body: 'Spring cohort',
			dueDate: '2026-11-20T10:00:00.000Z',
			completed: false,
			...patch,
		});

	/** The one API request the run sent, checked for the headers every GHL call needs. */
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
		test('sends title, due date without milliseconds, completed and the optional fields; the task exists afterwards', async () => {
			const result = await bed.run({
				resource: 'task',
				operation: 'create',
				contactId: byId(contactId),
				title: 'Call back about the enrolment',
				dueDate: '2026-12-01T09:30:00.750Z',
				additionalFields: { body: 'Ask which start date suits them', assignedTo: 'hxHGVRb1YJUscrCB8eXK' },
			});

			const request = onlyRequest();
			expect(request).toMatchObject({ method: 'POST', path: `/contacts/${contactId}/tasks`, status: 201 });
			expect(request.headers['content-type']).toMatch(/application\/json/);
			expect(request.body).toEqual({
				title: 'Call back about the enrolment',
				dueDate: '2026-12-01T09:30:00Z',
				completed: false,
				body: 'Ask which start date suits them',
				assignedTo: 'hxHGVRb1YJUscrCB8eXK',
			});

			const [item] = result.output(NODE);
			const stored = bed.sandbox.store.getTask(contactId, String(item.json.id));
			expect(stored).toMatchObject({
				title: 'Call back about the enrolment',
				completed: false,
				assignedTo: 'hxHGVRb1YJUscrCB8eXK',
			});
			expect(new Date(String(stored?.dueDate)).toISOString()).toBe('2026-12-01T09:30:00.000Z');
			expect(item.json).toEqual(stored);
		});

		test('a due date without a time zone is wall-clock time in the workflow time zone (America/New_York here)', async () => {
			await bed.run({
				resource: 'task',
				operation: 'create',
				contactId: byId(contactId),
				title: 'Winter check-in',
				dueDate: '2026-12-01T09:30:00',
			});
			await bed.run({
				resource: 'task',
				operation: 'create',
				contactId: byId(contactId),
				title: 'Summer check-in',
				dueDate: '2026-07-01T09:30:00',
			});
			const sent = apiRequests(bed.sandbox).map((request) => (request.body as { dueDate: string }).dueDate);
			// EST is UTC-5, EDT UTC-4.
			expect(sent).toEqual(['2026-12-01T14:30:00Z', '2026-07-01T13:30:00Z']);
		});

		test('one task per input item, with the title from an expression, outputs paired to their items', async () => {
			const before = bed.sandbox.store.listTasks(contactId).length;
			const result = await bed.run(
				{
					resource: 'task',
					operation: 'create',
					contactId: byId(contactId),
					title: '={{ "Lesson " + $json.lesson }}',
					dueDate: '={{ $json.due }}',
				},
				{ items: [{ lesson: 1, due: '2026-12-02T08:00:00Z' }, { lesson: 2, due: '2026-12-03T08:00:00+01:00' }] },
			);
			const output = result.output(NODE);
			expect(output.map((item) => item.json.title)).toEqual(['Lesson 1', 'Lesson 2']);
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(bed.sandbox.store.listTasks(contactId)).toHaveLength(before + 2);
			expect(apiRequests(bed.sandbox).map((request) => (request.body as { dueDate: string }).dueDate).sort()).toEqual([
				'2026-12-02T08:00:00Z',
				'2026-12-03T07:00:00Z',
			]);
		});

		test('an unparseable due date fails naming the field, before any request', async () => {
			const before = bed.sandbox.store.listTasks(contactId).length;
			const result = await bed.run({
				resource: 'task',
				operation: 'create',
				contactId: byId(contactId),
				title: 'Never sent',
				dueDate: 'next tuesday-ish',
			});
			expect(errorText(result)).toMatch(/Due Date "next tuesday-ish" is not a valid date/);
			expect(apiRequests(bed.sandbox)).toEqual([]);
			expect(bed.sandbox.store.listTasks(contactId)).toHaveLength(before);
		});

		test('an impossible calendar date fails the same way', async () => {
			const result = await bed.run({
				resource: 'task',
				operation: 'create',
				contactId: byId(contactId),
				title: 'Never sent',
				dueDate: '2026-02-30T09:00:00',
			});
			expect(errorText(result)).toMatch(/Due Date .* is not a valid date/);
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});
	});

	describe('Get Many and Get', () => {
		let other: { id: string };

		beforeAll(() => {
			other = bed.sandbox.store.addContact({ firstName: 'Grace', email: 'grace@example.com' });
			for (const title of ['One', 'Two', 'Three']) bed.sandbox.store.addTask(other.id, { title, dueDate: '2026-10-01T00:00:00.000Z', completed: false });
		});

		test('Get Many returns one item per task of the contact', async () => {
			const result = await bed.run({ resource: 'task', operation: 'getMany', contactId: byId(other.id), returnAll: true });
			expect(onlyRequest()).toMatchObject({ method: 'GET', path: `/contacts/${other.id}/tasks`, status: 200 });
			expect(result.output(NODE).map((item) => item.json)).toEqual(bed.sandbox.store.listTasks(other.id));
		});

		test('Get Many with a limit returns that many', async () => {
			const result = await bed.run({ resource: 'task', operation: 'getMany', contactId: byId(other.id), returnAll: false, limit: 2 });
			expect(result.output(NODE).map((item) => item.json.id)).toEqual(bed.sandbox.store.listTasks(other.id).slice(0, 2).map((task) => task.id));
		});

		test('Get returns the task', async () => {
			const task = addTask({ title: 'Look me up' });
			const result = await bed.run({ resource: 'task', operation: 'get', contactId: byId(contactId), taskId: task.id });
			expect(onlyRequest()).toMatchObject({ method: 'GET', path: `/contacts/${contactId}/tasks/${task.id}`, status: 200 });
			expect(result.output(NODE).map((item) => item.json)).toEqual([task]);
		});

		test('an unknown task id fails with HighLevel\'s answer and a hint to check the id', async () => {
			const result = await bed.run({ resource: 'task', operation: 'get', contactId: byId(contactId), taskId: 'NoSuchTask0000000000' });
			expect(onlyRequest().status).toBe(404);
			const text = errorText(result);
			expect(text).toMatch(/404.*Task with id NoSuchTask0000000000 not found/);
			expect(text).toMatch(/Check the ID/);
		});

		test.each([
			['a "/"', 'abc/def'],
			['".."', '..'],
		])('a task id containing %s fails naming "Task ID", before any request', async (_label, taskId) => {
			const result = await bed.run({ resource: 'task', operation: 'get', contactId: byId(contactId), taskId });
			expect(errorText(result)).toMatch(/^Task ID must not/);
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});
	});

	describe('Update', () => {
		test('sends only the fields added, due date without milliseconds; the others keep their values', async () => {
			const task = addTask({ assignedTo: 'user-1' });
			const result = await bed.run({
				resource: 'task',
				operation: 'update',
				contactId: byId(contactId),
				taskId: task.id,
				updateFields: { title: 'Send the new syllabus', dueDate: '2027-01-15T16:45:10.123Z' },
			});
			const request = onlyRequest();
			expect(request).toMatchObject({ method: 'PUT', path: `/contacts/${contactId}/tasks/${task.id}`, status: 200 });
			expect(request.body).toEqual({ title: 'Send the new syllabus', dueDate: '2027-01-15T16:45:10Z' });

			const stored = bed.sandbox.store.getTask(contactId, task.id);
			expect(stored).toMatchObject({ title: 'Send the new syllabus', body: 'Spring cohort', assignedTo: 'user-1', completed: false });
			expect(stored?.dueDate).toBe('2027-01-15T16:45:10.000Z');
			expect(result.output(NODE)[0].json).toEqual(stored);
		});

		test('an empty update fails before any request', async () => {
			const task = addTask();
			const result = await bed.run({ resource: 'task', operation: 'update', contactId: byId(contactId), taskId: task.id, updateFields: {} });
			expect(errorText(result)).toMatch(/Nothing to update.*Update Fields/);
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});

		test('a bad due date in the update fails naming the field, before any request', async () => {
			const task = addTask();
			const result = await bed.run({
				resource: 'task',
				operation: 'update',
				contactId: byId(contactId),
				taskId: task.id,
				updateFields: { dueDate: 'tomorrow' },
			});
			expect(errorText(result)).toMatch(/Due Date "tomorrow" is not a valid date/);
			expect(apiRequests(bed.sandbox)).toEqual([]);
			expect(bed.sandbox.store.getTask(contactId, task.id)).toEqual(task);
		});
	});

	describe('Mark Completed and Mark Not Completed', () => {
		test('Mark Completed sets the flag through PUT …/completed', async () => {
			const task = addTask({ completed: false });
			const result = await bed.run({ resource: 'task', operation: 'markCompleted', contactId: byId(contactId), taskId: task.id });
			const request = onlyRequest();
			expect(request).toMatchObject({ method: 'PUT', path: `/contacts/${contactId}/tasks/${task.id}/completed`, status: 200 });
			expect(request.body).toEqual({ completed: true });
			expect(bed.sandbox.store.getTask(contactId, task.id)?.completed).toBe(true);
			expect(result.output(NODE)[0].json).toMatchObject({ id: task.id, completed: true });
		});

		test('Mark Not Completed clears it', async () => {
			const task = addTask({ completed: true });
			await bed.run({ resource: 'task', operation: 'markNotCompleted', contactId: byId(contactId), taskId: task.id });
			expect(onlyRequest().body).toEqual({ completed: false });
			expect(bed.sandbox.store.getTask(contactId, task.id)?.completed).toBe(false);
		});

		test('an unknown task id fails', async () => {
			const result = await bed.run({ resource: 'task', operation: 'markCompleted', contactId: byId(contactId), taskId: 'NoSuchTask0000000000' });
			expect(errorText(result)).toMatch(/404.*not found/);
		});
	});

	describe('Delete', () => {
		test('deletes the task and confirms with its id', async () => {
			const task = addTask();
			const result = await bed.run({ resource: 'task', operation: 'delete', contactId: byId(contactId), taskId: task.id });
			expect(onlyRequest()).toMatchObject({ method: 'DELETE', path: `/contacts/${contactId}/tasks/${task.id}`, status: 200 });
			expect(bed.sandbox.store.getTask(contactId, task.id)).toBeUndefined();
			expect(result.output(NODE).map((item) => item.json)).toEqual([{ id: task.id, contactId, deleted: true }]);
		});

		test('deleting an unknown task fails instead of confirming', async () => {
			const result = await bed.run({ resource: 'task', operation: 'delete', contactId: byId(contactId), taskId: 'NoSuchTask0000000000' });
			expect(errorText(result)).toMatch(/404.*not found/);
			expect(result.output(NODE)).toEqual([]);
		});
	});

	describe('Get Many, One Item per Contact', () => {
		const DAY = 24 * 3600 * 1000;
		const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
		const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const now = Date.now();
		let ada: { id: string };
		let lonely: { id: string };

		beforeAll(() => {
			ada = bed.sandbox.store.addContact({ firstName: 'Ada', email: 'ada.tasks@example.com' });
			lonely = bed.sandbox.store.addContact({ firstName: 'Lonely', email: 'lonely.tasks@example.com' });
			bed.sandbox.store.addTask(ada.id, { title: 'Send syllabus', dueDate: iso(now - 3 * DAY), completed: false });
			bed.sandbox.store.addTask(ada.id, { title: 'Intro call', dueDate: iso(now - 5 * DAY), completed: true });
			bed.sandbox.store.addTask(ada.id, { title: 'Follow up', dueDate: iso(now + 7 * DAY), completed: false });
		});

		test('each input item comes out once, paired, with its tasks (each with a status), the counts and a summary', async () => {
			const result = await bed.run(
				{ resource: 'task', operation: 'getMany', contactId: byId('={{ $json.contactId }}'), returnAll: true, output: 'perContact' },
				{ items: [{ contactId: ada.id }, { contactId: lonely.id }] },
			);
			expect(result.error(NODE)).toBeUndefined();
			const output = result.output(NODE);
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			const [send, intro, follow] = bed.sandbox.store.listTasks(ada.id);
			expect(output[0].json).toEqual({
				contactId: ada.id,
				tasks: [
					{ ...intro, status: 'completed' },
					{ ...send, status: 'overdue' },
					{ ...follow, status: 'open' },
				],
				taskCounts: { open: 1, overdue: 1, completed: 1 },
				tasksSummary: `1 open, 1 overdue, 1 completed | completed: Intro call (due ${day(now - 5 * DAY)}); overdue: Send syllabus (due ${day(now - 3 * DAY)}); open: Follow up (due ${day(now + 7 * DAY)})`,
			});
			expect(output[1].json).toEqual({
				contactId: lonely.id,
				tasks: [],
				taskCounts: { open: 0, overdue: 0, completed: 0 },
				tasksSummary: 'No tasks',
			});
		});

		test('a contact whose tasks cannot be read gives an error item paired with it (Continue On Fail); the others go on', async () => {
			const result = await bed.run(
				{ resource: 'task', operation: 'getMany', contactId: byId('={{ $json.contactId }}'), returnAll: true, output: 'perContact' },
				{ items: [{ contactId: 'NoSuchContact0000000' }, { contactId: lonely.id }], continueOnFail: true },
			);
			const output = result.output(NODE);
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(output[0].json.error).toBeDefined();
			expect(output[1].json).toMatchObject({ contactId: lonely.id, tasksSummary: 'No tasks' });
		});
	});
});
