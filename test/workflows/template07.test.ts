// Template 07 (Skilljar completion → GHL), run through n8n's engine as shipped: the Skilljar
// sandbox enrolls a learner and completes the course, sending the webhooks to a Skilljar Trigger;
// templates 08 and 07 run on the trigger's items against the GHL sandbox, and the tests look at
// what HighLevel holds (tags, notes, tasks, custom fields, workflow enrollments) and was sent.
import type { INodeExecutionData } from 'n8n-workflow';

import { apiRequests, OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { API_KEY_CREDENTIAL_ID, startSkilljarTestBed, type SkilljarTestBed } from '../harness/skilljar';
import { skilljarLearner, type SkilljarLearner } from '../harness/skilljarEvents';
import { runTemplate } from '../harness/templateRun';
import { loadTemplates } from '../harness/templates';

const templates = loadTemplates();
const completion = templates.find((candidate) => candidate.key === '07')!;
const enrollment = templates.find((candidate) => candidate.key === '08')!;
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };

describe('template 07: Skilljar course completion → GHL, in the engine', () => {
	let ghl: GhlTestBed;
	let skilljar: SkilljarTestBed;
	let learner: SkilljarLearner;
	let courseId: string;
	let followUpId: string;
	let courseField: string;
	let dateField: string;

	beforeAll(async () => {
		ghl = await startGhlTestBed({
			...FAST,
			oauthScopes: ['contacts.readonly', 'contacts.write', 'locations/customFields.readonly'],
		});
		skilljar = await startSkilljarTestBed();
		ghl.credentials.add({
			id: API_KEY_CREDENTIAL_ID,
			name: 'Skilljar sandbox key',
			type: 'skilljarApi',
			data: { apiKey: skilljar.apiKey, domain: skilljar.domain, baseUrl: skilljar.sandbox.url },
		});
		learner = await skilljarLearner(skilljar, ghl.credentials);
		courseId = skilljar.sandbox.store.addPublishedCourse('Orbital Mechanics').id;
		const { store } = ghl.sandbox;
		followUpId = store.automation.addWorkflow({
			locationId: ghl.locationId,
			name: 'Certificate follow-up',
		}).id;
		courseField = store.addCustomField({ locationId: ghl.locationId, name: 'Last Course Completed' }).id;
		dateField = store.addCustomField({
			locationId: ghl.locationId,
			name: 'Last Course Completed On',
			dataType: 'DATE',
		}).id;
	});
	afterAll(async () => {
		await ghl?.close();
		await skilljar?.close();
	});

	const run = async (
		template: typeof completion,
		items: INodeExecutionData[],
		settings: Record<string, unknown> = {},
	) =>
		await runTemplate({
			template,
			items,
			credentials: ghl.credentials,
			credentialIds: {
				ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' },
				skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' },
			},
			settings,
		});
	const contactByEmail = (email: string) =>
		ghl.sandbox.store.listContacts(ghl.locationId).find((contact) => contact.email === email);
	const writes = () =>
		apiRequests(ghl.sandbox)
			.filter((request) => request.method !== 'GET')
			.map((request) => `${request.method} ${request.path}`);
	const fieldValues = (contactId: string) =>
		Object.fromEntries(
			ghl.sandbox.store.getContact(contactId)!.customFields.map((field) => [field.id, field.value]),
		);

	test("08 then 07: tags, note, custom fields, 08's task marked completed, the follow-up workflow once; the same completion again writes nothing", async () => {
		const enrolled = await learner.enroll({
			email: 'dorothy.vaughan.orbit@example.com',
			publishedCourseId: courseId,
			first_name: 'Dorothy',
			last_name: 'Vaughan',
		});
		await run(enrollment, enrolled);
		const contact = contactByEmail('dorothy.vaughan.orbit@example.com')!;
		// Template 09 has marked the learner stalled meanwhile.
		ghl.sandbox.store.updateContact(contact.id, {
			tags: [...contact.tags, 'stalled: orbital mechanics'],
		});
		const [reminder] = ghl.sandbox.store.listTasks(contact.id);
		expect(reminder).toMatchObject({
			title: 'Check in: Dorothy Vaughan to complete Orbital Mechanics',
			completed: false,
		});

		const completed = await learner.progress({
			email: 'dorothy.vaughan.orbit@example.com',
			publishedCourseId: courseId,
			complete: true,
			score: 92,
			at: '2026-05-02T10:00:00Z',
		});
		expect(completed.map((item) => item.json.event)).toEqual(['course.completed']);
		ghl.sandbox.clearRequests();

		await run(completion, completed, { followUpWorkflowId: followUpId });

		const after = ghl.sandbox.store.getContact(contact.id)!;
		expect([...after.tags].sort()).toEqual(['completed: orbital mechanics', 'enrolled: orbital mechanics']);
		expect(ghl.sandbox.store.listNotes(contact.id).map((note) => note.body)).toEqual([
			'Completed Orbital Mechanics on 2026-05-02 (score 92/100)',
		]);
		expect(fieldValues(contact.id)).toMatchObject({
			[courseField]: 'Orbital Mechanics',
			[dateField]: expect.stringMatching(/^2026-05-02/),
		});
		expect(ghl.sandbox.store.listTasks(contact.id)).toEqual([
			expect.objectContaining({ id: reminder.id, completed: true }),
		]);
		expect(ghl.sandbox.store.automation.of(contact.id).workflows).toEqual([
			expect.objectContaining({ workflowId: followUpId }),
		]);
		expect(writes().sort()).toEqual(
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
		ghl.sandbox.clearRequests();
		await run(completion, completed, { followUpWorkflowId: followUpId });
		expect(writes()).toEqual([]);
		expect(ghl.sandbox.store.automation.of(contact.id).workflows).toHaveLength(1);
		expect(ghl.sandbox.store.listNotes(contact.id)).toHaveLength(1);
	});

	test('a learner without a contact: the contact is created and written; no workflow when none is set', async () => {
		await learner.enroll({
			email: 'mary.jackson.orbit@example.com',
			publishedCourseId: courseId,
			first_name: 'Mary',
			last_name: 'Jackson',
		});
		const completed = await learner.progress({
			email: 'mary.jackson.orbit@example.com',
			publishedCourseId: courseId,
			complete: true,
			at: '2026-05-03T10:00:00Z',
		});

		const result = await run(completion, completed);

		const contact = contactByEmail('mary.jackson.orbit@example.com')!;
		expect(contact).toMatchObject({ firstName: 'Mary', lastName: 'Jackson', source: 'Skilljar' });
		expect(contact.tags).toEqual(['completed: orbital mechanics']);
		expect(ghl.sandbox.store.listNotes(contact.id).map((note) => note.body)).toEqual([
			expect.stringMatching(/^Completed Orbital Mechanics on 2026-05-03/),
		]);
		expect(fieldValues(contact.id)).toMatchObject({ [courseField]: 'Orbital Mechanics' });
		expect(ghl.sandbox.store.automation.of(contact.id).workflows).toEqual([]);
		expect(result.ran()).not.toContain('Mark Reminder Completed');
		expect(result.ran()).not.toContain('Add to Follow-up Workflow');
	});

	test('a custom field name HighLevel does not have sends the contact to Failed: Course Fields', async () => {
		await learner.enroll({ email: 'no.field.orbit@example.com', publishedCourseId: courseId });
		const completed = await learner.progress({
			email: 'no.field.orbit@example.com',
			publishedCourseId: courseId,
			complete: true,
		});

		const result = await run(completion, completed, { lastCourseField: 'Last Course' });

		expect(result.items('Failed: Course Fields')).toEqual([
			expect.objectContaining({ error: expect.stringContaining('has no field') }),
		]);
	});
});
