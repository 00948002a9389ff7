// Template 07 (Skilljar completion → GHL), run through n8n's engine as shipped: the Skilljar
// sandbox enrolls a learner and completes the course, sending the webhooks to a Skilljar Trigger;
// templates 08 and 07 run on the trigger's items against the GHL sandbox, and the tests look at
// what HighLevel holds (tags, notes, tasks, custom fields, workflow enrollments) and was sent.
// A completion that fails is kept in "LMS Sync Retries" for template 12, and a replay through
// When Retried finishes it without writing anything twice.
import type { INodeExecutionData } from 'n8n-workflow';

import { RETRY_TABLE } from '../harness/dataTables';
import { retryDataTables } from '../harness/engine';
import { olderWaitingRow } from '../harness/retryRows';
import {
	expectedReport,
	keptWhileDown,
	retryRows,
	runReport,
	startSkilljarToGhlBed,
	type SkilljarToGhlBed,
} from '../harness/skilljarEvents';
import { templateWorkflowId } from '../harness/templateRun';
import { loadTemplates } from '../harness/templates';

const templates = loadTemplates();
const completion = templates.find((candidate) => candidate.key === '07')!;
const enrollment = templates.find((candidate) => candidate.key === '08')!;
const NOTE_WRITE = 6;

describe('template 07: Skilljar course completion → GHL, in the engine', () => {
	let bed: SkilljarToGhlBed;
	let courseId: string;
	let followUpId: string;
	let courseField: string;
	let dateField: string;

	beforeAll(async () => {
		bed = await startSkilljarToGhlBed([
			'contacts.readonly',
			'contacts.write',
			'locations/customFields.readonly',
		]);
		courseId = bed.skilljar.sandbox.store.addPublishedCourse('Orbital Mechanics').id;
		const locationId = bed.ghl.locationId;
		followUpId = store().automation.addWorkflow({ locationId, name: 'Certificate follow-up' }).id;
		courseField = store().addCustomField({ locationId, name: 'Last Course Completed' }).id;
		dateField = store().addCustomField({
			locationId,
			name: 'Last Course Completed On',
			dataType: 'DATE',
		}).id;
	});
	afterAll(async () => await bed?.close());
	afterEach(() => bed.ghl.sandbox.setFaults({}));

	const store = () => bed.ghl.sandbox.store;
	const retryKey = (email: string) => `${templateWorkflowId(completion)}:${email}:${courseId}`;
	/** The COURSE_COMPLETION items of a learner (enrolled first) who completes the course. */
	const completes = async (email: string, at = '2026-06-01T10:00:00Z') => {
		await bed.learner.enroll({ email, publishedCourseId: courseId, first_name: 'Ada' });
		return await bed.learner.progress({ email, publishedCourseId: courseId, complete: true, at });
	};
	const fieldValues = (contactId: string) =>
		Object.fromEntries(
			store()
				.getContact(contactId)!
				.customFields.map((field) => [field.id, field.value]),
		);

	test("08 then 07: tags, note, custom fields, 08's task marked completed, the follow-up workflow once; the same completion again writes nothing", async () => {
		const enrolled = await bed.learner.enroll({
			email: 'dorothy.vaughan.orbit@example.com',
			publishedCourseId: courseId,
			first_name: 'Dorothy',
			last_name: 'Vaughan',
		});
		await bed.run(enrollment, enrolled);
		const contact = bed.contactByEmail('dorothy.vaughan.orbit@example.com')!;
		// Template 09 has marked the learner stalled meanwhile.
		store().updateContact(contact.id, {
			tags: [...contact.tags, 'stalled: orbital mechanics'],
		});
		const [reminder] = store().listTasks(contact.id);
		expect(reminder).toMatchObject({
			title: 'Check in: Dorothy Vaughan to complete Orbital Mechanics',
			completed: false,
		});

		const completed = await bed.learner.progress({
			email: 'dorothy.vaughan.orbit@example.com',
			publishedCourseId: courseId,
			complete: true,
			score: 92,
			at: '2026-05-02T10:00:00Z',
		});
		expect(completed.map((item) => item.json.event)).toEqual(['course.completed']);
		bed.ghl.sandbox.clearRequests();

		await bed.run(completion, completed, { followUpWorkflowId: followUpId });

		const after = store().getContact(contact.id)!;
		expect([...after.tags].sort()).toEqual([
			'completed: orbital mechanics',
			'enrolled: orbital mechanics',
		]);
		expect(
			store()
				.listNotes(contact.id)
				.map((note) => note.body),
		).toEqual(['Completed Orbital Mechanics on 2026-05-02 (score 92/100)']);
		expect(fieldValues(contact.id)).toMatchObject({
			[courseField]: 'Orbital Mechanics',
			[dateField]: expect.stringMatching(/^2026-05-02/),
		});
		expect(store().listTasks(contact.id)).toEqual([
			expect.objectContaining({ id: reminder.id, completed: true }),
		]);
		expect(store().automation.of(contact.id).workflows).toEqual([
			expect.objectContaining({ workflowId: followUpId }),
		]);
		expect(bed.writes().sort()).toEqual(
			[
				`POST /contacts/${contact.id}/tags`,
				`DELETE /contacts/${contact.id}/tags`,
				`POST /contacts/${contact.id}/notes`,
				`PUT /contacts/${contact.id}`,
				`PUT /contacts/${contact.id}/tasks/${reminder.id}/completed`,
				`POST /contacts/${contact.id}/workflow/${followUpId}`,
			].sort(),
		);

		// Skilljar delivers the completion again: reads only, nothing changes.
		bed.ghl.sandbox.clearRequests();
		await bed.run(completion, completed, { followUpWorkflowId: followUpId });
		expect(bed.writes()).toEqual([]);
		expect(store().automation.of(contact.id).workflows).toHaveLength(1);
		expect(store().listNotes(contact.id)).toHaveLength(1);
	});

	test('a learner without a contact: the contact is created and written; no workflow when none is set', async () => {
		await bed.learner.enroll({
			email: 'mary.jackson.orbit@example.com',
			publishedCourseId: courseId,
			first_name: 'Mary',
			last_name: 'Jackson',
		});
		const completed = await bed.learner.progress({
			email: 'mary.jackson.orbit@example.com',
			publishedCourseId: courseId,
			complete: true,
			at: '2026-05-03T10:00:00Z',
		});

		const result = await bed.run(completion, completed);

		const contact = bed.contactByEmail('mary.jackson.orbit@example.com')!;
		expect(contact).toMatchObject({ firstName: 'Mary', lastName: 'Jackson', source: 'Skilljar' });
		expect(contact.tags).toEqual(['completed: orbital mechanics']);
		expect(
			store()
				.listNotes(contact.id)
				.map((note) => note.body),
		).toEqual([expect.stringMatching(/^Completed Orbital Mechanics on 2026-05-03/)]);
		expect(fieldValues(contact.id)).toMatchObject({ [courseField]: 'Orbital Mechanics' });
		expect(store().automation.of(contact.id).workflows).toEqual([]);
		expect(result.ran()).not.toContain('Mark Reminder Completed');
		expect(result.ran()).not.toContain('Add to Follow-up Workflow');
	});

	test('a custom field name HighLevel does not have sends the contact to Failed: Course Fields', async () => {
		await bed.learner.enroll({ email: 'no.field.orbit@example.com', publishedCourseId: courseId });
		const completed = await bed.learner.progress({
			email: 'no.field.orbit@example.com',
			publishedCourseId: courseId,
			complete: true,
		});

		const result = await bed.run(completion, completed, { lastCourseField: 'Last Course' });

		expect(result.items('Failed: Course Fields')).toEqual([
			expect.objectContaining({ error: expect.objectContaining({ message: expect.stringContaining('has no field') }) }),
		]);
		// Waiting will not add the field: told at once, not retried.
		expect(retryRows(result)).toEqual([
			expect.objectContaining({
				step: 'Set Course Fields',
				contact_id: bed.contactByEmail('no.field.orbit@example.com')!.id,
				http_code: null,
				status: 'alert',
			}),
		]);
	});

	test('HighLevel down: the completion is kept once as waiting with the event; a replay writes it all, a second replay writes nothing', async () => {
		const contact = store().createContact(bed.ghl.locationId, {
			email: 'ada.down.orbit@example.com',
			firstName: 'Ada',
		});
		const items = await completes('ada.down.orbit@example.com');
		bed.ghl.sandbox.setFaults({ rate: { status5xx: 1 } });
		const failed = await bed.run(completion, items);
		bed.ghl.sandbox.setFaults({});

		expect(store().getContact(contact.id)!.tags).toEqual([]);
		const row = keptWhileDown(failed, completion, items[0]);

		const replayed = await bed.replay(completion, row);
		expect(replayed.items('Keep for Retry')).toEqual([]);
		expect(replayed.items('Completion Recorded')).toEqual([
			expect.objectContaining({ outcome: 'synced' }),
		]);
		expect(replayed.items('Run Summary')).toEqual([
			{ synced: 1, skipped: 0, skipReasons: {}, failed: 0, retryAttempt: 1 },
		]);
		expect(store().getContact(contact.id)!.tags).toEqual(['completed: orbital mechanics']);
		expect(
			store()
				.listNotes(contact.id)
				.map((note) => note.body),
		).toEqual(['Completed Orbital Mechanics on 2026-06-01']);
		expect(fieldValues(contact.id)).toMatchObject({ [courseField]: 'Orbital Mechanics' });
		// The row is template 12's to delete: the replay left it as 12 marked it.
		expect(retryRows(replayed)).toEqual([expect.objectContaining({ status: 'running' })]);

		bed.ghl.sandbox.clearRequests();
		const again = await bed.replay(completion, row);
		expect(again.items('Keep for Retry')).toEqual([]);
		expect(bed.writes()).toEqual([]);
		expect(again.items('Completion Recorded')).toEqual([
			expect.objectContaining({ outcome: 'skipped', reason: 'already up to date' }),
		]);
	});

	test('the answer to Add Completion Note is lost after HighLevel wrote it: the row names the contact, and the replay adds no second note', async () => {
		const contact = store().createContact(bed.ghl.locationId, {
			email: 'lin.lost.orbit@example.com',
			firstName: 'Lin',
		});
		const items = await completes('lin.lost.orbit@example.com');
		// Requests: 1 finds the contact, 2 gets it, 3 its custom field names, 4 adds the completed
		// tag, 5 reads the notes, 6 writes the note (not repeated: it may have been made).
		bed.ghl.sandbox.setFaults({ schedule: [{ atRequest: NOTE_WRITE, kind: 'lostAnswer' }] });
		const failed = await bed.run(completion, items);
		bed.ghl.sandbox.setFaults({});

		expect(store().listNotes(contact.id)).toHaveLength(1);
		const [row, ...others] = retryRows(failed);
		expect(others).toEqual([]);
		expect(row).toMatchObject({
			step: 'Add Completion Note',
			contact_id: contact.id,
			status: 'waiting',
		});

		const replayed = await bed.replay(completion, row);
		expect(replayed.items('Keep for Retry')).toEqual([]);
		expect(replayed.items('Completion Recorded')).toEqual([
			expect.objectContaining({ outcome: 'synced' }),
		]);
		expect(store().listNotes(contact.id)).toHaveLength(1);
		expect(fieldValues(contact.id)).toMatchObject({ [courseField]: 'Orbital Mechanics' });
	});

	test('a follow-up workflow HighLevel does not know: its 404 is kept as alert (not retryable), on the contact', async () => {
		const items = await completes('kim.alert.orbit@example.com');
		const result = await bed.run(completion, items, {
			followUpWorkflowId: 'NoSuchWorkflow0000001',
		});

		expect(result.items('Any Failure')).toEqual([
			expect.objectContaining({
				step: 'Add to Follow-up Workflow',
				error: expect.objectContaining({ retryable: false }),
			}),
		]);
		expect(retryRows(result)).toEqual([
			expect.objectContaining({
				retry_key: retryKey('kim.alert.orbit@example.com'),
				step: 'Add to Follow-up Workflow',
				contact_id: bed.contactByEmail('kim.alert.orbit@example.com')!.id,
				http_code: 404,
				attempts: 1,
				status: 'alert',
			}),
		]);
	});

	test("a newer completion drops the learner's older waiting row of that course, and only that one", async () => {
		const tables = retryDataTables();
		const older = (key: string) => ({
			...olderWaitingRow(completion, 'x', 'Find Contact by Email'),
			retry_key: key,
		});
		tables.insert(RETRY_TABLE, [
			older(retryKey('kay.newer.orbit@example.com')),
			older(`${templateWorkflowId(completion)}:kay.newer.orbit@example.com:other-course`),
		]);

		const items = await completes('Kay.Newer.Orbit@example.com');
		const result = await bed.run(completion, items, {}, { dataTables: tables });

		expect(result.items('Keep for Retry')).toEqual([]);
		expect(retryRows(result)).toEqual([
			expect.objectContaining({
				retry_key: `${templateWorkflowId(completion)}:kay.newer.orbit@example.com:other-course`,
			}),
		]);
	});

	test('each run ends in one summary item, saved to the Executions list: synced, skipped with the reason, failed', async () => {
		// Skilljar sends one event per delivery, and template 12 replays one row at a time, so a run
		// of this template holds one completion: its summary counts that one.
		const items = await completes('mia.mixed.orbit@example.com');

		expect(runReport(await bed.run(completion, items))).toEqual(expectedReport(1, 0, 0));
		expect(runReport(await bed.run(completion, items))).toEqual(expectedReport(0, 1, 0));
		const broken: INodeExecutionData[] = [{ json: { ...items[0].json, email: 'not-an-email' } }];
		const failed = await bed.run(completion, broken);
		expect(runReport(failed)).toEqual(expectedReport(0, 0, 1));
		expect(retryRows(failed)).toEqual([
			expect.objectContaining({
				item_key: 'not-an-email · Orbital Mechanics',
				step: 'Find Contact by Email',
				status: 'alert',
			}),
		]);
	});
});
