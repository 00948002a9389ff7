// Template 09 (daily stalled Skilljar learners → GHL tag and re-engagement workflow), run through
// n8n's engine as its schedule fires it: the learners' progress comes from the Skilljar sandbox,
// the tags and workflow enrollments land in the GHL sandbox, and the tests look at what HighLevel
// holds and which requests it got; what failed is kept in the retry table and replayed through
// When Retried as template 12 does.
import { expectReported, runDaily, type DailyRun } from '../harness/dailyRun';
import { RETRY_TABLE, type TestDataTables } from '../harness/dataTables';
import { retryDataTables } from '../harness/engine';
import { startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import {
	shareApiKeyCredential,
	startSkilljarTestBed,
	writes as skilljarWrites,
	type SkilljarTestBed,
} from '../harness/skilljar';
import { whileReplaying } from '../harness/retryRows';
import { templateWorkflowId } from '../harness/templateRun';
import { loadTemplates } from '../harness/templates';

const template = loadTemplates().find((candidate) => candidate.key === '09')!;
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };
const DAY = 24 * 3600 * 1000;
const TAG = 'stalled: data literacy';

/** HighLevel (with its standard workflows) and Skilljar, sharing one credentials helper. */
async function startBeds() {
	const ghl = await startGhlTestBed({
		...FAST,
		oauthScopes: ['contacts.readonly', 'contacts.write'],
	});
	const skilljar = await startSkilljarTestBed();
	shareApiKeyCredential(ghl.credentials, skilljar);
	ghl.sandbox.store.automation.seedStandard(ghl.locationId);
	const reengagement = ghl.sandbox.store.automation
		.listWorkflows(ghl.locationId)
		.find((workflow) => workflow.name === 'Re-engagement')!.id;
	return { ghl, skilljar, reengagement };
}

describe('template 09: stalled Skilljar learners → GHL tag and re-engagement workflow, daily', () => {
	let ghl: GhlTestBed;
	let skilljar: SkilljarTestBed;
	let reengagement: string;
	let safetyBasics: string;
	const contactIds: Record<string, string> = {};

	beforeAll(async () => {
		({ ghl, skilljar, reengagement } = await startBeds());

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
		await runDaily({
			template,
			credentials: ghl.credentials,
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
		expect(first.items('Skip: No Contact')).toEqual([
			{ found: false, outcome: 'skipped', reason: 'no HighLevel contact' },
		]);
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
				error: expect.objectContaining({ message: expect.stringMatching(/404: Workflow with id .* not found/) }),
			}),
		]);
		expect(ghl.sandbox.store.automation.of(hedy.id).workflows).toEqual([]);
		// Waiting will not make the workflow exist: told at once, not retried.
		expect(failed.dataTables.rows(RETRY_TABLE)).toEqual([
			expect.objectContaining({
				retry_key: `${templateWorkflowId(template)}:${hedy.id}:workflow`,
				item_key: 'hedy@example.com',
				contact_id: hedy.id,
				step: 'Add to Re-engagement Workflow',
				http_code: 404,
				attempts: 1,
				status: 'alert',
			}),
		]);
		expect(failed.items('Any Failure')).toEqual([
			expect.objectContaining({ error: expect.objectContaining({ retryable: false }) }),
		]);
	});
});

