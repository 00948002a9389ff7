// Template 01 (GHL contact → Skilljar learner), read as its user would: the core recipe (learner and
// enrollment) does not wait for the optional steps, an unenrolled learner stays unenrolled, the
// learner is found by the CRM Contact ID before the email, failures are kept for template 12, and
// the canvas says what it does.
import type { INodeExecutionData } from 'n8n-workflow';

import type { Contact } from '../../sandbox/ghl';
import { RETRY_TABLE, type TestDataTables } from '../harness/dataTables';
import { retryDataTables } from '../harness/engine';
import { startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { olderWaitingRow, replayItems, whileReplaying } from '../harness/retryRows';
import {
	API_KEY_CREDENTIAL_ID,
	apiRequests,
	shareApiKeyCredential,
	startSkilljarTestBed,
	type SkilljarTestBed,
} from '../harness/skilljar';
import { runTemplate, templateTrigger, templateWorkflowId } from '../harness/templateRun';
import { loadTemplates, type Template, type TemplateNode } from '../harness/templates';

const PACKAGE = 'n8n-nodes-ghl-lms';
const TRIGGER = 'GHL Contact Created or Updated';
const template = loadTemplates().find((candidate) => candidate.key === '01')!;
const nodes = template.workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
const notes = template.workflow.nodes
	.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
	.map((node) => String(node.parameters.content));
const node = (name: string) => {
	const found = nodes.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`template 01 has no node "${name}"`);
	return found;
};
const skilljar = (resource: string, operation: string): TemplateNode => {
	const found = nodes.filter(
		(candidate) =>
			candidate.type === `${PACKAGE}.skilljar` &&
			candidate.parameters.resource === resource &&
			candidate.parameters.operation === operation,
	);
	expect(found).toHaveLength(1);
	return found[0];
};
const targets = (t: Template, name: string, output: number) =>
	(t.workflow.connections[name]?.main?.[output] ?? []).map((connection) => connection.node);

/** Every node on some main-output path from the trigger to `goal` (error outputs excluded). */
function nodesBefore(goal: string): Set<string> {
	const before = new Set<string>();
	const walk = (name: string, path: string[]) => {
		if (name === goal) {
			for (const step of path) before.add(step);
			return;
		}
		if (path.includes(name)) return;
		const source = node(name);
		const ours = source.type.startsWith(`${PACKAGE}.`);
		const outputs = template.workflow.connections[name]?.main ?? [];
		outputs.forEach((connections, index) => {
			// Our nodes' last output is the error output when they continue on failure.
			if (
				ours &&
				source.onError === 'continueErrorOutput' &&
				index === outputs.length - 1 &&
				index > 0
			)
				return;
			for (const { node: next } of connections) walk(next, [...path, name]);
		});
	};
	walk(TRIGGER, []);
	return before;
}

