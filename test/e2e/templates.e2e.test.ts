// The templates in workflows/, imported into a real n8n and run from the first event to the last
// record against the three sandboxes; then every event again, which must change nothing.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Contact } from '../../sandbox/ghl';
import { DEMO_COURSE } from '../../sandbox/skilljar';
import { loadTemplates } from '../harness/templates';
import { n8nBin, packPackage, type ExecutionSummary } from './n8nInstance';
import {
	addDemoLearnerContacts,
	activateTemplate,
	ALERT_TEMPLATE,
	COMPLETION_FIELDS,
	FOLLOW_UP_WORKFLOW,
	REMINDER_ASSIGNEE,
	LEAD_SCORE_COURSE,
	LEAD_SCORE_FIELD,
	startSandboxes,
	startTemplateStack,
	REENGAGEMENT_WORKFLOW,
	RETRY_TABLE,
	RETRY_TEMPLATE,
	retryRows,
	STALLED_COURSE,
	waitForSearchToCatchUp,
	waitUntilSettled,
	type Sandboxes,
	type TemplateStack,
} from './templateStack';

const DAY = 24 * 3600 * 1000;
const INACTIVE = ['07', '08', RETRY_TEMPLATE];
const today = () => new Date().toISOString().slice(0, 10);

describe('the templates inside a real n8n', () => {
	let stack: TemplateStack;
	let sandboxes: Sandboxes;
	/** The contacts this test creates in GHL, by first name. */
	const contacts: Record<string, Contact> = {};

	const packDir = mkdtempSync(join(tmpdir(), 'ghl-lms-pack-'));

	beforeAll(async () => {
		const tarball = packPackage(packDir);
		sandboxes = await startSandboxes({ records: 5 });
		// 07 and 08 start at their own block: their Skilljar Triggers would react to 01's enrollments.
		// 12 stays off: the failures these tests provoke on purpose stay in the retry table for
		// them to check (test/e2e/recovery.e2e.test.ts is about 12 replaying them).
		stack = await startTemplateStack({
			bin: n8nBin(),
			tarball,
			sandboxes,
			inactive: [...INACTIVE],
		});
	});
	afterAll(async () => {
		await stack?.n8n.stop();
		await sandboxes?.close();
		rmSync(packDir, { recursive: true, force: true });
	});

	const ghlContact = (firstName: string) => sandboxes.ghl.store.getContact(contacts[firstName].id)!;
	const ghlContactByEmail = (email: string) =>
		sandboxes.ghl.store
			.listContacts(sandboxes.ghl.defaultLocationId)
			.filter((contact) => contact.email === email);
	const learner = (email: string) => {
		const { store, defaultDomain } = sandboxes.skilljar;
		const user = store.findUserByEmail(email);
		if (!user) return undefined;
		const member = store.getDomainUser(defaultDomain, user.id);
		const values: Record<string, string> = {};
		for (const [fieldId, value] of member?.values ?? [])
			values[store.signupFields.get(fieldId)!.label] = value;
		return {
			user,
			values,
			groups: store.groupNamesOf(user.id).sort(),
			courses: store
				.listEnrollments()
				.filter((enrollment) => enrollment.userId === user.id && enrollment.active)
				.map((enrollment) => enrollment.publishedCourseId),
		};
	};
	const ochCourse = (title: string) =>
		sandboxes.och.store.listCourses().find((course) => course.course === title)!;
	const defaultCourseId = () =>
		sandboxes.skilljar.store.listPublishedCourses(sandboxes.skilljar.defaultDomain)[0].id;

	/** Every execution so far must have succeeded; a failure prints what its nodes did. */
	async function expectAllSucceeded(executions: ExecutionSummary[]): Promise<void> {
		const failed = executions.filter((execution) => execution.status !== 'success');
		for (const execution of failed) {
			const runData = await stack.n8n.runData(execution.id);
			const errors = Object.entries(runData).flatMap(([node, runs]) =>
				runs
					.filter((run) => run.error)
					.map((run) => `${node}: ${run.error?.message} ${run.error?.description ?? ''}`),
			);
			console.error(
				`execution ${execution.id} of ${execution.workflowId}: ${execution.status}\n${errors.join('\n')}`,
			);
		}
		expect(failed).toEqual([]);
	}

	/** The items a node output in a workflow's executions (all runs), e.g. a "Failed …" node. */
	async function itemsOf(
		templateKey: string,
		nodeName: string,
	): Promise<Array<Record<string, unknown>>> {
		const items: Array<Record<string, unknown>> = [];
		for (const execution of await stack.n8n.executions(stack.templates[templateKey].id)) {
			const runs = (await stack.n8n.runData(execution.id))[nodeName] ?? [];
			for (const run of runs)
				for (const output of run.data?.main ?? [])
					items.push(...(output ?? []).map((item) => item.json));
		}
		return items;
	}

	/** Requests that changed something in HighLevel since the last clearRequests(). */
	const ghlWrites = () =>
		sandboxes.ghl.requests
			.filter(
				(request) =>
					request.method !== 'GET' &&
					!request.path.startsWith('/oauth') &&
					!(request.method === 'POST' && request.path.startsWith('/contacts/search')),
			)
			.map((request) => `${request.method} ${request.path}`);

	async function runDailyBatch(): Promise<void> {
		await waitForSearchToCatchUp(sandboxes);
		const template = stack.templates['02'];
		const executionId = await stack.n8n.runManually(template.id, 'Every Day at 02:00');
		expect(await stack.n8n.waitForExecution(executionId)).toBe('success');
	}

	test('imports the templates with their credentials linked by name, and activates them', async () => {
		// (Keys like "10" come first in a JavaScript object, hence the sort.)
		expect(Object.keys(stack.templates).sort()).toEqual(loadTemplates().map((template) => template.key));
		const errorWorkflowNeedsActivation = (await stack.n8n.majorVersion()) >= 2;
		const credentialIds = new Set(
			Object.values(stack.credentials).map((credential) => credential.id),
		);
		for (const template of Object.values(stack.templates)) {
			const stored = await stack.n8n.request<{
				active: boolean;
				settings?: { errorWorkflow?: string };
				nodes: Array<{
					type: string;
					parameters?: Record<string, unknown>;
					credentials?: Record<string, { id: string }>;
				}>;
			}>('GET', `/rest/workflows/${template.id}`);
			expect(stored.active).toBe(
				!INACTIVE.includes(template.key) &&
					(template.key !== ALERT_TEMPLATE || errorWorkflowNeedsActivation),
			);
			// Failures reach template 13, the Error Workflow of every other template.
			expect(stored.settings?.errorWorkflow).toBe(
				template.key === ALERT_TEMPLATE ? undefined : stack.errorWorkflowId,
			);
			for (const node of stored.nodes) {
				for (const reference of Object.values(node.credentials ?? {}))
					expect(credentialIds).toContain(reference.id);
				// Every Data Table node points at the retry table n8n holds.
				if (node.type === 'n8n-nodes-base.dataTable')
					expect(node.parameters?.dataTableId).toMatchObject({ mode: 'id', value: stack.retryTableId });
			}
		}
		// The OAuth2 credential was connected through n8n's own endpoints: the sandbox issued the
		// token to the client that allows only n8n's callback URL (n8n shows that a token is stored,
		// not the token; template 04's GHL reads below use it).
		const stored = await stack.n8n.request<{ data: { oauthTokenData?: unknown } }>(
			'GET',
			`/rest/credentials/${stack.credentials.ghlOAuth2Api.id}?includeData=true`,
		);
		expect(stored.data.oauthTokenData).toBeTruthy();
		const tables = await stack.n8n.request<{ data: Array<{ id: string; name: string }> }>(
			'GET',
			`/rest/projects/${await stack.n8n.personalProjectId()}/data-tables`,
		);
		expect(tables.data).toEqual([expect.objectContaining({ id: stack.retryTableId, name: RETRY_TABLE })]);
	});

	test('first run: GHL contacts become Skilljar learners and OCH students, OCH events reach GHL', async () => {
		const { ghl, och } = sandboxes;
		const location = ghl.defaultLocationId;

		// 01, 04 (ContactCreate): learners with profile fields, groups and the default course; OCH
		// enrollment for the course tag.
		contacts.Ada = ghl.store.createContact(location, {
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			phone: '+14155550101',
			tags: ['vip', 'lms'],
		});
		contacts.Grace = ghl.store.createContact(location, {
			firstName: 'Grace',
			lastName: 'Hopper',
			email: 'grace@example.com',
			tags: ['lms', 'newsletter'],
		});
		contacts.Alan = ghl.store.createContact(location, {
			firstName: 'Alan',
			lastName: 'Turing',
			phone: '+14155550103',
			tags: ['vip'],
		});
		contacts.Katherine = ghl.store.createContact(location, {
			firstName: 'Katherine',
			lastName: 'Johnson',
			email: 'katherine@example.com',
			tags: ['course:photography for beginners', 'course:underwater basket weaving'],
		});
		await waitUntilSettled(stack);

		// 03 (ContactTagUpdate, and 01 on the ContactUpdate): Ada leaves "lms", gets "beta" (no group).
		ghl.store.updateContact(contacts.Ada.id, { tags: ['vip', 'beta'] });
		await waitUntilSettled(stack);

		// 02: notes and tasks, then "Execute workflow" on the daily batch.
		const now = Date.now();
		ghl.store.addNote(
			contacts.Ada.id,
			{ body: 'Asked about the spring cohort' },
			undefined,
			new Date(now - 2 * DAY).toISOString(),
		);
		ghl.store.addNote(
			contacts.Ada.id,
			{ body: 'Prefers  email\nover calls' },
			undefined,
			new Date(now - DAY).toISOString(),
		);
		ghl.store.addTask(contacts.Ada.id, {
			title: 'Send syllabus',
			dueDate: new Date(now - 3 * DAY).toISOString(),
			completed: false,
		});
		ghl.store.addTask(contacts.Ada.id, {
			title: 'Intro call',
			dueDate: new Date(now - 5 * DAY).toISOString(),
			completed: true,
		});
		ghl.store.addTask(contacts.Ada.id, {
			title: 'Follow up',
			dueDate: new Date(now + 7 * DAY).toISOString(),
			completed: false,
		});
		ghl.store.addTask(contacts.Grace.id, {
			title: 'Book onboarding',
			dueDate: new Date(now + 2 * DAY).toISOString(),
			completed: false,
		});

		// 05, 06: a purchase in OCH by someone unknown to GHL, and an event 05 cannot use.
		och.enroll({
			email: 'linus@example.com',
			courseId: ochCourse('Bookkeeping Basics').id,
			name: 'Linus Torvalds',
		});
		await och.sendEvent(
			'newStudentAccount',
			{ email: 'not-an-email', name: 'Nobody' },
			stack.templates['05'].triggerUrls['OCH New Student Account'],
		);
		await waitUntilSettled(stack);

		// 02: "Execute workflow" on the daily batch, once everyone is a learner.
		await runDailyBatch();
		await expectAllSucceeded(await stack.n8n.executions());

		// Skilljar: learners by email, names, profile fields, groups by tag, the default course.
		const ada = learner('ada@example.com')!;
		expect(ada.user).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace' });
		expect(ada.values).toMatchObject({ Phone: '+14155550101', 'CRM Contact ID': contacts.Ada.id });
		expect(ada.values.Notes).toBe(
			`2 notes | ${new Date(now - DAY).toISOString().slice(0, 10)}: Prefers email over calls | ${new Date(now - 2 * DAY).toISOString().slice(0, 10)}: Asked about the spring cohort`,
		);
		expect(ada.values.Tasks).toBe(
			`1 open, 1 overdue, 1 completed | completed: Intro call (due ${new Date(now - 5 * DAY).toISOString().slice(0, 10)}); overdue: Send syllabus (due ${new Date(now - 3 * DAY).toISOString().slice(0, 10)}); open: Follow up (due ${new Date(now + 7 * DAY).toISOString().slice(0, 10)})`,
		);
		expect(ada.groups).toEqual(['GHL: vip']);
		expect(ada.courses).toEqual([defaultCourseId()]);

		const grace = learner('grace@example.com')!;
		expect(grace.user).toMatchObject({ first_name: 'Grace', last_name: 'Hopper' });
		expect(grace.values).toMatchObject({ 'CRM Contact ID': contacts.Grace.id, Notes: 'No notes' });
		// No phone in GHL: nothing written to Phone (Set Values leaves empty values out).
		expect(grace.values.Phone).toBeUndefined();
		expect(grace.values.Tasks).toBe(
			`1 open, 0 overdue, 0 completed | open: Book onboarding (due ${new Date(now + 2 * DAY).toISOString().slice(0, 10)})`,
		);
		expect(grace.groups).toEqual(['GHL: lms']);
		expect(grace.courses).toEqual([defaultCourseId()]);

		expect(
			sandboxes.skilljar.store
				.listUsers()
				.filter((user) => user.first_name === 'Alan' && user.last_name === 'Turing'),
		).toEqual([]);
		expect(await itemsOf('01', 'Skip: No Email')).toEqual([
			expect.objectContaining({ id: contacts.Alan.id }),
		]);

		const katherine = learner('katherine@example.com')!;
		expect(katherine.groups).toEqual([]);
		expect(katherine.courses).toEqual([defaultCourseId()]);
		expect(katherine.values).toMatchObject({
			Notes: `1 note | ${today()}: Enrolled in Photography for Beginners on ${today()}`,
			Tasks: 'No tasks',
		});

		const linus = learner('linus@example.com')!;
		expect(linus.user).toMatchObject({ first_name: 'Linus', last_name: 'Torvalds' });
		expect(linus.courses).toEqual([defaultCourseId()]);
		expect(linus.values).toMatchObject({
			Notes: `1 note | ${today()}: Enrolled in Bookkeeping Basics on ${today()}`,
		});

		// OCH: Katherine enrolled for her course tag (the unknown one skipped), Linus by his purchase.
		expect(och.store.listEnrollments({ email: 'katherine@example.com' })).toEqual([
			expect.objectContaining({ courseTitle: 'Photography for Beginners', source: 'integration' }),
		]);
		// A course tag that names no course fails, saying so (04 runs again on every tag change of
		// Katherine's contact, e.g. when 05 and 06 tag her, so the failure may repeat).
		const failed = await itemsOf('04', 'Failed: Enrollment');
		expect(failed.length).toBeGreaterThan(0);
		for (const item of failed) {
			expect(item).toMatchObject({
				email: 'katherine@example.com',
				tag: 'course:underwater basket weaving',
				error: expect.objectContaining({
					message: expect.stringContaining(
						'No OnlineCourseHost course is titled "underwater basket weaving"',
					),
				}),
			});
		}
		expect(och.store.listEnrollments({ email: 'ada@example.com' })).toEqual([]);

		// GHL: student tag, "enrolled: <course>" tag and one note per enrollment, from OCH's events.
		// 05 and 06 run at the same time, so their tags come in either order.
		expect([...ghlContact('Katherine').tags].sort()).toEqual([
			'course:photography for beginners',
			'course:underwater basket weaving',
			'enrolled: photography for beginners',
			'och-student',
		]);
		expect(ghl.store.listNotes(contacts.Katherine.id).map((note) => note.body)).toEqual([
			`Enrolled in Photography for Beginners on ${today()}`,
		]);
		const [linusContact, ...others] = ghlContactByEmail('linus@example.com');
		expect(others).toEqual([]);
		expect(linusContact).toMatchObject({
			firstName: 'Linus',
			lastName: 'Torvalds',
			source: 'OnlineCourseHost',
		});
		expect([...linusContact.tags].sort()).toEqual(['enrolled: bookkeeping basics', 'och-student']);
		expect(ghl.store.listNotes(linusContact.id).map((note) => note.body)).toEqual([
			`Enrolled in Bookkeeping Basics on ${today()}`,
		]);
		expect(ghlContact('Ada').tags).toEqual(['vip', 'beta']);
		expect(ghl.store.listNotes(contacts.Ada.id)).toHaveLength(2);

		// A student GHL refuses goes to the error branch; the execution itself succeeds.
		expect(await itemsOf('05', 'Failed: Contact')).toEqual([
			expect.objectContaining({ email: 'not-an-email', error: expect.objectContaining({ message: expect.stringMatching(/email/i) }) }),
		]);
	});

	test('second run: the same events and the daily batch again change nothing anywhere', async () => {
		const { ghl, och, skilljar } = sandboxes;
		const before = snapshot(sandboxes);
		const executionsBefore = (await stack.n8n.executions()).length;
		ghl.clearRequests();

		// GHL sends new deliveries (new webhook ids) about the same contacts.
		const ours = ghl.store
			.listContacts(ghl.defaultLocationId)
			.filter((contact) => contact.dateAdded >= contacts.Ada.dateAdded);
		expect(ours).toHaveLength(5);
		for (const contact of ours) {
			for (const type of ['ContactCreate', 'ContactUpdate', 'ContactTagUpdate'] as const)
				ghl.webhooks.send(type, contact);
		}
		// OCH reports every event again. The OCH Trigger drops byte-identical deliveries for ten
		// minutes, so the repeats carry the email in capitals: the same student, a new delivery.
		for (const delivery of och.deliveries.filter((sent) => sent.status === 200)) {
			const email = String(delivery.payload.email);
			await och.sendEvent(
				delivery.event,
				{ ...delivery.payload, email: email.includes('@') ? email.toUpperCase() : email },
				delivery.url,
			);
		}
		await runDailyBatch();
		const executions = await waitUntilSettled(stack);

		expect(executions.length).toBeGreaterThan(executionsBefore + 15);
		await expectAllSucceeded(executions);
		expect(snapshot(sandboxes)).toEqual(before);
		// Nothing was written to GHL at all: every template looks before it writes.
		const writes = ghl.requests.filter(
			(request) =>
				request.method !== 'GET' &&
				!(request.method === 'POST' && request.path.startsWith('/contacts/search')),
		);
		expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([]);
		expect(skilljar.store.listUsers().length).toBe(before.skilljar.users.length);
	});

	test('scheduled, the daily batch reads every contact in scope each run and writes nothing when nothing changed', async () => {
		// Every 3 seconds instead of daily. Nothing is remembered between runs, so two scheduled
		// runs read the same contacts, and manual runs do the same as scheduled ones.
		const template = stack.templates['02'];
		const before = snapshot(sandboxes);
		const versionId = await stack.n8n.updateNodes(template.id, (nodes) => {
			const trigger = nodes.find((node) => node.name === 'Every Day at 02:00')!;
			trigger.parameters = { rule: { interval: [{ field: 'seconds', secondsInterval: 3 }] } };
		});
		sandboxes.skilljar.clearRequests();
		await stack.n8n.activate(template.id, versionId);
		// Scheduled runs, oldest first.
		const scheduled = async () =>
			(await stack.n8n.executions(template.id))
				.filter((execution) => execution.mode === 'trigger')
				.reverse();
		// n8n starts a run every 3 seconds even while the previous one still runs (a busy machine),
		// and a run keeps its last-run time when it ends: wait for a run that started after every
		// earlier one had ended.
		const time = (value?: string | null) => (value ? Date.parse(value) : Number.NaN);
		const startedAfterOthersEnded = (runs: ExecutionSummary[]) =>
			runs.findIndex(
				(run, index) =>
					index > 0 &&
					runs.slice(0, index).every((earlier) => time(earlier.stoppedAt) <= time(run.startedAt)),
			);
		const deadline = Date.now() + 90_000;
		while (startedAfterOthersEnded(await scheduled()) < 0) {
			if (Date.now() > deadline)
				throw new Error('no scheduled run started after another had ended');
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		await stack.n8n.deactivate(template.id);
		await waitUntilSettled(stack);

		const runs = (await scheduled()).filter((execution) => execution.status === 'success');
		await expectAllSucceeded(runs);
		const withEmail = sandboxes.ghl.store
			.listContacts(sandboxes.ghl.defaultLocationId)
			.filter((contact) => contact.email)
			.map((contact) => contact.id)
			.sort();
		for (const execution of runs.slice(0, 2)) {
			const read = (await stack.n8n.runData(execution.id))['Contacts With Email'][0].data!
				.main![0]!;
			expect(read.map((item) => String(item.json.id)).sort()).toEqual(withEmail);
		}
		const writes = sandboxes.skilljar.requests.filter((request) => request.method !== 'GET');
		expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([]);
		expect(snapshot(sandboxes)).toEqual(before);
	});

	describe('template 02', () => {
		/** Profile-field writes Skilljar received since the last clearRequests(). */
		const profileWrites = () =>
			sandboxes.skilljar.requests
				.filter((request) => request.method === 'POST' && request.path.includes('/signup-fields'))
				.map((request) => request.path);

		test('a note or task added in GHL, with no change to the contact, reaches Skilljar on the next run', async () => {
			const { ghl } = sandboxes;
			const grace = ghlContact('Grace');
			const now = Date.now();
			ghl.store.addNote(
				grace.id,
				{ body: 'Wants the autumn cohort' },
				undefined,
				new Date(now).toISOString(),
			);
			ghl.store.addTask(grace.id, {
				title: 'Send invoice',
				dueDate: new Date(now - DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
				completed: false,
			});
			// HighLevel need not change dateUpdated for a note or task; the sandbox does not.
			expect(ghlContact('Grace').dateUpdated).toBe(grace.dateUpdated);
			await waitUntilSettled(stack);
			sandboxes.skilljar.clearRequests();

			await runDailyBatch();
			const onboarding = ghl.store
				.listTasks(grace.id)
				.find((task) => task.title === 'Book onboarding')!;
			expect(learner('grace@example.com')!.values).toMatchObject({
				Notes: `1 note | ${new Date(now).toISOString().slice(0, 10)}: Wants the autumn cohort`,
				Tasks: `1 open, 1 overdue, 0 completed | overdue: Send invoice (due ${new Date(now - DAY).toISOString().slice(0, 10)}); open: Book onboarding (due ${onboarding.dueDate.slice(0, 10)})`,
			});
			const graceId = learner('grace@example.com')!.user.id;
			expect(profileWrites()).toEqual([
				`/v1/domains/${sandboxes.skilljar.defaultDomain}/users/${graceId}/signup-fields-bulk`,
			]);
		});

		test("a contact that fails every day does not stop the next day's run, which still writes what changed", async () => {
			const { ghl, skilljar } = sandboxes;
			// A Skilljar user outside the training domain: found by email, but its profile cannot be
			// read or written (404), every day. Created quietly, so template 01 does not fix it.
			const broken = ghl.store.quietly(() =>
				ghl.store.createContact(ghl.defaultLocationId, {
					firstName: 'Frances',
					lastName: 'Allen',
					email: 'frances@example.com',
				}),
			);
			skilljar.store.addUser({
				email: 'frances@example.com',
				first_name: 'Frances',
				last_name: 'Allen',
			});

			await runDailyBatch();
			// (No run of 02 before this one had a failure.)
			expect(await itemsOf('02', 'Failed: Write Profile Fields')).toEqual([
				expect.objectContaining({ error: expect.objectContaining({ message: expect.stringMatching(/404|not found/i) }) }),
			]);

			// The next day: Ada got a note; Frances still fails.
			ghl.store.addNote(
				contacts.Ada.id,
				{ body: 'Booked the spring cohort' },
				undefined,
				new Date().toISOString(),
			);
			skilljar.clearRequests();
			await runDailyBatch();
			expect(learner('ada@example.com')!.values.Notes).toMatch(
				/^3 notes \| \d{4}-\d\d-\d\d: Booked the spring cohort \| /,
			);
			expect(await itemsOf('02', 'Failed: Write Profile Fields')).toHaveLength(2);
			const adaId = learner('ada@example.com')!.user.id;
			expect(profileWrites()).toEqual([
				`/v1/domains/${skilljar.defaultDomain}/users/${adaId}/signup-fields-bulk`,
			]);
			expect(ghl.store.getContact(broken.id)).toBeDefined();
		});

		test('a second run with nothing changed writes nothing', async () => {
			const before = snapshot(sandboxes);
			sandboxes.skilljar.clearRequests();
			await runDailyBatch();
			expect(sandboxes.skilljar.requests.filter((request) => request.method !== 'GET')).toEqual([]);
			expect(snapshot(sandboxes)).toEqual(before);
		});
	});

	test('malformed, truncated, cut-off and 10 MB bodies to a GHL Trigger URL start nothing, and it works after', async () => {
		const { ghl } = sandboxes;
		const template = stack.templates['01'];
		const url = template.triggerUrls['GHL Contact Created or Updated'];
		const sample = ghl.webhooks.latest('ContactUpdate')!;
		const signed = (body: string) => ({
			'content-type': 'application/json',
			'x-ghl-signature': ghl.webhooks.signature('ed25519', body),
		});
		const malformed = '{"type":"ContactUpdate","locationId":"SandboxLocation00001",,}';
		const truncated = sample.body.slice(0, Math.floor(sample.body.length / 2));
		// A fresh delivery in every other respect, so only its signature can keep it out.
		const huge = JSON.stringify({
			...sample.payload,
			timestamp: new Date().toISOString(),
			webhookId: randomUUID(),
			padding: 'x'.repeat(10 * 1024 * 1024),
		});
		const executionsBefore = (await stack.n8n.executions()).length;

		const answers: Record<string, number> = {};
		for (const [name, body, headers] of [
			['malformed JSON, signed over its bytes', malformed, signed(malformed)],
			['the first half of a delivery, signed over its bytes', truncated, signed(truncated)],
			["the first half of a delivery, with the whole one's signature", truncated, sample.headers],
			['10 MB of JSON, signed over other bytes', huge, sample.headers],
		] as const) {
			answers[name] = (await fetch(url, { method: 'POST', headers, body })).status;
		}
		// n8n's body parser refuses what is not JSON (422); the trigger refuses the wrong signature.
		expect(answers).toEqual({
			'malformed JSON, signed over its bytes': 422,
			'the first half of a delivery, signed over its bytes': 422,
			"the first half of a delivery, with the whole one's signature": 422,
			'10 MB of JSON, signed over other bytes': 401,
		});
		// A sender that declares the whole delivery, sends half and hangs up.
		await new Promise<void>((resolve) => {
			const request = httpRequest(url, {
				method: 'POST',
				headers: { ...sample.headers, 'content-length': Buffer.byteLength(sample.body) },
			});
			request.on('error', () => resolve());
			request.on('close', () => resolve());
			request.write(truncated, () => setTimeout(() => request.destroy(), 200));
		});
		await waitUntilSettled(stack);
		expect((await stack.n8n.executions()).length).toBe(executionsBefore);

		// The trigger still takes HighLevel's next delivery.
		ghl.webhooks.send('ContactUpdate', ghlContact('Ada'), { url });
		const executions = await waitUntilSettled(stack);
		expect(executions.length).toBe(executionsBefore + 1);
		expect(executions[0]).toMatchObject({ workflowId: template.id, status: 'success' });
		expect(ghl.webhooks.latest('ContactUpdate')!.targets).toEqual([{ url, status: 200 }]);
	});

	describe('templates 01 and 03', () => {
		const enrollmentsIn = (userId: string, publishedCourseId: string) =>
			sandboxes.skilljar.store
				.listEnrollments()
				.filter(
					(enrollment) =>
						enrollment.userId === userId && enrollment.publishedCourseId === publishedCourseId,
				);

		test('01: a learner unenrolled in Skilljar stays unenrolled when the contact changes', async () => {
			const ada = learner('ada@example.com')!;
			const [enrollment] = enrollmentsIn(ada.user.id, defaultCourseId());
			enrollment.active = false; // as an admin unenrolls in the dashboard
			const executionsBefore = (await stack.n8n.executions(stack.templates['01'].id)).length;

			sandboxes.ghl.store.updateContact(contacts.Ada.id, { lastName: 'King' });
			const executions = await waitUntilSettled(stack);

			await expectAllSucceeded(executions);
			expect((await stack.n8n.executions(stack.templates['01'].id)).length).toBeGreaterThan(
				executionsBefore,
			);
			expect(learner('ada@example.com')!.user.last_name).toBe('King');
			expect(enrollmentsIn(ada.user.id, defaultCourseId())).toEqual([
				expect.objectContaining({ id: enrollment.id, active: false }),
			]);
			expect(
				(await itemsOf('01', 'Enroll in Default Course')).filter(
					(item) => item.email === 'ada@example.com' && item.skipped_unenrolled === true,
				),
			).not.toEqual([]);
		});

		test("01: an email changed in GHL changes the same learner's email, no second learner", async () => {
			const grace = learner('grace@example.com')!;
			const usersBefore = sandboxes.skilljar.store.listUsers().length;

			sandboxes.ghl.store.updateContact(contacts.Grace.id, { email: 'grace.hopper@example.com' });
			await expectAllSucceeded(await waitUntilSettled(stack));

			expect(sandboxes.skilljar.store.findUserByEmail('grace@example.com')).toBeUndefined();
			const moved = learner('grace.hopper@example.com')!;
			expect(moved.user.id).toBe(grace.user.id);
			expect(moved.values['CRM Contact ID']).toBe(contacts.Grace.id);
			expect(moved.courses).toEqual([defaultCourseId()]);
			expect(sandboxes.skilljar.store.listUsers()).toHaveLength(usersBefore);
		});

		test('01: a profile field missing in Skilljar fails only that step; the contact is still enrolled and grouped', async () => {
			const { store, defaultDomain } = sandboxes.skilljar;
			const phone = store.listSignupFields(defaultDomain).find((field) => field.label === 'Phone')!;
			phone.label = 'Telephone'; // as if the user had not created "Phone" yet
			try {
				contacts.Hedy = sandboxes.ghl.store.createContact(sandboxes.ghl.defaultLocationId, {
					firstName: 'Hedy',
					lastName: 'Lamarr',
					email: 'hedy@example.com',
					phone: '+14155550107',
					tags: ['vip'],
				});
				await expectAllSucceeded(await waitUntilSettled(stack));
			} finally {
				phone.label = 'Phone';
			}

			const hedy = learner('hedy@example.com')!;
			expect(hedy.courses).toEqual([defaultCourseId()]);
			expect(hedy.groups).toEqual(['GHL: vip']);
			expect(hedy.values['CRM Contact ID']).toBeUndefined();
			expect(await itemsOf('01', 'Failed: Profile Fields')).toEqual([
				expect.objectContaining({ error: expect.objectContaining({ message: expect.stringContaining('No profile field "Phone"') }) }),
			]);
			expect(await itemsOf('01', 'Failed: Enrollment')).toEqual([]);
			// Kept for the team, not for retries: a missing field is no outage (docs/recovery.md).
			expect(
				(await retryRows(stack)).filter((row) => row.item_key === 'hedy@example.com'),
			).toEqual([
				expect.objectContaining({ step: 'Set Profile Fields', status: 'alert', attempts: 1 }),
			]);
		});
	});

	describe('t-och: templates 04-06 (course tags, names kept, notes)', () => {
		const enrolledTitles = (email: string) =>
			sandboxes.och.store
				.listEnrollments({ email })
				.map((enrollment) => enrollment.courseTitle)
				.sort();

		test('04: a course tag added later enrolls an existing contact; repeats enroll nothing twice; a plain update starts nothing', async () => {
			const { ghl, och } = sandboxes;
			contacts.Radia = ghl.store.createContact(ghl.defaultLocationId, {
				firstName: 'Radia',
				lastName: 'Perlman',
				email: 'radia@example.com',
				tags: ['newsletter'],
			});
			await waitUntilSettled(stack);
			expect(enrolledTitles('radia@example.com')).toEqual([]);

			// Tags added through HighLevel's tag endpoint arrive as Contact Tags Changed only.
			ghl.store.addTags(contacts.Radia.id, ['course:Photography for Beginners']);
			await waitUntilSettled(stack);
			expect(enrolledTitles('radia@example.com')).toEqual(['Photography for Beginners']);

			// A second course tag: every course tag is enrolled again, and OCH keeps one of each.
			ghl.store.addTags(contacts.Radia.id, ['course:email marketing foundations']);
			await waitUntilSettled(stack);
			expect(enrolledTitles('radia@example.com')).toEqual([
				'Email Marketing Foundations',
				'Photography for Beginners',
			]);
			expect(och.store.listStudents().filter((s) => s.email === 'radia@example.com')).toHaveLength(
				1,
			);

			// A change that is not a tag change does not start 04.
			const runsOf04 = async () => (await stack.n8n.executions(stack.templates['04'].id)).length;
			const before = await runsOf04();
			ghl.store.updateContact(contacts.Radia.id, { phone: '+14155550199' });
			await waitUntilSettled(stack);
			expect(await runsOf04()).toBe(before);

			// A contact without email is a skip, not a failure (Alan, from the first run).
			expect(await itemsOf('04', 'Skip: No Email')).toEqual(
				expect.arrayContaining([expect.objectContaining({ id: contacts.Alan.id })]),
			);
			await expectAllSucceeded(await stack.n8n.executions());
		});

		test('05: a name fixed in GHL survives an OCH event; an empty name is filled in', async () => {
			const { ghl, och } = sandboxes;
			// Linus's contact came from OCH as "Linus Torvalds"; someone fixes it in HighLevel.
			const [linus] = ghlContactByEmail('linus@example.com');
			ghl.store.updateContact(linus.id, { firstName: 'Linus Benedict' });
			contacts.Margaret = ghl.store.createContact(ghl.defaultLocationId, {
				firstName: 'Margaret',
				email: 'margaret@example.com',
			});
			await waitUntilSettled(stack);

			const url = stack.templates['05'].triggerUrls['OCH New Student Account'];
			await och.sendEvent(
				'newStudentAccount',
				{ email: 'Linus@Example.com', name: 'Linus Torvalds' },
				url,
			);
			await och.sendEvent(
				'newStudentAccount',
				{ email: 'margaret@example.com', name: 'Margaret Hamilton' },
				url,
			);
			await waitUntilSettled(stack);

			expect(ghlContactByEmail('linus@example.com')).toEqual([
				expect.objectContaining({ firstName: 'Linus Benedict', lastName: 'Torvalds' }),
			]);
			expect(ghlContact('Margaret')).toMatchObject({ firstName: 'Margaret', lastName: 'Hamilton' });
			expect(ghlContact('Margaret').tags).toContain('och-student');
			await expectAllSucceeded(await stack.n8n.executions());
		});

		test('06: a contact it creates has the name the event carries; "Photography on a Budget" does not hide "Photography"', async () => {
			const { ghl, och } = sandboxes;
			const url = stack.templates['06'].triggerUrls['OCH Course Enrollment'];
			const enrollment = (courseTitle: string) => ({
				email: 'barbara@example.com',
				name: 'Barbara Liskov',
				courseId: ochCourse('Photography for Beginners').id,
				courseTitle,
				source: 'stripe',
			});
			await och.sendEvent('courseEnrollment', enrollment('Photography on a Budget'), url);
			await waitUntilSettled(stack);
			await och.sendEvent('courseEnrollment', enrollment('Photography'), url);
			await waitUntilSettled(stack);

			const [barbara, ...others] = ghlContactByEmail('barbara@example.com');
			expect(others).toEqual([]);
			expect(barbara).toMatchObject({
				firstName: 'Barbara',
				lastName: 'Liskov',
				source: 'OnlineCourseHost',
			});
			expect([...barbara.tags].sort()).toEqual([
				'enrolled: photography',
				'enrolled: photography on a budget',
			]);
			expect(
				ghl.store
					.listNotes(barbara.id)
					.map((note) => note.body)
					.sort(),
			).toEqual([
				`Enrolled in Photography on ${today()}`,
				`Enrolled in Photography on a Budget on ${today()}`,
			]);
			// The chain the notes of 05 and 06 tell of: 01 made the new contact a Skilljar learner.
			expect(learner('barbara@example.com')?.courses).toEqual([defaultCourseId()]);
			await expectAllSucceeded(await stack.n8n.executions());
		});
	});

	describe('recipes: templates 10-11', () => {

		test('10: the markers of a note put the learner in their groups, made on the way; the same note again changes nothing', async () => {
			const { ghl, skilljar } = sandboxes;
			// 01 makes her a learner.
			contacts.Sophie = ghl.store.createContact(ghl.defaultLocationId, {
				firstName: 'Sophie',
				lastName: 'Wilson',
				email: 'sophie@example.com',
			});
			await expectAllSucceeded(await waitUntilSettled(stack));
			expect(learner('sophie@example.com')?.groups).toEqual([]);
			expect(skilljar.store.findGroupByName('Interest: robotics')).toBeUndefined();

			const note = ghl.store.addNote(contacts.Sophie.id, {
				body: 'Met at the open day: #interest-ai, and #Interest-Robotics too.',
			});
			await expectAllSucceeded(await waitUntilSettled(stack));
			expect(learner('sophie@example.com')!.groups).toEqual(['Interest: ai', 'Interest: robotics']);

			// Notes without a marker (06's "Enrolled in …" among them) stop before any request.
			expect((await itemsOf('10', 'Skip: No Markers')).length).toBeGreaterThan(0);

			// HighLevel delivers the same note again, with a new webhook id.
			const before = snapshot(sandboxes);
			const runsBefore = (await stack.n8n.executions(stack.templates['10'].id)).length;
			skilljar.clearRequests();
			ghl.clearRequests();
			ghl.webhooks.send('NoteCreate', note);
			await expectAllSucceeded(await waitUntilSettled(stack));
			expect((await stack.n8n.executions(stack.templates['10'].id)).length).toBe(runsBefore + 1);
			expect(skilljar.requests.filter((request) => request.method !== 'GET')).toEqual([]);
			expect(ghlWrites()).toEqual([]);
			expect(snapshot(sandboxes)).toEqual(before);
		});

		test('11: a lead score reaching the threshold enrolls the contact in the course once; lower scores and later changes enroll nothing', async () => {
			const { ghl, och } = sandboxes;
			const leadScore = ghl.store
				.listCustomFields(ghl.defaultLocationId)
				.find((field) => field.name === LEAD_SCORE_FIELD)!;
			const setScore = (value: number) =>
				ghl.store.updateContact(contacts.Tim.id, {
					customFields: [{ id: leadScore.id, field_value: value }],
				});
			const enrolled = () =>
				och.store.listEnrollments({ email: 'tim@example.com' }).map((e) => e.courseTitle);

			contacts.Tim = ghl.store.createContact(ghl.defaultLocationId, {
				firstName: 'Tim',
				lastName: 'Berners-Lee',
				email: 'tim@example.com',
			});
			await expectAllSucceeded(await waitUntilSettled(stack));
			expect(await itemsOf('11', 'Skip: No Lead Score')).toEqual(
				expect.arrayContaining([expect.objectContaining({ id: contacts.Tim.id })]),
			);

			setScore(40);
			await expectAllSucceeded(await waitUntilSettled(stack));
			expect(await itemsOf('11', 'Skip: Below Threshold')).toEqual([
				expect.objectContaining({ id: contacts.Tim.id, leadScore: '40' }),
			]);
			expect(enrolled()).toEqual([]);

			setScore(75);
			await expectAllSucceeded(await waitUntilSettled(stack));
			expect(enrolled()).toEqual([LEAD_SCORE_COURSE]);
			expect(och.store.listStudents().filter((s) => s.email === 'tim@example.com')).toHaveLength(1);
			expect(ghlContact('Tim').tags).toContain(`enrolled: ${LEAD_SCORE_COURSE.toLowerCase()}`);

			// A later change, and HighLevel repeating it: skipped as already enrolled, nothing written.
			const before = snapshot(sandboxes);
			och.clearRequests();
			ghl.clearRequests();
			setScore(90);
			await expectAllSucceeded(await waitUntilSettled(stack));
			ghl.webhooks.send('ContactUpdate', ghlContact('Tim'));
			await expectAllSucceeded(await waitUntilSettled(stack));
			expect(
				(await itemsOf('11', 'Skip: Already Enrolled')).filter(
					(item) => item.id === contacts.Tim.id,
				),
			).toHaveLength(2);
			expect(och.requests.filter((request) => request.method !== 'GET')).toEqual([]);
			expect(ghlWrites()).toEqual([]);
			expect(enrolled()).toEqual([LEAD_SCORE_COURSE]);
			const after = snapshot(sandboxes);
			const tim = (state: typeof before) =>
				state.ghl.contacts.find((contact) => contact.id === contacts.Tim.id)!;
			// Only the score (and HighLevel's dateUpdated) moved.
			expect({ ...after, ghl: undefined }).toEqual({ ...before, ghl: undefined });
			expect({ ...tim(after), customFields: [], dateUpdated: '' }).toEqual({
				...tim(before),
				customFields: [],
				dateUpdated: '',
			});
		});
	});

	describe('skilljar to ghl: template 09', () => {
		const STALLED_TAG = `stalled: ${STALLED_COURSE.toLowerCase()}`;
		const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
		/** The Skilljar sandbox's admin routes, as the training site would record a learner's steps. */
		const skilljarAdmin = async (route: 'enroll' | 'progress', body: Record<string, unknown>) => {
			const answer = await fetch(`${sandboxes.skilljar.urls.inspect}/${route}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ publishedCourseId: DEMO_COURSE.publishedCourseId, ...body }),
			});
			expect({ route, ok: answer.ok, body: answer.ok ? '' : await answer.text() }).toEqual({
				route,
				ok: true,
				body: '',
			});
		};
		const byEmail = (email: string) => ghlContactByEmail(email)[0];
		const workflowsOf = (email: string) =>
			sandboxes.ghl.store.automation
				.of(byEmail(email).id)
				.workflows.map((entry) => entry.workflowId);
		const runStalledLearners = async () => {
			const executionId = await stack.n8n.runManually(
				stack.templates['09'].id,
				'Every Day at 07:00',
			);
			expect(await stack.n8n.waitForExecution(executionId)).toBe('success');
			await expectAllSucceeded(await waitUntilSettled(stack));
		};

		test('the daily run tags the stalled learners of the course and adds them to the workflow once; the next run changes nothing', async () => {
			const { ghl } = sandboxes;
			const reengagement = ghl.store.automation
				.listWorkflows(ghl.defaultLocationId)
				.find((workflow) => workflow.name === REENGAGEMENT_WORKFLOW)!.id;
			const learners = {
				annie: { email: 'annie.easley@example.com', first_name: 'Annie', last_name: 'Easley' },
				evelyn: {
					email: 'evelyn.granville@example.com',
					first_name: 'Evelyn',
					last_name: 'Boyd Granville',
				},
				mae: { email: 'mae.jemison@example.com', first_name: 'Mae', last_name: 'Jemison' },
				valerie: {
					email: 'valerie.thomas@example.com',
					first_name: 'Valerie',
					last_name: 'Thomas',
				},
			};
			// Annie never started; Evelyn stopped 20 days ago; Mae completed; Valerie enrolled 3 days ago.
			await skilljarAdmin('enroll', { ...learners.annie, at: ago(30) });
			await skilljarAdmin('enroll', { ...learners.evelyn, at: ago(25) });
			await skilljarAdmin('progress', { email: learners.evelyn.email, lessons: 1, at: ago(20) });
			await skilljarAdmin('enroll', { ...learners.mae, at: ago(30) });
			await skilljarAdmin('progress', {
				email: learners.mae.email,
				complete: true,
				score: 95,
				at: ago(3),
			});
			await skilljarAdmin('enroll', { ...learners.valerie, at: ago(3) });
			// Their contacts, and the demo course's learners' (as `npm start` has them), made quietly:
			// no template hears of them.
			ghl.store.quietly(() => {
				for (const { email, first_name, last_name } of Object.values(learners))
					ghl.store.createContact(ghl.defaultLocationId, {
						email,
						firstName: first_name,
						lastName: last_name,
					});
				addDemoLearnerContacts(sandboxes);
			});
			await expectAllSucceeded(await waitUntilSettled(stack));
			ghl.clearRequests();

			await runStalledLearners();
			const { completed, inProgress, neverStarted, stalled, unenrolled } = DEMO_COURSE.learners;
			for (const email of [
				learners.annie.email,
				learners.evelyn.email,
				neverStarted.email,
				stalled.email,
			]) {
				expect({ email, tagged: byEmail(email).tags.includes(STALLED_TAG) }).toEqual({
					email,
					tagged: true,
				});
				expect({ email, workflows: workflowsOf(email) }).toEqual({
					email,
					workflows: [reengagement],
				});
			}
			for (const email of [
				learners.mae.email,
				learners.valerie.email,
				completed.email,
				inProgress.email,
				unenrolled.email,
			]) {
				expect({ email, tags: byEmail(email).tags }).toEqual({ email, tags: [] });
				expect({ email, workflows: workflowsOf(email) }).toEqual({ email, workflows: [] });
			}
			// The four tags in one bulk request, and four workflow adds.
			expect(ghlWrites().filter((call) => call.startsWith('POST /contacts/bulk/'))).toEqual([
				'POST /contacts/bulk/tags/update/add',
			]);
			expect(ghlWrites().filter((call) => call.includes('/workflow/'))).toHaveLength(4);

			// The next day: every stalled learner is tagged already; nothing is written.
			const before = snapshot(sandboxes);
			const workflowsBefore = Object.values(learners).map(({ email }) => workflowsOf(email));
			ghl.clearRequests();
			await runStalledLearners();
			expect(ghlWrites()).toEqual([]);
			expect(snapshot(sandboxes)).toEqual(before);
			expect(Object.values(learners).map(({ email }) => workflowsOf(email))).toEqual(
				workflowsBefore,
			);
			expect((await itemsOf('09', 'Skip: Already Tagged')).length).toBeGreaterThanOrEqual(4);
		});
	});

	describe('skilljar to ghl: templates 07-08', () => {
		/** Acts as a learner on the Skilljar training site; the sandbox sends the course webhooks. */
		const asLearner = async (route: 'enroll' | 'progress', body: Record<string, unknown>) => {
			const response = await fetch(`${sandboxes.skilljar.urls.inspect}/${route}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			expect(response.status).toBeLessThan(300);
		};
		const course = () =>
			sandboxes.skilljar.store
				.listPublishedCourses(sandboxes.skilljar.defaultDomain)
				.find((candidate) => candidate.id === defaultCourseId())!;
		const title = () => sandboxes.skilljar.store.courses.get(course().courseId)?.title ?? '';

		/** Waits (polled) until a template has run `count` times in all, then until all is still. */
		const settledAfterRuns = async (key: string, count: number) => {
			const deadline = Date.now() + 60_000;
			while ((await stack.n8n.executions(stack.templates[key].id)).length < count) {
				if (Date.now() > deadline) throw new Error(`template ${key} did not run ${count} times`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			await expectAllSucceeded(await waitUntilSettled(stack));
		};
		const runsOf = async (key: string) => (await stack.n8n.executions(stack.templates[key].id)).length;

		beforeAll(async () => {
			await activateTemplate(stack, '07');
			await activateTemplate(stack, '08');
		});

		test('08 then 07: enrolled tag and a check-in task, then completed tag, stalled removed, note, fields, task done, follow-up workflow; the same events again change nothing', async () => {
			const { ghl, skilljar } = sandboxes;
			const courseTitle = title();
			expect(courseTitle).not.toBe('');
			await asLearner('enroll', {
				email: 'dorothy.vaughan@example.com',
				publishedCourseId: course().id,
				first_name: 'Dorothy',
				last_name: 'Vaughan',
			});
			await settledAfterRuns('08', 1);
			const [dorothy] = ghlContactByEmail('dorothy.vaughan@example.com');
			contacts.Dorothy = dorothy;
			expect(dorothy.tags).toContain(`enrolled: ${courseTitle.toLowerCase()}`);
			const reminder = ghl.store
				.listTasks(dorothy.id)
				.find((task) => task.title === `Check in: Dorothy Vaughan to complete ${courseTitle}`)!;
			expect(reminder).toMatchObject({ assignedTo: REMINDER_ASSIGNEE, completed: false });
			expect(Date.parse(String(reminder.dueDate))).toBeGreaterThan(Date.now() + 6 * DAY);

			// Template 09 marks her stalled meanwhile.
			ghl.store.updateContact(dorothy.id, {
				tags: [...ghlContact('Dorothy').tags, `stalled: ${courseTitle.toLowerCase()}`],
			});
			await expectAllSucceeded(await waitUntilSettled(stack));
			await asLearner('progress', {
				email: 'dorothy.vaughan@example.com',
				publishedCourseId: course().id,
				complete: true,
				score: 95,
			});
			await settledAfterRuns('07', 1);

			const after = ghlContact('Dorothy');
			expect(after.tags).toContain(`completed: ${courseTitle.toLowerCase()}`);
			expect(after.tags).not.toContain(`stalled: ${courseTitle.toLowerCase()}`);
			expect(ghl.store.listNotes(dorothy.id).map((note) => note.body)).toContain(
				`Completed ${courseTitle} on ${today()} (score 95/100)`,
			);
			const fieldId = (name: string) =>
				ghl.store.listCustomFields(ghl.defaultLocationId).find((field) => field.name === name)!.id;
			const values = Object.fromEntries(after.customFields.map((field) => [field.id, field.value]));
			expect(values[fieldId(COMPLETION_FIELDS.course)]).toBe(courseTitle);
			expect(String(values[fieldId(COMPLETION_FIELDS.date)])).toMatch(new RegExp(`^${today()}`));
			expect(ghl.store.getTask(dorothy.id, reminder.id)).toMatchObject({ completed: true });
			const followUp = ghl.store.automation
				.listWorkflows(ghl.defaultLocationId)
				.find((workflow) => workflow.name === FOLLOW_UP_WORKFLOW)!;
			expect(ghl.store.automation.of(dorothy.id).workflows).toEqual([
				expect.objectContaining({ workflowId: followUp.id }),
			]);

			// Skilljar sends both events again (a new timestamp, so not a repeat the trigger drops):
			// both templates run, and nothing changes.
			const sent = skilljar.deliveries.filter(
				(delivery) =>
					['COURSE_ENROLLMENT', 'COURSE_COMPLETION'].includes(delivery.event_type) &&
					JSON.stringify(delivery.body).includes('dorothy.vaughan@example.com'),
			);
			expect(sent.map((delivery) => delivery.event_type)).toEqual([
				'COURSE_ENROLLMENT',
				'COURSE_COMPLETION',
			]);
			const before = snapshot(sandboxes);
			const [enrollRuns, completionRuns] = [await runsOf('08'), await runsOf('07')];
			ghl.clearRequests();
			for (const delivery of sent)
				skilljar.deliverEvent(delivery.event_type as 'COURSE_ENROLLMENT', {
					...delivery.body,
					timestamp: new Date().toISOString(),
				});
			await skilljar.flushDeliveries();
			await settledAfterRuns('08', enrollRuns + 1);
			await settledAfterRuns('07', completionRuns + 1);
			expect([await runsOf('08'), await runsOf('07')]).toEqual([enrollRuns + 1, completionRuns + 1]);
			expect(ghlWrites()).toEqual([]);
			expect(snapshot(sandboxes)).toEqual(before);
			expect(ghl.store.automation.of(dorothy.id).workflows).toHaveLength(1);
		});
	});
});

/** Everything the templates can change in the three services, in a comparable form. */
function snapshot({ ghl, skilljar, och }: Sandboxes) {
	const contacts = ghl.store.listContacts(ghl.defaultLocationId).map((contact) => ({
		...contact,
		notes: ghl.store.listNotes(contact.id),
		tasks: ghl.store.listTasks(contact.id),
	}));
	const store = skilljar.store;
	return {
		ghl: { contacts },
		skilljar: {
			users: store.listUsers(),
			domainUsers: [...store.domainUsers.values()].map((member) => ({
				...member,
				values: Object.fromEntries(member.values),
			})),
			groups: store.listGroups(),
			memberships: [...store.memberships.values()],
			enrollments: store.listEnrollments(),
		},
		och: { students: och.store.listStudents(), enrollments: och.store.listEnrollments() },
	};
}
