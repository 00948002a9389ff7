// Template 08 (Skilljar enrollment → GHL tag and check-in task), run through n8n's engine as
// shipped: the Skilljar sandbox enrolls a learner and sends COURSE_ENROLLMENT to a Skilljar
// Trigger, the template runs on the trigger's items against the GHL sandbox, and the tests look
// at what HighLevel holds and was sent. An enrollment that fails is kept in "LMS Sync Retries" for
// template 12, and a replay through When Retried finishes it without writing anything twice.
import type { INodeExecutionData } from 'n8n-workflow';

import { RETRY_TABLE } from '../harness/dataTables';
import { retryDataTables } from '../harness/engine';
import { olderWaitingRow } from '../harness/retryRows';
import {
	expectedReport,
	keptWhileDown,
	READ_ONLY_CREDENTIAL_ID,
	retryRows,
	runReport,
	startSkilljarToGhlBed,
	type SkilljarToGhlBed,
} from '../harness/skilljarEvents';
import { templateWorkflowId } from '../harness/templateRun';
import { loadTemplates } from '../harness/templates';

const template = loadTemplates().find((candidate) => candidate.key === '08')!;
const OWNER = 'SandboxUser000000002';
const CHOSEN = 'SandboxUser000000003';
const DAY = 24 * 60 * 60 * 1000;

