// Template 07 (Skilljar completion → GHL), run through n8n's engine as shipped: the Skilljar
// sandbox enrolls a learner and completes the course, sending the webhooks to a Skilljar Trigger;
// templates 08 and 07 run on the trigger's items against the GHL sandbox, and the tests look at
// what HighLevel holds (tags, notes, tasks, custom fields, workflow enrollments) and was sent.
import { startSkilljarToGhlBed, type SkilljarToGhlBed } from '../harness/skilljarEvents';
import { loadTemplates } from '../harness/templates';

const templates = loadTemplates();
const completion = templates.find((candidate) => candidate.key === '07')!;
const enrollment = templates.find((candidate) => candidate.key === '08')!;

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

	const store = () => bed.ghl.sandbox.store;
	const fieldValues = (contactId: string) =>
		Object.fromEntries(
			store().getContact(contactId)!.customFields.map((field) => [field.id, field.value]),
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
		expect([...after.tags].sort()).toEqual(['completed: orbital mechanics', 'enrolled: orbital mechanics']);
		expect(store().listNotes(contact.id).map((note) => note.body)).toEqual([
			'Completed Orbital Mechanics on 2026-05-02 (score 92/100)',
		]);
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
		expect(store().listNotes(contact.id).map((note) => note.body)).toEqual([
			expect.stringMatching(/^Completed Orbital Mechanics on 2026-05-03/),
		]);
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
			expect.objectContaining({ error: expect.stringContaining('has no field') }),
		]);
	});
});