describe('template 01: GHL contact → Skilljar learner', () => {
	test('its name says what it does, verb first', () => {
		expect(template.workflow.name).toBe(
			'Turn GHL contacts into Skilljar learners enrolled in your course',
		);
	});

	test('the enrollment does not wait for the profile fields or the groups', () => {
		const learner = skilljar('learner', 'upsert');
		const enroll = skilljar('enrollment', 'enroll');
		const profile = skilljar('profileField', 'setValues');
		const groups = skilljar('group', 'syncTags');
		expect([...nodesBefore(enroll.name)]).toEqual(
			expect.not.arrayContaining([profile.name, groups.name]),
		);
		expect(nodesBefore(enroll.name).has(learner.name)).toBe(true);
		// The extras hang off the learner on their own branches.
		expect(targets(template, learner.name, 0).sort()).toEqual(
			[enroll.name, profile.name, groups.name].sort(),
		);
	});

	test('each step that can fail has its own "Failed: …" node', () => {
		const writers = nodes.filter((candidate) => candidate.type === `${PACKAGE}.skilljar`);
		const failures = writers.map((writer) => {
			expect({ node: writer.name, onError: writer.onError }).toEqual({
				node: writer.name,
				onError: 'continueErrorOutput',
			});
			const [target, ...others] = targets(template, writer.name, 1);
			expect(others).toEqual([]);
			expect(target).toMatch(/^Failed: /);
			return target;
		});
		expect(new Set(failures).size).toBe(writers.length);
	});

	test('an unenrolled learner is not enrolled again, and the course is picked from the list', () => {
		const enroll = skilljar('enrollment', 'enroll');
		expect(enroll.parameters.options).toMatchObject({ skipIfUnenrolled: true });
		expect(enroll.parameters.publishedCourseId).toBe('');
		expect(notes.join('\n')).toMatch(/pick your course/i);
	});

	test('the learner is found by its CRM Contact ID first, then by email', () => {
		const learner = skilljar('learner', 'upsert');
		expect(learner.parameters.options).toEqual({
			matchByProfileField: {
				match: {
					field: "={{ $('Settings').item.json.contactIdField }}",
					value: "={{ $('Settings').item.json.id }}",
				},
			},
		});
		expect(learner.parameters.email).toBe("={{ $('Settings').item.json.email }}");
	});

	test('Settings holds choices only; the contact passes through it, so a replay reads it the same way', () => {
		const settings = node('Settings');
		const names = (
			settings.parameters.assignments as { assignments: Array<{ name: string }> }
		).assignments.map((assignment) => assignment.name);
		expect(names).toEqual(['groupPrefix', 'createMissingGroups', 'phoneField', 'contactIdField']);
		expect(settings.parameters.includeOtherFields).toBe(true);
		// Template 12 starts the workflow at When Retried, where the trigger has not run: nothing
		// may read the trigger's item.
		const text = JSON.stringify(nodes.map((candidate) => candidate.parameters));
		expect(text).not.toContain(`$('${TRIGGER}')`);
		expect(targets(template, 'When Retried', 0)).toEqual(['Settings']);
	});

	test('an empty phone is left out, not written over the stored one, and the notes say so', () => {
		const profile = skilljar('profileField', 'setValues');
		const values = (profile.parameters.values as { value: Array<{ field: string; value: string }> })
			.value;
		expect(values).toEqual([
			{
				field: "={{ $('Settings').item.json.phoneField }}",
				value: "={{ $('Settings').item.json.phone }}",
			},
			{
				field: "={{ $('Settings').item.json.contactIdField }}",
				value: "={{ $('Settings').item.json.id }}",
			},
		]);
		expect(notes.join('\n')).toMatch(/empty phone[^\n]*keeps[^\n]*skipped_empty/i);
	});

	test('the notes say that contacts created by templates 05 and 06 arrive here too, and how to leave them out', () => {
		const text = notes.join('\n');
		expect(text).toMatch(/05 and 06/);
		expect(text).toMatch(/source[^\n]*OnlineCourseHost/);
	});

	test('every failed step reaches Keep for Retry through one Merge, so a contact is recorded in one run', () => {
		const failed = nodes.filter((candidate) => candidate.name.startsWith('Failed: '));
		expect(failed).toHaveLength(4);
		for (const failure of failed) {
			expect(failure.parameters.assignments).toEqual({
				assignments: [expect.objectContaining({ name: 'step', value: '={{ $prevNode.name }}' })],
			});
			expect(targets(template, failure.name, 0)).toEqual(['Any Failure']);
		}
		expect(node('Any Failure').parameters).toEqual({ numberInputs: 4 });
		expect(targets(template, 'Any Failure', 0)).toEqual(['Keep for Retry']);
		// The failure row lies below the steps, the outcomes and the report on the row below it.
		const steps = nodes.filter((candidate) => candidate.type.startsWith(`${PACKAGE}.`));
		const lowestStep = Math.max(...steps.map((candidate) => candidate.position[1]));
		for (const failure of failed) expect(failure.position[1]).toBeGreaterThan(lowestStep + 100);
	});

	test('Drop Older Retry runs before the steps: it is above them, and n8n runs the upper branch first', () => {
		const branches = targets(template, 'Settings', 0);
		expect(branches.sort()).toEqual(['Drop Older Retry', 'Has Email?']);
		expect(node('Drop Older Retry').position[1]).toBeLessThan(node('Has Email?').position[1]);
	});
});