describe('template 08: Skilljar enrollment → GHL tag and check-in task, in the engine', () => {
	let bed: SkilljarToGhlBed;
	let courseId: string;

	beforeAll(async () => {
		bed = await startSkilljarToGhlBed(['contacts.readonly', 'contacts.write']);
		courseId = bed.skilljar.sandbox.store.addPublishedCourse('Data Literacy').id;
	});
	afterAll(async () => await bed?.close());
	afterEach(() => bed.ghl.sandbox.setFaults({}));

	const run = async (items: INodeExecutionData[], settings: Record<string, unknown> = {}) =>
		await bed.run(template, items, settings);
	const store = () => bed.ghl.sandbox.store;
	const retryKey = (email: string) => `${templateWorkflowId(template)}:${email}:${courseId}`;
	const enrolls = async (email: string) =>
		await bed.learner.enroll({
			email,
			publishedCourseId: courseId,
			first_name: 'Grace',
			last_name: 'Hopper',
		});

	test("an existing contact: enrolled tag and one task due 7 days later, assigned to the contact's owner; the same delivery again writes nothing", async () => {
		const contact = store().createContact(bed.ghl.locationId, {
			firstName: 'Katherine',
			lastName: 'Johnson',
			email: 'katherine.johnson@example.com',
			assignedTo: OWNER,
			tags: ['newsletter'],
		});
		const items = await bed.learner.enroll({
			email: 'katherine.johnson@example.com',
			publishedCourseId: courseId,
			first_name: 'Katherine',
			last_name: 'Johnson',
		});
		expect(items.map((item) => item.json.event)).toEqual(['course.enrolled']);
		bed.ghl.sandbox.clearRequests();

		const started = Date.now();
		const first = await run(items);

		expect(first.items('Create Reminder Task')).toHaveLength(1);
		expect(store().getContact(contact.id)!.tags.sort()).toEqual([
			'enrolled: data literacy',
			'newsletter',
		]);
		const tasks = store().listTasks(contact.id);
		expect(tasks).toEqual([
			expect.objectContaining({
				title: 'Check in: Katherine Johnson to complete Data Literacy',
				assignedTo: OWNER,
				completed: false,
			}),
		]);
		const due = Date.parse(String(tasks[0].dueDate));
		expect(due).toBeGreaterThanOrEqual(started + 7 * DAY - 2000);
		expect(due).toBeLessThanOrEqual(Date.now() + 7 * DAY);
		expect(bed.writes()).toEqual([
			`POST /contacts/${contact.id}/tags`,
			`POST /contacts/${contact.id}/tasks`,
		]);

		bed.ghl.sandbox.clearRequests();
		const again = await run(items);
		expect(again.ran()).not.toContain('Create Reminder Task');
		expect(bed.writes()).toEqual([]);
		expect(store().listTasks(contact.id)).toHaveLength(1);
	});

	test('a new email becomes a contact with the name; the task goes to the user chosen in Settings, due in daysUntilDue days', async () => {
		const items = await bed.learner.enroll({
			email: 'dorothy.vaughan@example.com',
			publishedCourseId: courseId,
			first_name: 'Dorothy',
			last_name: 'Vaughan',
		});
		const started = Date.now();

		await run(items, { assignTo: 'user', assigneeUserId: CHOSEN, daysUntilDue: 3 });

		const contact = bed.contactByEmail('dorothy.vaughan@example.com')!;
		expect(contact).toMatchObject({
			firstName: 'Dorothy',
			lastName: 'Vaughan',
			source: 'Skilljar',
		});
		expect(contact.tags).toEqual(['enrolled: data literacy']);
		const [task] = store().listTasks(contact.id);
		expect(task).toMatchObject({
			title: 'Check in: Dorothy Vaughan to complete Data Literacy',
			assignedTo: CHOSEN,
		});
		expect(Date.parse(String(task.dueDate))).toBeGreaterThanOrEqual(started + 3 * DAY - 2000);
		expect(Date.parse(String(task.dueDate))).toBeLessThanOrEqual(Date.now() + 3 * DAY);
	});

	test('a completed task with the same title means no second task; assignTo none leaves the task unassigned', async () => {
		const contact = store().createContact(bed.ghl.locationId, {
			firstName: 'Mary',
			lastName: 'Jackson',
			email: 'mary.jackson@example.com',
			assignedTo: OWNER,
		});
		const items = await bed.learner.enroll({
			email: 'mary.jackson@example.com',
			publishedCourseId: courseId,
			first_name: 'Mary',
			last_name: 'Jackson',
		});
		await run(items, { assignTo: 'none' });
		const [task] = store().listTasks(contact.id);
		expect(task.assignedTo ?? null).toBeNull();
		store().updateTask(contact.id, task.id, { completed: true });

		bed.ghl.sandbox.clearRequests();
		await run(items);
		expect(bed.writes()).toEqual([]);
		expect(store().listTasks(contact.id)).toHaveLength(1);
	});

	test('HighLevel down: the enrollment is kept once as waiting with the event; a replay makes the contact, tag and task, a second replay writes nothing', async () => {
		const items = await enrolls('grace.down@example.com');
		bed.ghl.sandbox.setFaults({ rate: { status5xx: 1 } });
		const failed = await run(items);
		bed.ghl.sandbox.setFaults({});

		expect(bed.contactByEmail('grace.down@example.com')).toBeUndefined();
		const row = keptWhileDown(failed, template, items[0]);
		expect(failed.items('Run Summary')).toEqual([
			{ synced: 0, skipped: 0, skipReasons: {}, failed: 1, retryAttempt: 0 },
		]);

		const replayed = await bed.replay(template, row);
		expect(replayed.items('Keep for Retry')).toEqual([]);
		expect(replayed.items('Synced')).toEqual([expect.objectContaining({ outcome: 'synced' })]);
		expect(replayed.items('Run Summary')).toEqual([
			{ synced: 1, skipped: 0, skipReasons: {}, failed: 0, retryAttempt: 1 },
		]);
		const contact = bed.contactByEmail('grace.down@example.com')!;
		expect(contact.tags).toEqual(['enrolled: data literacy']);
		expect(store().listTasks(contact.id)).toEqual([
			expect.objectContaining({ title: 'Check in: Grace Hopper to complete Data Literacy' }),
		]);
		// The row is template 12's to delete: the replay left it as 12 marked it.
		expect(retryRows(replayed)).toEqual([expect.objectContaining({ status: 'running' })]);

		bed.ghl.sandbox.clearRequests();
		const again = await bed.replay(template, row);
		expect(again.items('Keep for Retry')).toEqual([]);
		expect(bed.writes()).toEqual([]);
		expect(again.items('Reminder Exists')).toEqual([
			expect.objectContaining({ outcome: 'skipped', reason: 'already up to date' }),
		]);
	});

	test('the answer to Create Reminder Task is lost after HighLevel made it: the row names the contact, and the replay makes no second task', async () => {
		const contact = store().createContact(bed.ghl.locationId, {
			email: 'alan.lost@example.com',
			firstName: 'Alan',
		});
		const items = await enrolls('alan.lost@example.com');
		// Requests: 1 finds the contact, 2 gets it, 3 adds the tag, 4 reads its tasks, 5 makes the
		// task (not repeated: it may have been made).
		bed.ghl.sandbox.setFaults({ schedule: [{ atRequest: 5, kind: 'lostAnswer' }] });
		const failed = await run(items);
		bed.ghl.sandbox.setFaults({});

		expect(store().listTasks(contact.id)).toHaveLength(1);
		const [row, ...others] = retryRows(failed);
		expect(others).toEqual([]);
		expect(row).toMatchObject({
			step: 'Create Reminder Task',
			contact_id: contact.id,
			status: 'waiting',
		});

		const replayed = await bed.replay(template, row);
		expect(replayed.items('Keep for Retry')).toEqual([]);
		expect(bed.ghl.sandbox.store.listTasks(contact.id)).toHaveLength(1);
	});

	test('a token without the write scope: HighLevel refuses the new contact, kept as alert (not retryable) with no contact id', async () => {
		const items = await enrolls('lin.scope@example.com');
		const failed = await bed.run(template, items, {}, { credentialId: READ_ONLY_CREDENTIAL_ID });

		expect(failed.items('Any Failure')).toEqual([
			expect.objectContaining({
				step: 'Create Contact',
				error: expect.objectContaining({ retryable: false }),
			}),
		]);
		const [row, ...others] = retryRows(failed);
		expect(others).toEqual([]);
		expect(row).toMatchObject({
			retry_key: retryKey('lin.scope@example.com'),
			contact_id: '',
			step: 'Create Contact',
			attempts: 1,
			status: 'alert',
		});
		expect([401, 403]).toContain(row.http_code);
		expect(bed.contactByEmail('lin.scope@example.com')).toBeUndefined();
	});

	test("a newer enrollment drops the learner's older waiting row of that course, and only that one", async () => {
		const tables = retryDataTables();
		const older = (key: string) => ({
			...olderWaitingRow(template, 'x', 'Find Contact by Email'),
			retry_key: key,
		});
		const otherCourse = `${templateWorkflowId(template)}:kay.newer@example.com:other-course`;
		tables.insert(RETRY_TABLE, [older(retryKey('kay.newer@example.com')), older(otherCourse)]);

		const items = await enrolls('Kay.Newer@example.com');
		const result = await bed.run(template, items, {}, { dataTables: tables });

		expect(result.items('Keep for Retry')).toEqual([]);
		expect(retryRows(result)).toEqual([expect.objectContaining({ retry_key: otherCourse })]);
	});

	test('each run ends in one summary item, saved to the Executions list: synced, skipped with the reason, failed', async () => {
		// Skilljar sends one event per delivery, and template 12 replays one row at a time, so a run
		// of this template holds one enrollment: its summary counts that one.
		const items = await enrolls('mia.mixed@example.com');

		expect(runReport(await run(items))).toEqual(expectedReport(1, 0, 0));
		expect(runReport(await run(items))).toEqual(expectedReport(0, 1, 0));
		const broken: INodeExecutionData[] = [{ json: { ...items[0].json, email: 'not-an-email' } }];
		const failed = await run(broken);
		expect(runReport(failed)).toEqual(expectedReport(0, 0, 1));
		expect(retryRows(failed)).toEqual([
			expect.objectContaining({
				item_key: 'not-an-email · Data Literacy',
				step: 'Find Contact by Email',
				status: 'alert',
			}),
		]);
	});
});
