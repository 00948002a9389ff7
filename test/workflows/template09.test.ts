// Template 09 (daily stalled Skilljar learners → GHL tag and re-engagement workflow), run through
// n8n's engine as its schedule fires it: the learners' progress comes from the Skilljar sandbox,
// the tags and workflow enrollments land in the GHL sandbox, and the tests look at what HighLevel
// holds and which requests it got.
import { OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import {
	API_KEY_CREDENTIAL_ID,
	shareApiKeyCredential,
	startSkilljarTestBed,
	writes as skilljarWrites,
	type SkilljarTestBed,
} from '../harness/skilljar';
import { runTemplate } from '../harness/templateRun';
import { loadTemplates } from '../harness/templates';

const template = loadTemplates().find((candidate) => candidate.key === '09')!;
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };
const DAY = 24 * 3600 * 1000;
const TAG = 'stalled: data literacy';

describe('template 09: stalled Skilljar learners → GHL tag and re-engagement workflow, daily', () => {
	let ghl: GhlTestBed;
	let skilljar: SkilljarTestBed;
	let reengagement: string;
	let safetyBasics: string;
	const contactIds: Record<string, string> = {};

	beforeAll(async () => {
		ghl = await startGhlTestBed({ ...FAST, oauthScopes: ['contacts.readonly', 'contacts.write'] });
		skilljar = await startSkilljarTestBed();
		shareApiKeyCredential(ghl.credentials, skilljar);
		ghl.sandbox.store.automation.seedStandard(ghl.locationId);
		reengagement = ghl.sandbox.store.automation
			.listWorkflows(ghl.locationId)
			.find((workflow) => workflow.name === 'Re-engagement')!.id;

		const store = skilljar.sandbox.store;
		const ago = (days: number) => new Date(Date.parse(store.now()) - days * DAY).toISOString();
		const dataLiteracy = store.addPublishedCourse('Data Literacy', { lesson_count: 5 });
		safetyBasics = store.addPublishedCourse('Safety Basics', { lesson_count: 3 }).id;
		const learner = (name: string, enrolledDaysAgo: number, contact = true) => {
			const [first, last] = name.split(' ');
			const email = `${first.toLowerCase()}@example.com`;
			const { user } = store.upsertDomainUser(skilljar.domain, {
				email,
				first_name: first,
				last_name: last,
			});
			if (contact) {
				contactIds[first] = ghl.sandbox.store.createContact(ghl.locationId, {
					firstName: first,
					lastName: last,
					email,
				}).id;
			}
			return store.enroll(user.id, dataLiteracy.id, { enrolled_at: ago(enrolledDaysAgo) })
				.enrollment;
		};
		learner('Annie Easley', 30); // never started: stalled
		store.recordProgress(learner('Mary Jackson', 20).id, { lessons: 1, at: ago(10) }); // stalled
		store.completeCourse(learner('Dorothy Vaughan', 30).id, { at: ago(5), score: 90 });
		store.recordProgress(learner('Christine Darden', 30).id, { lessons: 2, at: ago(2) });
		learner('Gladys West', 5); // enrolled recently
		learner('Melba Mouton', 30, false); // stalled, but no HighLevel contact
	});
	afterAll(async () => {
		await ghl?.close();
		await skilljar?.close();
	});

	const run = async (settings: Record<string, unknown> = {}) =>
		await runTemplate({
			template,
			items: [{ json: { timestamp: new Date().toISOString() } }],
			credentials: ghl.credentials,
			credentialIds: {
				ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' },
				skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' },
			},
			settings: { reengagementWorkflowId: reengagement, ...settings },
		});
	const tagsOf = (first: string) => ghl.sandbox.store.getContact(contactIds[first])!.tags;
	const workflowsOf = (first: string) =>
		ghl.sandbox.store.automation.of(contactIds[first]).workflows.map((entry) => entry.workflowId);
	/** Requests that changed something in HighLevel since the last clearRequests(). */
	const ghlWrites = () =>
		ghl.sandbox.requests
			.filter(
				(request) =>
					request.method !== 'GET' &&
					!request.path.startsWith('/oauth') &&
					!request.path.startsWith('/contacts/search'),
			)
			.map((request) => `${request.method} ${request.path}`);

	test('its name says what it does, verb first, and it runs daily with 14 and 7 days as defaults', () => {
		expect(template.workflow.name).toBe('Tag stalled Skilljar learners in GHL every day');
		const settings = template.workflow.nodes.find((node) => node.name === 'Settings')!;
		const values = Object.fromEntries(
			(
				settings.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }
			).assignments.map(({ name, value }) => [name, value]),
		);
		expect(values).toEqual({
			courses: '[]',
			daysEnrolled: 14,
			daysInactive: 7,
			reengagementWorkflowId: '',
			stalledTagPrefix: 'stalled: ',
		});
	});

	test('stalled learners are tagged in one bulk request and added to the workflow once; the others are untouched', async () => {
		ghl.sandbox.clearRequests();
		skilljar.sandbox.clearRequests();

		const first = await run();

		expect(tagsOf('Annie')).toContain(TAG);
		expect(tagsOf('Mary')).toContain(TAG);
		expect(workflowsOf('Annie')).toEqual([reengagement]);
		expect(workflowsOf('Mary')).toEqual([reengagement]);
		for (const untouched of ['Dorothy', 'Christine', 'Gladys']) {
			expect({ untouched, tags: tagsOf(untouched) }).toEqual({ untouched, tags: [] });
			expect({ untouched, workflows: workflowsOf(untouched) }).toEqual({
				untouched,
				workflows: [],
			});
		}
		// Both tags in one request; one workflow add per contact; nothing written in Skilljar.
		expect(ghlWrites().sort()).toEqual(
			[
				'POST /contacts/bulk/tags/update/add',
				`POST /contacts/${contactIds.Annie}/workflow/${reengagement}`,
				`POST /contacts/${contactIds.Mary}/workflow/${reengagement}`,
			].sort(),
		);
		expect(skilljarWrites(skilljar.sandbox)).toEqual([]);
		expect(first.items('Skip: No Contact')).toEqual([{ found: false }]);
		expect(first.items('Stalled Learners').map((row) => row.email)).toEqual(
			expect.arrayContaining(['melba@example.com']),
		);
		expect(first.items('Tag as Stalled')).toEqual([
			expect.objectContaining({ contactId: contactIds.Annie, tags: [TAG], batch: 1 }),
			expect.objectContaining({ contactId: contactIds.Mary, tags: [TAG], batch: 1 }),
		]);
		for (const name of [
			'Failed: Read Courses',
			'Failed: Read Progress',
			'Failed: Find Contact',
			'Failed: Tag',
			'Failed: Add to Workflow',
		])
			expect({ name, items: first.items(name) }).toEqual({ name, items: [] });
	});

	test('a second run writes nothing: the tagged contacts are skipped, nobody enters the workflow again', async () => {
		ghl.sandbox.clearRequests();
		skilljar.sandbox.clearRequests();

		const again = await run();

		expect(ghlWrites()).toEqual([]);
		expect(skilljarWrites(skilljar.sandbox)).toEqual([]);
		expect(
			again
				.items('Skip: Already Tagged')
				.map((item) => item.contactId)
				.sort(),
		).toEqual([contactIds.Annie, contactIds.Mary].sort());
		expect(workflowsOf('Annie')).toEqual([reengagement]);
		expect(again.ran()).not.toContain('Tag as Stalled');
	});

	test('without a workflow it only tags; daysInactive 0 leaves activity aside; courses limits the courses watched', async () => {
		// Christine was active 2 days ago: stalled only when activity is not looked at.
		ghl.sandbox.clearRequests();
		await run({ reengagementWorkflowId: '', daysInactive: 0, courses: '["Safety Basics"]' });
		expect(ghlWrites()).toEqual([]);

		const tagged = await run({
			reengagementWorkflowId: '',
			daysInactive: 0,
			courses: '["Data Literacy"]',
		});
		expect(tagsOf('Christine')).toEqual([TAG]);
		expect(workflowsOf('Christine')).toEqual([]);
		expect(tagged.ran()).not.toContain('Add to Re-engagement Workflow');
		expect(ghlWrites()).toEqual(['POST /contacts/bulk/tags/update/add']);
		expect(tagsOf('Gladys')).toEqual([]);
	});

	test('a contact stalled in two courses gets both tags, and enters the workflow once', async () => {
		const store = skilljar.sandbox.store;
		contactIds.Katherine = ghl.sandbox.store.createContact(ghl.locationId, {
			firstName: 'Katherine',
			lastName: 'Johnson',
			email: 'katherine@example.com',
		}).id;
		const { user } = store.upsertDomainUser(skilljar.domain, { email: 'katherine@example.com' });
		const enrolledAt = new Date(Date.parse(store.now()) - 20 * DAY).toISOString();
		for (const course of store.listPublishedCourses())
			store.enroll(user.id, course.id, { enrolled_at: enrolledAt });
		expect(store.listPublishedCourses().map((course) => course.id)).toContain(safetyBasics);
		ghl.sandbox.clearRequests();

		const run2 = await run();

		expect(tagsOf('Katherine').sort()).toEqual([
			'stalled: data literacy',
			'stalled: safety basics',
		]);
		expect(workflowsOf('Katherine')).toEqual([reengagement]);
		expect(run2.items('Tag as Stalled').map((item) => item.contactId)).toEqual([
			contactIds.Katherine,
			contactIds.Katherine,
		]);
		expect(run2.items('Once per Contact').map((item) => item.contactId)).toEqual([
			contactIds.Katherine,
		]);
		// One bulk request per tag, one workflow add.
		expect(ghlWrites().sort()).toEqual(
			[
				'POST /contacts/bulk/tags/update/add',
				'POST /contacts/bulk/tags/update/add',
				`POST /contacts/${contactIds.Katherine}/workflow/${reengagement}`,
			].sort(),
		);
	});

	test('a workflow HighLevel does not know sends the contact to Failed: Add to Workflow, tagged all the same', async () => {
		const store = skilljar.sandbox.store;
		const hedy = ghl.sandbox.store.createContact(ghl.locationId, {
			firstName: 'Hedy',
			lastName: 'Lamarr',
			email: 'hedy@example.com',
		});
		const { user } = store.upsertDomainUser(skilljar.domain, { email: 'hedy@example.com' });
		store.enroll(user.id, safetyBasics, {
			enrolled_at: new Date(Date.parse(store.now()) - 20 * DAY).toISOString(),
		});
		const unknown = '0b7e1c4e-9d2a-4f51-8a63-1f0c2d3e4a5b';

		const failed = await run({ reengagementWorkflowId: unknown, courses: '["Safety Basics"]' });

		expect(ghl.sandbox.store.getContact(hedy.id)!.tags).toEqual(['stalled: safety basics']);
		expect(failed.items('Failed: Add to Workflow')).toEqual([
			expect.objectContaining({
				contactId: hedy.id,
				error: expect.stringMatching(/404: Workflow with id .* not found/),
			}),
		]);
		expect(ghl.sandbox.store.automation.of(hedy.id).workflows).toEqual([]);
	});
});
