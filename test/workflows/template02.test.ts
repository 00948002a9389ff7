// Template 02 (the daily notes and tasks batch), read as its JSON: what it selects, that no Code
// node or remembered date decides it, and that every contact ends in a write, a skip or a failure;
// then run through n8n's engine against the HighLevel and Skilljar sandboxes: failed contacts kept
// in the retry table, replayed through When Retried, and the run's report.
import { RETRY_TABLE, type TestDataTables } from '../harness/dataTables';
import { expectReported, runDaily, type DailyRun } from '../harness/dailyRun';
import { startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { whileReplaying } from '../harness/retryRows';
import {
	shareApiKeyCredential,
	startSkilljarTestBed,
	writes as skilljarWrites,
	type SkilljarTestBed,
} from '../harness/skilljar';
import { templateWorkflowId } from '../harness/templateRun';
import { loadTemplates, type TemplateNode } from '../harness/templates';

const PACKAGE = 'n8n-nodes-ghl-lms';
const { workflow } = loadTemplates().find((candidate) => candidate.key === '02')!;
const nodes = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
const node = (name: string): TemplateNode => {
	const found = nodes.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`template 02 has no node "${name}"`);
	return found;
};
const targets = (name: string, output: number) =>
	(workflow.connections[name]?.main[output] ?? []).map((target) => target.node);
const json = (value: unknown) => JSON.stringify(value);

describe('template 02: GHL notes and tasks → Skilljar profile fields, daily', () => {
	test('its name says what it does, verb first', () => {
		expect(workflow.name).toBe('Sync GHL notes and tasks to Skilljar profile fields every day');
	});

	test('no Code node, and nothing remembered between runs: no static data, no date window', () => {
		expect(nodes.filter((candidate) => candidate.type === 'n8n-nodes-base.code')).toEqual([]);
		expect(json(workflow)).not.toMatch(/getWorkflowStaticData|lastRunAt/);
		// Adding a note or a task need not change a contact's dateUpdated: no selection by it.
		expect(json(workflow)).not.toMatch(/dateUpdated|dateAdded/);
	});

	test('it selects every contact with an email, or those with the tag in Settings', () => {
		const settings = (
			node('Settings').parameters.assignments as {
				assignments: Array<{ name: string; value: unknown }>;
			}
		).assignments;
		expect(settings.map(({ name }) => name)).toEqual([
			'tag',
			'notesField',
			'tasksField',
			'maxFieldLength',
		]);
		expect(settings.find(({ name }) => name === 'tag')?.value).toBe('');
		const searches = nodes.filter(
			(candidate) =>
				candidate.type === `${PACKAGE}.ghlContacts` && candidate.parameters.operation === 'search',
		);
		expect(searches.map((search) => search.name).sort()).toEqual([
			'Contacts With Email',
			'Contacts With Tag',
		]);
		for (const search of searches) {
			expect(search.parameters.returnAll).toBe(true);
			expect(json(search.parameters.filterGroups)).toContain(
				'{"field":"email","operator":"exists"}',
			);
		}
		expect(json(node('Contacts With Tag').parameters.filterGroups)).toContain(
			`{"field":"tags","operator":"eq","value":"={{ $('Settings').first().json.tag }}"}`,
		);
	});

	test('notes and tasks are read one item per contact, and only changed values are written', () => {
		for (const name of ['Get Notes', 'Get Tasks']) {
			expect(node(name).parameters).toMatchObject({
				operation: 'getMany',
				returnAll: true,
				output: 'perContact',
				summaryMaxLength: "={{ $('Settings').first().json.maxFieldLength }}",
			});
		}
		expect(targets('Get Notes', 0)).toEqual(['Get Tasks']);
		expect(targets('Get Tasks', 0)).toEqual(['Write Profile Fields']);
		const write = node('Write Profile Fields');
		expect(write.parameters).toMatchObject({
			operation: 'setValues',
			options: { onlyChanged: true },
		});
		expect(json(write.parameters.values)).toContain('$json.notesSummary');
		expect(json(write.parameters.values)).toContain('$json.tasksSummary');
	});

	test('no output feeds two branches, so the order n8n runs branches in (canvas position) changes nothing', () => {
		for (const [source, outputs] of Object.entries(workflow.connections)) {
			for (const branch of outputs.main)
				expect({ source, targets: branch.length <= 1 }).toEqual({ source, targets: true });
		}
	});

	test('every contact ends in a write, a "Skip: …" or a "Failed: …" node: every read and write has its error output', () => {
		for (const name of ['Find Learners', 'Get Notes', 'Get Tasks', 'Write Profile Fields']) {
			expect({ name, onError: node(name).onError }).toEqual({
				name,
				onError: 'continueErrorOutput',
			});
			const failed = targets(name, 1);
			expect(failed).toHaveLength(1);
			expect(failed[0]).toMatch(/^Failed: /);
		}
		expect(targets('Is a Learner?', 1)).toEqual(['Skip: Not a Learner']);
	});

	test('failures reach Keep for Retry through one Merge; When Retried enters through Settings at the per-contact point', () => {
		for (const name of ['Find Learners', 'Get Notes', 'Get Tasks', 'Write Profile Fields'])
			expect(targets(targets(name, 1)[0], 0)).toEqual(['Any Failure']);
		expect(targets('Any Failure', 0)).toEqual(['Keep for Retry']);
		expect(targets('When Retried', 0)).toEqual(['Settings']);
		expect(targets('Settings', 0)).toEqual(['Daily Run?']);
		expect(targets('Daily Run?', 0)).toEqual(['Select by Tag?']);
		expect(targets('Daily Run?', 1)).toEqual(['Contact ID and Email']);
		expect(nodes.filter((candidate) => candidate.type === 'n8n-nodes-base.noOp')).toEqual([]);
	});
});