describe('template 09 run: what failed is kept for template 12 and replayed, and each run is reported', () => {
	let ghl: GhlTestBed;
	let skilljar: SkilljarTestBed;
	let reengagement: string;
	let enroll: (first: string, course: string, contact?: boolean) => { id?: string; email: string };

	beforeAll(async () => {
		({ ghl, skilljar, reengagement } = await startBeds());
		const store = skilljar.sandbox.store;
		const courses = new Map<string, string>();
		enroll = (first, course, contact = true) => {
			if (!courses.has(course)) courses.set(course, store.addPublishedCourse(course).id);
			const email = `${first.toLowerCase()}@example.com`;
			const { user } = store.upsertDomainUser(skilljar.domain, { email, first_name: first });
			store.enroll(user.id, courses.get(course)!, {
				enrolled_at: new Date(Date.parse(store.now()) - 30 * DAY).toISOString(),
			});
			const id = contact
				? ghl.sandbox.store.createContact(ghl.locationId, { firstName: first, email }).id
				: undefined;
			return { id, email };
		};
	});
	afterAll(async () => {
		await ghl?.close();
		await skilljar?.close();
	});
	afterEach(() => ghl.sandbox.setFaults({}));

	const run = async (course: string, options: Pick<DailyRun, 'dataTables' | 'replay'> = {}) =>
		await runDaily({
			template,
			credentials: ghl.credentials,
			settings: { reengagementWorkflowId: reengagement, courses: JSON.stringify([course]) },
			...options,
		});
	const rows = (result: { dataTables: TestDataTables }) => result.dataTables.rows(RETRY_TABLE);
	const ghlWrites = () =>
		ghl.sandbox.requests
			.filter((request) => request.method !== 'GET' && !request.path.startsWith('/oauth'))
			.map((request) => `${request.method} ${request.path}`);
	/** HighLevel's requests in a run for one stalled learner: the contact lookup, the tag, the add. */
	const REQUEST = { lookup: 1, tag: 2, add: 3 };
	const failRequest = (atRequest: number, kind: 'emptyAnswer' | 'lostAnswer') =>
		ghl.sandbox.setFaults({ schedule: [{ atRequest, kind }] });

	test('a tag HighLevel answers unreadably: the learner is kept as waiting; a replay tags and adds once; a second replay writes nothing', async () => {
		const rosa = enroll('Rosa', 'Recovery One');
		failRequest(REQUEST.tag, 'emptyAnswer');
		ghl.sandbox.clearRequests();
		const failed = await run('Recovery One');
		ghl.sandbox.setFaults({});

		expect(ghlWrites()).toEqual(['POST /contacts/bulk/tags/update/add']);
		expect(ghl.sandbox.store.getContact(rosa.id!)!.tags).toEqual([]);
		const [row, ...others] = rows(failed);
		expect(others).toEqual([]);
		expect(row).toMatchObject({
			retry_key: `${templateWorkflowId(template)}:${rosa.email}:Recovery One`,
			workflow_id: templateWorkflowId(template),
			workflow_name: template.workflow.name,
			item_key: rosa.email,
			contact_id: rosa.id,
			step: 'Tag as Stalled',
			error: expect.stringMatching(/^HighLevel answered 200 without/),
			http_code: 200,
			attempts: 1,
			status: 'waiting',
		});
		expect(JSON.parse(String(row.payload))).toEqual({
			resume: 'learner',
			email: rosa.email,
			course_title: 'Recovery One',
		});
		expect(failed.items('Run Summary')).toEqual([
			{ synced: 0, skipped: 0, skipReasons: {}, failed: 1, retryAttempt: 0 },
		]);

		const tables = whileReplaying(row);
		ghl.sandbox.clearRequests();
		skilljar.sandbox.clearRequests();
		const replay = await run('Recovery One', { dataTables: tables, replay: row });
		// Only this learner: no course or progress read.
		expect(skilljarWrites(skilljar.sandbox)).toEqual([]);
		expect(skilljar.sandbox.requests).toEqual([]);
		expect(replay.items('Keep for Retry')).toEqual([]);
		expect(ghl.sandbox.store.getContact(rosa.id!)!.tags).toEqual(['stalled: recovery one']);
		expect(
			ghl.sandbox.store.automation.of(rosa.id!).workflows.map((entry) => entry.workflowId),
		).toEqual([reengagement]);
		expect(replay.items('Run Summary')).toEqual([
			{ synced: 1, skipped: 0, skipReasons: {}, failed: 0, retryAttempt: 1 },
		]);

		ghl.sandbox.clearRequests();
		const again = await run('Recovery One', { dataTables: tables, replay: row });
		expect(ghlWrites()).toEqual([]);
		expect(again.items('Skip: Already Tagged')).toHaveLength(1);
		expect(ghl.sandbox.store.automation.of(rosa.id!).workflows).toHaveLength(1);
	});

	test('an add whose answer was lost is told, not repeated: kept as alert, the contact in the workflow once', async () => {
		const sam = enroll('Sam', 'Recovery Two');
		failRequest(REQUEST.add, 'lostAnswer');
		const failed = await run('Recovery Two');
		ghl.sandbox.setFaults({});

		// HighLevel did add the contact; the node could not know, and did not send it again.
		expect(ghl.sandbox.store.automation.of(sam.id!).workflows).toHaveLength(1);
		expect(ghl.sandbox.store.getContact(sam.id!)!.tags).toEqual(['stalled: recovery two']);
		expect(rows(failed)).toEqual([
			expect.objectContaining({
				retry_key: `${templateWorkflowId(template)}:${sam.id}:workflow`,
				item_key: sam.email,
				contact_id: sam.id,
				step: 'Add to Re-engagement Workflow',
				error: expect.stringContaining('connection reset'),
				status: 'alert',
			}),
		]);
		// Retryable as far as the node knows, but not safe to repeat.
		expect(failed.items('Failed: Add to Workflow')).toEqual([
			expect.objectContaining({
				safe_to_repeat: false,
				error: expect.objectContaining({ retryable: true }),
			}),
		]);
	});

	test('a recorded add (HighLevel refused it with 429) replays only the add: the tag is not sent again', async () => {
		const una = enroll('Una', 'Recovery Three');
		// The daily run tagged Una; the add was refused, so template 12 holds this row.
		ghl.sandbox.store.updateContact(una.id!, { tags: ['stalled: recovery three'] });
		const row = {
			retry_key: `${templateWorkflowId(template)}:${una.id}:workflow`,
			workflow_id: templateWorkflowId(template),
			workflow_name: template.workflow.name,
			item_key: una.email,
			contact_id: una.id,
			step: 'Add to Re-engagement Workflow',
			error: 'HighLevel answered 429',
			http_code: 429,
			payload: JSON.stringify({ resume: 'workflow', contactId: una.id, email: una.email }),
			attempts: 2,
			first_failed_at: new Date('2026-12-04T07:00:00Z'),
			last_failed_at: new Date('2026-12-04T07:05:00Z'),
			status: 'waiting',
		};
		const tables = retryDataTables();
		tables.insert(RETRY_TABLE, [row]);
		ghl.sandbox.clearRequests();
		skilljar.sandbox.clearRequests();

		const replay = await run('Recovery Three', { dataTables: tables, replay: row });

		expect(ghlWrites()).toEqual([`POST /contacts/${una.id}/workflow/${reengagement}`]);
		expect(skilljar.sandbox.requests).toEqual([]);
		expect(ghl.sandbox.store.automation.of(una.id!).workflows).toHaveLength(1);
		expect(replay.items('Keep for Retry')).toEqual([]);
		expect(replay.items('Run Summary')).toEqual([
			{ synced: 1, skipped: 0, skipReasons: {}, failed: 0, retryAttempt: 2 },
		]);
	});

	test('Skilljar down when the courses are read: the day is kept as one waiting row; its replay does the whole run', async () => {
		const tess = enroll('Tess', 'Recovery Four');
		skilljar.sandbox.setFaults({ rate: { status5xx: 1 } });
		const failed = await run('Recovery Four');
		skilljar.sandbox.setFaults({});

		const [row, ...others] = rows(failed);
		expect(others).toEqual([]);
		expect(row).toMatchObject({
			retry_key: `${templateWorkflowId(template)}:daily run`,
			item_key: 'daily run',
			contact_id: '',
			step: 'Published Courses',
			http_code: expect.any(Number),
			status: 'waiting',
		});
		expect(JSON.parse(String(row.payload))).toEqual({ resume: 'run' });
		expect(ghl.sandbox.store.getContact(tess.id!)!.tags).toEqual([]);

		const replay = await run('Recovery Four', { dataTables: whileReplaying(row), replay: row });
		expect(replay.items('Keep for Retry')).toEqual([]);
		expect(ghl.sandbox.store.getContact(tess.id!)!.tags).toEqual(['stalled: recovery four']);
		expect(ghl.sandbox.store.automation.of(tess.id!).workflows).toHaveLength(1);
	});

	test('a mixed run: the summary item counts synced, skipped (with the reasons) and failed, and the Executions list gets the counts', async () => {
		const course = 'Recovery Mixed';
		enroll('Vera', course);
		enroll('Walt', course, false);
		const xia = enroll('Xia', course);
		ghl.sandbox.store.updateContact(xia.id!, { tags: ['stalled: recovery mixed'] });
		const yuri = enroll('Yuri', course);
		// Four lookups, one tag request for Vera and Yuri, then Vera's add and Yuri's add, which fails.
		failRequest(7, 'emptyAnswer');
		const result = await run(course);

		expect(rows(result)).toEqual([
			expect.objectContaining({
				contact_id: yuri.id,
				step: 'Add to Re-engagement Workflow',
				status: 'alert',
			}),
		]);
		expectReported(result, {
			synced: 1,
			skipped: 2,
			skipReasons: { 'no HighLevel contact': 1, 'already tagged': 1 },
			failed: 1,
			retryAttempt: 0,
		});
	});
});
