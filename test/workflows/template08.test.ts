// Template 08 (Skilljar enrollment → GHL tag and check-in task), run through n8n's engine as
// shipped: the Skilljar sandbox enrolls a learner and sends COURSE_ENROLLMENT to a Skilljar
// Trigger, the template runs on the trigger's items against the GHL sandbox, and the tests look
// at what HighLevel holds and was sent.
import type { INodeExecutionData } from 'n8n-workflow';

import { startSkilljarToGhlBed, type SkilljarToGhlBed } from '../harness/skilljarEvents';
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

	const run = async (items: INodeExecutionData[], settings: Record<string, unknown> = {}) =>
		await bed.run(template, items, settings);
	const store = () => bed.ghl.sandbox.store;

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
		expect(contact).toMatchObject({ firstName: 'Dorothy', lastName: 'Vaughan', source: 'Skilljar' });
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
});