const template = loadTemplates().find((candidate) => candidate.key === '02')!;
const DAY = 24 * 3600 * 1000;

describe('template 02 run: failed contacts are kept for template 12, replays finish them, each run is reported', () => {
	let ghl: GhlTestBed;
	let skilljar: SkilljarTestBed;

	beforeAll(async () => {
		ghl = await startGhlTestBed({
			rateLimit: { max: 10_000, intervalMs: 10_000 },
			oauthScopes: ['contacts.readonly'],
		});
		skilljar = await startSkilljarTestBed();
		shareApiKeyCredential(ghl.credentials, skilljar);
		skilljar.sandbox.store.addSignupField({ label: 'Notes' });
		skilljar.sandbox.store.addSignupField({ label: 'Tasks' });
		// A field a user made a pick list by mistake: Skilljar refuses a summary as its value.
		skilljar.sandbox.store.addSignupField({ label: 'Task Status', optionValues: ['open', 'done'] });
	});
	afterAll(async () => {
		await ghl?.close();
		await skilljar?.close();
	});
	afterEach(() => ghl.sandbox.setFaults({}));

	/** A HighLevel contact with one note and one open task, tagged for one test; a learner unless told. */
	const contact = (first: string, tag: string, learner = true) => {
		const email = `${first.toLowerCase()}.${tag}@example.com`;
		const { id } = ghl.sandbox.store.createContact(ghl.locationId, {
			firstName: first,
			lastName: 'Tester',
			email,
			tags: [tag],
		});
		ghl.sandbox.store.addNote(id, { body: `Called ${first} about the course` });
		ghl.sandbox.store.addTask(id, {
			title: 'Follow up',
			dueDate: new Date(Date.now() + 3 * DAY).toISOString(),
			completed: false,
		});
		if (learner) skilljar.sandbox.store.upsertDomainUser(skilljar.domain, { email });
		return { id, email };
	};
	const run = async (
		tag: string,
		options: Pick<DailyRun, 'dataTables' | 'replay'> & { settings?: Record<string, unknown> } = {},
	) =>
		await runDaily({
			template,
			credentials: ghl.credentials,
			...options,
			settings: { tag, ...options.settings },
		});
	const rows = (result: { dataTables: TestDataTables }) => result.dataTables.rows(RETRY_TABLE);
	/** The learner's profile values by field label. */
	const valuesOf = (email: string) => {
		const { store } = skilljar.sandbox;
		const member = store.getDomainUser(skilljar.domain, store.findUserByEmail(email)!.id)!;
		const labels = new Map(store.listSignupFields(skilljar.domain).map((f) => [f.id, f.label]));
		return Object.fromEntries([...member.values].map(([id, value]) => [labels.get(id), value]));
	};
	/** The position of the first HighLevel API request for a contact's notes in a run like `tag`'s. */
	const notesRequestAt = async (tag: string) => {
		contact('Probe', tag);
		ghl.sandbox.clearRequests();
		await run(tag);
		const api = ghl.sandbox.requests.filter((request) => !request.path.startsWith('/oauth'));
		return api.findIndex((request) => /^\/contacts\/[^/]+\/notes/.test(request.path)) + 1;
	};

	test('HighLevel answers the notes read unreadably: one waiting row; a replay through When Retried writes the values; a second replay writes nothing', async () => {
		const at = await notesRequestAt('retry-probe');
		expect(at).toBeGreaterThan(0);
		const ada = contact('Ada', 'retry');
		ghl.sandbox.setFaults({ schedule: [{ atRequest: at, kind: 'emptyAnswer' }] });
		const failed = await run('retry');
		ghl.sandbox.setFaults({});

		expect(valuesOf(ada.email)).toEqual({});
		const [row, ...others] = rows(failed);
		expect(others).toEqual([]);
		expect(row).toMatchObject({
			retry_key: `${templateWorkflowId(template)}:${ada.id}`,
			workflow_id: templateWorkflowId(template),
			workflow_name: template.workflow.name,
			item_key: ada.email,
			contact_id: ada.id,
			step: 'Get Notes',
			error: expect.any(String),
			http_code: 200,
			attempts: 1,
			status: 'waiting',
		});
		expect(row.first_failed_at).toBeInstanceOf(Date);
		// The replay starts from the contact as the search found it.
		expect(JSON.parse(String(row.payload))).toEqual({ id: ada.id, email: ada.email });
		expect(failed.items('Run Summary')).toEqual([
			{ synced: 0, skipped: 0, skipReasons: {}, failed: 1, retryAttempt: 0 },
		]);

		// Template 12 hands the row back once HighLevel answers again: only this contact is read.
		const tables = whileReplaying(row);
		ghl.sandbox.clearRequests();
		const replay = await run('retry', { dataTables: tables, replay: row });
		expect(replay.ran()).not.toContain('Contacts With Tag');
		expect(replay.items('Keep for Retry')).toEqual([]);
		expect(replay.items('Synced')).toEqual([
			expect.objectContaining({ outcome: 'synced', contact_id: ada.id }),
		]);
		expect(replay.items('Run Summary')).toEqual([
			{ synced: 1, skipped: 0, skipReasons: {}, failed: 0, retryAttempt: 1 },
		]);
		expect(valuesOf(ada.email)).toEqual({
			Notes: expect.stringContaining(`Called Ada about the course`),
			Tasks: expect.stringMatching(/^1 open/),
		});
		// The row is template 12's to delete: the replay left it as 12 marked it.
		expect(rows(replay)).toEqual([expect.objectContaining({ status: 'running', attempts: 1 })]);

		// A second replay (12 cut off before it deleted the row) writes nothing.
		skilljar.sandbox.clearRequests();
		const again = await run('retry', { dataTables: tables, replay: row });
		expect(again.items('Keep for Retry')).toEqual([]);
		expect(skilljarWrites(skilljar.sandbox)).toEqual([]);
		expect(again.items('Synced')).toEqual([expect.objectContaining({ contact_id: ada.id })]);
	});

	test('a value Skilljar refuses (a pick list field): the contact is kept as alert, not retryable', async () => {
		const lin = contact('Lin', 'refused');
		const failed = await run('refused', { settings: { tasksField: 'Task Status' } });

		expect(failed.items('Any Failure')).toEqual([
			expect.objectContaining({
				step: 'Write Profile Fields',
				error: expect.objectContaining({ retryable: false, httpCode: 400 }),
			}),
		]);
		expect(rows(failed)).toEqual([
			expect.objectContaining({
				retry_key: `${templateWorkflowId(template)}:${lin.id}`,
				contact_id: lin.id,
				step: 'Write Profile Fields',
				error: expect.stringMatching(/^Skilljar answered 400/),
				http_code: 400,
				attempts: 1,
				status: 'alert',
			}),
		]);
		// All or nothing: Skilljar stored neither value.
		expect(valuesOf(lin.email)).toEqual({});
	});

	test('a mixed run: the summary item counts synced, skipped (with the reason) and failed, and the Executions list gets the counts', async () => {
		contact('Mia', 'mixed');
		contact('Noor', 'mixed', false);
		const at = await notesRequestAt('mixed-probe');
		// The probe run read notes at `at`; in the mixed run the first contact's notes come there too.
		contact('Ola', 'mixed');
		ghl.sandbox.setFaults({ schedule: [{ atRequest: at, kind: 'emptyAnswer' }] });
		const result = await run('mixed');

		expectReported(result, {
			synced: 1,
			skipped: 1,
			skipReasons: { 'not a learner': 1 },
			failed: 1,
			retryAttempt: 0,
		});
		expect(rows(result)).toEqual([
			expect.objectContaining({ step: 'Get Notes', status: 'waiting' }),
		]);
	});
});
