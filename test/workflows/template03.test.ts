// Template 03 (GHL contact tags → Skilljar groups): failures are kept for template 12 apart from the
// skips, and Settings holds choices only.
import type { INodeExecutionData } from 'n8n-workflow';

import type { Contact } from '../../sandbox/ghl';
import { RETRY_TABLE, type TestDataTables } from '../harness/dataTables';
import { retryDataTables } from '../harness/engine';
import { startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { olderWaitingRow, replayItems, whileReplaying } from '../harness/retryRows';
import {
	API_KEY_CREDENTIAL_ID,
	shareApiKeyCredential,
	startSkilljarTestBed,
	writes,
	type SkilljarTestBed,
} from '../harness/skilljar';
import { runTemplate, templateTrigger, templateWorkflowId } from '../harness/templateRun';
import { loadTemplates } from '../harness/templates';

const TRIGGER = 'GHL Contact Tags Changed';
const template = loadTemplates().find((candidate) => candidate.key === '03')!;
const nodes = template.workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
const node = (name: string) => nodes.find((candidate) => candidate.name === name)!;
const targets = (name: string, output: number) =>
	(template.workflow.connections[name]?.main?.[output] ?? []).map((connection) => connection.node);

describe('template 03: GHL contact tags → Skilljar groups', () => {
	test('its name says what it does, verb first', () => {
		expect(template.workflow.name).toBe('Sync GHL contact tags to Skilljar groups');
	});

	test('each failure names its step and reaches Keep for Retry through one Merge, on the failure row', () => {
		expect(targets('Find Learner', 1)).toEqual(['Failed: Find Learner']);
		expect(targets('Sync Tags to Groups', 1)).toEqual(['Failed: Sync Tags']);
		const failures = nodes.filter((candidate) => candidate.name.startsWith('Failed: '));
		for (const failure of failures) {
			expect(failure.parameters.assignments).toEqual({
				assignments: [expect.objectContaining({ name: 'step', value: '={{ $prevNode.name }}' })],
			});
			expect(targets(failure.name, 0)).toEqual(['Any Failure']);
			// Below the main path, to the right of the node it comes from, so its line runs forward.
			expect(failure.position[1]).toBeGreaterThan(node('Find Learner').position[1] + 100);
		}
		expect(node('Failed: Find Learner').position[0]).toBeGreaterThan(
			node('Find Learner').position[0],
		);
		expect(targets('Any Failure', 0)).toEqual(['Keep for Retry']);
	});

	test('Settings holds choices only; the contact passes through it, so a replay reads it the same way', () => {
		const assignments = (
			node('Settings').parameters.assignments as { assignments: Array<{ name: string }> }
		).assignments;
		expect(assignments.map((assignment) => assignment.name)).toEqual([
			'groupPrefix',
			'createMissingGroups',
		]);
		// Template 12 starts the workflow at When Retried, where the trigger has not run.
		expect(JSON.stringify(nodes.map((candidate) => candidate.parameters))).not.toContain(
			`$('${TRIGGER}')`,
		);
		expect(targets('When Retried', 0)).toEqual(['Settings']);
		expect(node('Find Learner').parameters.email).toBe("={{ $('Settings').item.json.email }}");
		expect(node('Sync Tags to Groups').parameters.tags).toBe("={{ $('Settings').item.json.tags }}");
	});
});

describe('template 03 in the engine: failed contacts kept for template 12, and the run report', () => {
	let ghl: GhlTestBed;
	let skilljar: SkilljarTestBed;
	const READ_ONLY = 'skilljar-read-only';

	beforeAll(async () => {
		ghl = await startGhlTestBed({ rateLimit: { max: 10_000, intervalMs: 10_000 } });
		skilljar = await startSkilljarTestBed();
		shareApiKeyCredential(ghl.credentials, skilljar);
		// A key that may only read, as when someone gave the credential a read-only key.
		ghl.credentials.add({
			id: READ_ONLY,
			name: 'Skilljar read-only key',
			type: 'skilljarApi',
			data: {
				apiKey: skilljar.sandbox.createApiKey({ readOnly: true }),
				domain: skilljar.domain,
				baseUrl: skilljar.sandbox.url,
			},
		});
		store().addGroup({ name: 'GHL: vip' });
		store().addGroup({ name: 'GHL: beta' });
	});
	afterAll(async () => {
		await ghl?.close();
		await skilljar?.close();
	});
	afterEach(() => skilljar.sandbox.setFaults({}));

	const store = () => skilljar.sandbox.store;
	const contact = (firstName: string, email: string | undefined, tags = ['vip', 'beta']) =>
		ghl.sandbox.store.createContact(ghl.locationId, { firstName, lastName: 'Tester', email, tags });
	const learner = (email: string) => store().upsertDomainUser(skilljar.domain, { email }).user;
	const groupsOf = (email: string) => store().groupNamesOf(store().findUserByEmail(email)!.id).sort();
	/** What the template's trigger emits for HighLevel's Contact Tags Changed delivery of `subject`. */
	const emitted = async (subject: Contact) => {
		const delivery = ghl.sandbox.webhooks.send('ContactTagUpdate', subject)[0];
		const received = await templateTrigger(template, ghl.sandbox, ghl.credentials).deliver({
			headers: delivery.headers,
			body: Buffer.from(delivery.body, 'utf8'),
		});
		return received.items;
	};
	const run = async (
		items: INodeExecutionData[],
		options: { dataTables?: TestDataTables; startAt?: string; credentialId?: string } = {},
	) =>
		await runTemplate({
			template,
			items,
			credentials: ghl.credentials,
			credentialIds: {
				skilljarApi: { id: options.credentialId ?? API_KEY_CREDENTIAL_ID, name: 'Skilljar key' },
			},
			dataTables: options.dataTables ?? retryDataTables(),
			startAt: options.startAt,
		});
	const rows = (result: { dataTables: TestDataTables }) => result.dataTables.rows(RETRY_TABLE);

	test('Skilljar down: the contact is kept as waiting; a replay through When Retried syncs its groups; a second replay writes nothing', async () => {
		learner('ada.tags@example.com');
		const ada = contact('Ada', 'ada.tags@example.com');
		const items = await emitted(ada);
		skilljar.sandbox.setFaults({ rate: { status5xx: 1 } });
		const failed = await run(items);
		skilljar.sandbox.setFaults({});

		expect(groupsOf('ada.tags@example.com')).toEqual([]);
		const [row, ...others] = rows(failed);
		expect(others).toEqual([]);
		expect(row).toMatchObject({
			retry_key: `${templateWorkflowId(template)}:${ada.id}`,
			workflow_id: templateWorkflowId(template),
			workflow_name: template.workflow.name,
			item_key: 'ada.tags@example.com',
			contact_id: ada.id,
			step: 'Find Learner',
			error: expect.stringMatching(/^Skilljar answered 50[023]/),
			attempts: 1,
			status: 'waiting',
		});
		expect([500, 502, 503]).toContain(row.http_code);
		expect(JSON.parse(String(row.payload))).toMatchObject(items[0].json);
		expect(failed.items('Run Summary')).toEqual([
			{ synced: 0, skipped: 0, skipReasons: {}, failed: 1, retryAttempt: 0 },
		]);

		const tables = whileReplaying(row);
		const replay = await run(replayItems(row), { dataTables: tables, startAt: 'When Retried' });
		expect(replay.items('Keep for Retry')).toEqual([]);
		expect(replay.items('Run Summary')).toEqual([
			{ synced: 1, skipped: 0, skipReasons: {}, failed: 0, retryAttempt: 1 },
		]);
		expect(groupsOf('ada.tags@example.com')).toEqual(['GHL: beta', 'GHL: vip']);
		expect(rows(replay)).toEqual([expect.objectContaining({ status: 'running', attempts: 1 })]);

		skilljar.sandbox.clearRequests();
		const again = await run(replayItems(row), { dataTables: tables, startAt: 'When Retried' });
		expect(again.items('Synced')).toHaveLength(1);
		expect(writes(skilljar.sandbox)).toEqual([]);
	});

	test('a read-only key: Skilljar refuses (403), the contact is kept as alert, not retryable', async () => {
		learner('lin.tags@example.com');
		const lin = contact('Lin', 'lin.tags@example.com');

		const failed = await run(await emitted(lin), { credentialId: READ_ONLY });

		expect(rows(failed)).toEqual([
			expect.objectContaining({
				contact_id: lin.id,
				step: 'Sync Tags to Groups',
				error: expect.stringMatching(/^Skilljar answered 403/),
				http_code: 403,
				attempts: 1,
				status: 'alert',
			}),
		]);
		expect(groupsOf('lin.tags@example.com')).toEqual([]);
	});

	test('a newer tag change drops the older waiting row of the contact, and only that one', async () => {
		learner('kay.tags@example.com');
		const kay = contact('Kay', 'kay.tags@example.com', ['vip']);
		const tables = retryDataTables();
		tables.insert(RETRY_TABLE, [
			olderWaitingRow(template, kay.id, 'Find Learner'),
			olderWaitingRow(template, 'someone-else', 'Find Learner'),
		]);

		const result = await run(await emitted(kay), { dataTables: tables });

		expect(rows(result)).toEqual([expect.objectContaining({ contact_id: 'someone-else' })]);
		expect(groupsOf('kay.tags@example.com')).toEqual(['GHL: vip']);
	});

	test('a mixed run: the summary counts synced, skipped by reason and failed, and the Executions list gets the counts', async () => {
		learner('mia.tags@example.com');
		const items = [
			...(await emitted(contact('Mia', 'mia.tags@example.com'))),
			...(await emitted(contact('Noor', undefined))),
			...(await emitted(contact('Pia', 'pia.not.yet@example.com'))),
			...(await emitted(contact('Ola', 'ola.tags@example'))),
		];
		const result = await run(items);

		const summary = {
			synced: 1,
			skipped: 2,
			skipReasons: { 'no email': 1, 'not a learner yet': 1 },
			failed: 1,
			retryAttempt: 0,
		};
		expect(result.items('Run Summary')).toEqual([summary]);
		expect(result.items('Save Run Report')).toEqual([summary]);
		expect(result.run.data.resultData.metadata).toEqual({
			synced: '1',
			skipped: '2',
			failed: '1',
			retry_attempt: '0',
		});
		expect(rows(result)).toEqual([
			expect.objectContaining({
				item_key: 'ola.tags@example',
				step: 'Find Learner',
				error: expect.stringContaining('is not a valid email address'),
				http_code: null,
				status: 'alert',
			}),
		]);
	});
});