describe('template 01 in the engine: failed contacts kept for template 12, and the run report', () => {
	let ghl: GhlTestBed;
	let skilljar: SkilljarTestBed;
	let courseId: string;

	beforeAll(async () => {
		ghl = await startGhlTestBed({ rateLimit: { max: 10_000, intervalMs: 10_000 } });
		skilljar = await startSkilljarTestBed();
		shareApiKeyCredential(ghl.credentials, skilljar);
		const { store } = skilljar.sandbox;
		store.addSignupField({ label: 'Phone' });
		store.addSignupField({ label: 'CRM Contact ID' });
		store.addGroup({ name: 'GHL: vip' });
		courseId = store.addPublishedCourse('Photography for Beginners').id;
	});
	afterAll(async () => {
		await ghl?.close();
		await skilljar?.close();
	});
	afterEach(() => skilljar.sandbox.setFaults({}));

	const store = () => skilljar.sandbox.store;
	const contact = (firstName: string, email: string | undefined, tags: string[] = ['vip']) =>
		ghl.sandbox.store.createContact(ghl.locationId, {
			firstName,
			lastName: 'Tester',
			email,
			phone: '+14155550142',
			tags,
		});
	/** What the template's trigger emits for HighLevel's Contact Created delivery of `subject`. */
	const emitted = async (subject: Contact) => {
		const delivery = ghl.sandbox.webhooks.send('ContactCreate', subject)[0];
		const received = await templateTrigger(template, ghl.sandbox, ghl.credentials).deliver({
			headers: delivery.headers,
			body: Buffer.from(delivery.body, 'utf8'),
		});
		return received.items;
	};
	interface Run {
		dataTables?: TestDataTables;
		startAt?: string;
		settings?: Record<string, unknown>;
		courseId?: string;
	}
	const run = async (items: INodeExecutionData[], options: Run = {}) =>
		await runTemplate({
			template,
			items,
			credentials: ghl.credentials,
			credentialIds: { skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' } },
			parameters: {
				'Enroll in Default Course': { publishedCourseId: options.courseId ?? courseId },
			},
			settings: options.settings,
			dataTables: options.dataTables ?? retryDataTables(),
			startAt: options.startAt,
		});
	const rows = (result: { dataTables: TestDataTables }) => result.dataTables.rows(RETRY_TABLE);
	const learnerState = (email: string) => {
		const user = store().findUserByEmail(email);
		if (!user) return undefined;
		const member = store().getDomainUser(skilljar.domain, user.id)!;
		const labels = new Map(store().listSignupFields(skilljar.domain).map((f) => [f.id, f.label]));
		return {
			courses: store()
				.listEnrollments()
				.filter((enrollment) => enrollment.userId === user.id && enrollment.active)
				.map((enrollment) => enrollment.publishedCourseId),
			groups: store().groupNamesOf(user.id).sort(),
			values: Object.fromEntries([...member.values].map(([id, value]) => [labels.get(id), value])),
		};
	};

	/** Everything of Skilljar's that template 01 writes. */
	const snapshot = () => ({
		learners: store().listUsers(),
		enrollments: store().listEnrollments(),
		groups: store().listGroups(),
		members: store()
			.listUsers()
			.map((user) => [user.id, store().groupNamesOf(user.id), learnerState(user.email)?.values]),
	});

	test('Skilljar down: the contact is kept once as waiting; a replay through When Retried syncs it; a second replay writes nothing', async () => {
		const ada = contact('Ada', 'ada.retry@example.com');
		const items = await emitted(ada);
		skilljar.sandbox.setFaults({ rate: { status5xx: 1 } });
		const failed = await run(items);
		skilljar.sandbox.setFaults({});

		expect(store().findUserByEmail('ada.retry@example.com')).toBeUndefined();
		const [row, ...others] = rows(failed);
		expect(others).toEqual([]);
		expect(row).toMatchObject({
			retry_key: `${templateWorkflowId(template)}:${ada.id}`,
			workflow_id: templateWorkflowId(template),
			workflow_name: template.workflow.name,
			item_key: 'ada.retry@example.com',
			contact_id: ada.id,
			step: 'Create or Update Learner',
			error: expect.stringMatching(/^Skilljar answered 50[023]/),
			http_code: expect.any(Number),
			attempts: 1,
			status: 'waiting',
		});
		expect([500, 502, 503]).toContain(row.http_code);
		expect(row.first_failed_at).toBeInstanceOf(Date);
		expect(row.last_failed_at).toBeInstanceOf(Date);
		// The payload is the contact as the trigger delivered it (with the settings it ran with).
		expect(JSON.parse(String(row.payload))).toMatchObject(items[0].json);
		expect(failed.items('Run Summary')).toEqual([
			{ synced: 0, skipped: 0, skipReasons: {}, failed: 1, retryAttempt: 0 },
		]);

		// Template 12 replays the row once Skilljar answers again.
		const tables = whileReplaying(row);
		const replay = await run(replayItems(row), { dataTables: tables, startAt: 'When Retried' });
		expect(replay.items('Keep for Retry')).toEqual([]);
		expect(replay.items('Synced')).toEqual([expect.objectContaining({ outcome: 'synced' })]);
		expect(replay.items('Run Summary')).toEqual([
			{ synced: 1, skipped: 0, skipReasons: {}, failed: 0, retryAttempt: 1 },
		]);
		expect(learnerState('ada.retry@example.com')).toEqual({
			courses: [courseId],
			groups: ['GHL: vip'],
			values: { Phone: '+14155550142', 'CRM Contact ID': ada.id },
		});
		// The row is template 12's to delete: the replay left it as 12 marked it.
		expect(rows(replay)).toEqual([expect.objectContaining({ status: 'running', attempts: 1 })]);

		// A second replay of the same row (12 cut off before it deleted the row) changes nothing:
		// the same learner, enrollment, values and groups, nothing added.
		const before = JSON.stringify(snapshot());
		const again = await run(replayItems(row), { dataTables: tables, startAt: 'When Retried' });
		expect(again.items('Keep for Retry')).toEqual([]);
		expect(JSON.stringify(snapshot())).toBe(before);
	});

	test('a failure after the other steps are done: the replay finishes the contact and writes nothing twice', async () => {
		// Skilljar's sandbox has no lost-answer fault: this is the nearest case, a replay of a
		// contact whose learner, enrollment and profile fields were already written.
		const settings = { createMissingGroups: true };
		// A contact like the next one, to learn at which request its group is created.
		const probe = await emitted(contact('Probe', 'probe.partial@example.com', ['partial-probe']));
		skilljar.sandbox.clearRequests();
		await run(probe, { settings });
		const groupCreate =
			apiRequests(skilljar.sandbox).findIndex(
				(request) => request.method === 'POST' && request.path === '/v1/groups',
			) + 1;
		expect(groupCreate).toBeGreaterThan(0);

		const grace = contact('Grace', 'grace.partial@example.com', ['partial']);
		// A group create is not repeated after a 5xx (it could make a second group): the step fails.
		skilljar.sandbox.setFaults({ schedule: [{ atRequest: groupCreate, kind: '5xx' }] });
		const failed = await run(await emitted(grace), { settings });
		skilljar.sandbox.setFaults({});
		const [row, ...others] = rows(failed);
		expect(others).toEqual([]);
		expect(row).toMatchObject({ step: 'Sync Tags to Groups', status: 'waiting', attempts: 1 });
		expect(learnerState('grace.partial@example.com')).toEqual({
			courses: [courseId],
			groups: [],
			values: { Phone: '+14155550142', 'CRM Contact ID': grace.id },
		});
		// Enrolled, but not all done: the contact counts as failed, not synced.
		expect(failed.items('Run Summary')).toEqual([
			{ synced: 0, skipped: 0, skipReasons: {}, failed: 1, retryAttempt: 0 },
		]);
		const learners = store().listUsers().length;
		const enrollments = store().listEnrollments().length;

		const replay = await run(replayItems(row), {
			settings,
			dataTables: whileReplaying(row),
			startAt: 'When Retried',
		});
		expect(replay.items('Keep for Retry')).toEqual([]);
		expect(learnerState('grace.partial@example.com')).toEqual({
			courses: [courseId],
			groups: ['GHL: partial'],
			values: { Phone: '+14155550142', 'CRM Contact ID': grace.id },
		});
		expect(store().listUsers()).toHaveLength(learners);
		expect(store().listEnrollments()).toHaveLength(enrollments);
		expect(store().listGroups().filter((group) => group.name === 'GHL: partial')).toHaveLength(1);
	});

	test('a course that no longer exists: Skilljar answers 404, the contact is kept as alert (not retryable), the other steps done', async () => {
		const lin = contact('Lin', 'lin.gone@example.com');
		const failed = await run(await emitted(lin), { courseId: 'gonecourse0001' });

		expect(failed.items('Any Failure')).toEqual([
			expect.objectContaining({
				step: 'Enroll in Default Course',
				error: expect.objectContaining({ retryable: false, httpCode: 404 }),
			}),
		]);
		expect(rows(failed)).toEqual([
			expect.objectContaining({
				retry_key: `${templateWorkflowId(template)}:${lin.id}`,
				contact_id: lin.id,
				step: 'Enroll in Default Course',
				error: expect.stringMatching(/^Skilljar answered 404/),
				http_code: 404,
				attempts: 1,
				status: 'alert',
			}),
		]);
		// Profile fields and groups do not wait for the enrollment.
		expect(learnerState('lin.gone@example.com')).toMatchObject({ courses: [], groups: ['GHL: vip'] });
	});

	test('a newer change of the contact drops its older waiting row, and only that one', async () => {
		const kay = contact('Kay', 'kay.newer@example.com');
		const tables = retryDataTables();
		tables.insert(RETRY_TABLE, [
			olderWaitingRow(template, kay.id, 'Create or Update Learner'),
			olderWaitingRow(template, 'someone-else', 'Create or Update Learner'),
		]);

		const result = await run(await emitted(kay), { dataTables: tables });

		expect(result.items('Keep for Retry')).toEqual([]);
		expect(rows(result)).toEqual([expect.objectContaining({ contact_id: 'someone-else' })]);
		expect(learnerState('kay.newer@example.com')!.courses).toEqual([courseId]);
	});

	test('a mixed run: the summary item counts synced, skipped (with the reason) and failed, and the Executions list gets the counts', async () => {
		const synced = contact('Mia', 'mia.mixed@example.com');
		const noEmail = contact('Noor', undefined);
		// Skilljar already has the email under another learner than the one holding this contact id.
		const clash = contact('Ola', 'ola.mixed@example.com');
		store().upsertDomainUser(skilljar.domain, { email: 'ola.mixed@example.com' });
		const holder = store().upsertDomainUser(skilljar.domain, { email: 'ola.old@example.com' });
		const crmField = store()
			.listSignupFields(skilljar.domain)
			.find((field) => field.label === 'CRM Contact ID')!;
		holder.member.values.set(crmField.id, clash.id);

		const items = [
			...(await emitted(synced)),
			...(await emitted(noEmail)),
			...(await emitted(clash)),
		];
		const result = await run(items);

		const summary = { synced: 1, skipped: 1, skipReasons: { 'no email': 1 }, failed: 1, retryAttempt: 0 };
		expect(result.items('Run Summary')).toEqual([summary]);
		expect(result.items('Save Run Report')).toEqual([summary]);
		expect(result.run.data.resultData.metadata).toEqual({
			synced: '1',
			skipped: '1',
			failed: '1',
			retry_attempt: '0',
		});
		expect(rows(result)).toEqual([
			expect.objectContaining({
				contact_id: clash.id,
				step: 'Create or Update Learner',
				error: expect.stringContaining('another learner has it'),
				http_code: null,
				status: 'alert',
			}),
		]);
	});
});
