// Template 12 (Retry failed LMS syncs), run through n8n's engine as shipped, on the schedule's
// item: the retry rows are in the harness's Data Table, replays run through n8n's Execute Workflow
// node into a small sync workflow (a fixture with a "When Retried" trigger that tags the contact in
// the GHL sandbox and records its own failures, as the sync templates do), and alerts are tasks
// in the GHL sandbox.
import type { IDataObject } from 'n8n-workflow';

import { RETRY_TABLE, TestDataTables } from '../harness/dataTables';
import { retryDataTables } from '../harness/engine';
import { apiRequests, OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { runTemplate, templateWorkflowId } from '../harness/templateRun';
import { loadTemplates, type Template } from '../harness/templates';

const template = loadTemplates().find((candidate) => candidate.key === '12')!;
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TABLE = { __rl: true, mode: 'list', value: '', cachedResultName: RETRY_TABLE };
const GHL = { ghlOAuth2Api: { id: 'ghl-oauth2-placeholder', name: 'GHL OAuth2 API account' } };

/**
 * A sync workflow as the templates are (docs/recovery.md): "When Retried" takes the replayed item,
 * "Tag Contact" writes, and its error output goes to "Keep for Retry", which records the failure
 * on the row of the same retry key with one more attempt.
 */
const fixture: Template = {
	file: 'fixture-tag-contact.json',
	key: 'fx',
	workflow: {
		name: 'Tag contacts (fixture)',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'when-retried',
				name: 'When Retried',
				type: 'n8n-nodes-base.executeWorkflowTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				parameters: { inputSource: 'passthrough' },
			},
			{
				id: 'tag',
				name: 'Tag Contact',
				type: 'n8n-nodes-ghl-lms.ghlContacts',
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					authentication: 'oAuth2',
					resource: 'tag',
					operation: 'add',
					contactId: { __rl: true, mode: 'id', value: '={{ $json.contactId }}' },
					tags: 'replayed',
				},
				credentials: GHL,
				onError: 'continueErrorOutput',
			},
			{
				id: 'keep',
				name: 'Keep for Retry',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1,
				position: [480, 120],
				parameters: {
					resource: 'row',
					operation: 'upsert',
					dataTableId: TABLE,
					matchType: 'allConditions',
					filters: {
						conditions: [
							{ keyName: 'retry_key', condition: 'eq', keyValue: '={{ $json._retry.retry_key }}' },
						],
					},
					columns: {
						mappingMode: 'defineBelow',
						value: {
							retry_key: '={{ $json._retry.retry_key }}',
							status: "={{ $json.error?.retryable === false ? 'alert' : 'waiting' }}",
							attempts: '={{ ($json._retry.attempts ?? 0) + 1 }}',
							last_failed_at: '={{ $now.toISO() }}',
							step: 'Tag Contact',
							error: '={{ $json.error?.message ?? $json.error }}',
						},
						matchingColumns: [],
						schema: [],
					},
				},
			},
		],
		connections: {
			'When Retried': { main: [[{ node: 'Tag Contact', type: 'main', index: 0 }]] },
			'Tag Contact': { main: [[], [{ node: 'Keep for Retry', type: 'main', index: 0 }]] },
		},
	},
};

describe('template 12: retry failed LMS syncs, in the engine', () => {
	let ghl: GhlTestBed;
	let tables: TestDataTables;

	beforeAll(async () => {
		ghl = await startGhlTestBed({ ...FAST, oauthScopes: ['contacts.readonly', 'contacts.write'] });
	});
	afterAll(async () => await ghl?.close());
	beforeEach(() => {
		tables = retryDataTables();
	});

	const run = async (settings: Record<string, unknown> = {}) =>
		await runTemplate({
			template,
			items: [{ json: {} }],
			credentials: ghl.credentials,
			credentialIds: { ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' } },
			settings,
			dataTables: tables,
			workflows: [fixture],
		});

	const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
	const contact = (email: string) =>
		ghl.sandbox.store.createContact(ghl.locationId, { firstName: 'Ada', email });

	/** A row as a sync workflow records a failed contact. */
	function row(key: string, fields: IDataObject = {}): IDataObject {
		return {
			retry_key: `${templateWorkflowId(fixture)}:${key}`,
			workflow_id: templateWorkflowId(fixture),
			workflow_name: fixture.workflow.name,
			item_key: key,
			contact_id: '',
			step: 'Tag Contact',
			error: 'HighLevel answered 503: Service Unavailable',
			http_code: 503,
			payload: '{}',
			attempts: 1,
			first_failed_at: ago(6 * MINUTE),
			last_failed_at: ago(6 * MINUTE),
			status: 'waiting',
			...fields,
		};
	}
	const rows = () => tables.rows(RETRY_TABLE);
	const byKey = (key: string) => rows().find((candidate) => candidate.item_key === key);

	test('a due row is replayed into its workflow, with the recorded payload and _retry; a replay that works removes it', async () => {
		const ada = contact('ada@example.com');
		tables.insert(RETRY_TABLE, [
			row('ada@example.com', {
				contact_id: ada.id,
				payload: JSON.stringify({ contactId: ada.id, email: 'ada@example.com' }),
			}),
		]);

		const result = await run();

		expect(ghl.sandbox.store.getContact(ada.id)!.tags).toEqual(['replayed']);
		expect(result.subRuns.map((sub) => sub.workflowId)).toEqual([templateWorkflowId(fixture)]);
		const replayed =
			result.subRuns[0].run.data.resultData.runData['When Retried'][0].data!.main[0]![0].json;
		expect(replayed).toEqual({
			contactId: ada.id,
			email: 'ada@example.com',
			_retry: expect.objectContaining({
				retry_key: `${templateWorkflowId(fixture)}:ada@example.com`,
				workflow_id: templateWorkflowId(fixture),
				attempts: 1,
			}),
		});
		expect(rows()).toEqual([]);
		expect(result.items('Run Summary')).toEqual([
			expect.objectContaining({ retried: 1, recovered: 1, waiting: 0, alerted: 0 }),
		]);
		expect(result.run.data.resultData.metadata).toEqual({
			retried: '1',
			recovered: '1',
			waiting: '0',
			alerted: '0',
		});
		expect(result.run.data.resultData.error).toBeUndefined();
	});

	test('a row is due 5, 10, 20 … minutes after its last failure (firstRetryAfterMinutes doubling), a running row after staleReplayAfterMinutes', async () => {
		const ada = contact('due@example.com');
		const payload = JSON.stringify({ contactId: ada.id });
		tables.insert(RETRY_TABLE, [
			row('1st-not-yet', { attempts: 1, last_failed_at: ago(4 * MINUTE), payload }),
			row('1st-due', { attempts: 1, last_failed_at: ago(5 * MINUTE + 5000), payload }),
			row('2nd-not-yet', { attempts: 2, last_failed_at: ago(9 * MINUTE), payload }),
			row('2nd-due', { attempts: 2, last_failed_at: ago(10 * MINUTE + 5000), payload }),
			row('3rd-not-yet', { attempts: 3, last_failed_at: ago(19 * MINUTE), payload }),
			row('3rd-due', { attempts: 3, last_failed_at: ago(20 * MINUTE + 5000), payload }),
			row('running-fresh', { status: 'running', payload }),
			row('running-stale', { status: 'running', payload }),
			row('alerted-long-ago', { status: 'alerted', last_failed_at: ago(HOUR), payload }),
		]);
		const stale = rows().find((candidate) => candidate.item_key === 'running-stale')!;
		tables.setUpdatedAt(RETRY_TABLE, stale.id as number, new Date(Date.now() - 61 * MINUTE));

		const result = await run();

		expect(result.items('Mark Running').map((item) => item.item_key)).toEqual([
			'1st-due',
			'2nd-due',
			'3rd-due',
			'running-stale',
		]);
		// Those worked and are gone; the others are as they were.
		expect(
			rows().map((candidate) => [candidate.item_key, candidate.status, candidate.attempts]),
		).toEqual([
			['1st-not-yet', 'waiting', 1],
			['2nd-not-yet', 'waiting', 2],
			['3rd-not-yet', 'waiting', 3],
			['running-fresh', 'running', 1],
			['alerted-long-ago', 'alerted', 1],
		]);
		expect(result.items('Run Summary')).toEqual([
			expect.objectContaining({ retried: 4, recovered: 4, waiting: 3, alerted: 0 }),
		]);

		// Doubling from a longer first wait.
		tables = retryDataTables();
		tables.insert(RETRY_TABLE, [
			row('15-min', { attempts: 1, last_failed_at: ago(14 * MINUTE), payload }),
			row('30-min', { attempts: 2, last_failed_at: ago(31 * MINUTE), payload }),
		]);
		const longer = await run({ firstRetryAfterMinutes: 15 });
		expect(longer.items('Mark Running').map((item) => item.item_key)).toEqual(['30-min']);
	});

	test('a replay that fails again is kept with one more attempt and its new failure time, so it is not due again at once', async () => {
		tables.insert(RETRY_TABLE, [
			// Its workflow fails as a whole (here: it no longer exists).
			row('gone@example.com', {
				workflow_id: 'deleted-workflow',
				attempts: 2,
				last_failed_at: ago(11 * MINUTE),
			}),
		]);
		const before = Date.now();

		const first = await run();

		expect(first.items('Record Failed Replay')).toHaveLength(1);
		const kept = byKey('gone@example.com')!;
		expect(kept).toMatchObject({ status: 'waiting', attempts: 3, step: 'Replay in Its Workflow' });
		expect(String(kept.error)).toMatch(/Workflow does not exist/);
		expect((kept.last_failed_at as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
		expect(first.items('Run Summary')).toEqual([
			expect.objectContaining({ retried: 1, recovered: 0, waiting: 1, alerted: 0 }),
		]);

		const second = await run();
		expect(second.items('Mark Running')).toEqual([]);
		expect(byKey('gone@example.com')).toMatchObject({ status: 'waiting', attempts: 3 });
	});

	test('a replay that meets a permanent error is recorded "alert" by its workflow and alerted in the same run', async () => {
		tables.insert(RETRY_TABLE, [
			row('lost@example.com', {
				contact_id: '',
				payload: JSON.stringify({ contactId: 'NoSuchContact0000001' }),
			}),
		]);

		const result = await run();

		expect(result.items('Keep for Retry')).toEqual([]); // that node is in the replay, not here
		const sub = result.subRuns[0].run.data.resultData.runData['Keep for Retry'][0].data!.main[0]!;
		expect(sub[0].json).toMatchObject({ status: 'alert', attempts: 2 });
		expect(byKey('lost@example.com')).toMatchObject({ status: 'alerted', attempts: 2 });
		expect(result.items('Run Summary')).toEqual([
			expect.objectContaining({ retried: 1, recovered: 0, alerted: 1 }),
		]);
		expect(result.run.data.resultData.error?.message).toContain('lost@example.com');
	});

	test('spent budgets and permanent failures: one task on each contact, rows alerted, the execution fails naming them; the next run alerts nothing', async () => {
		const grace = contact('grace@example.com');
		const alan = contact('alan@example.com');
		tables.insert(RETRY_TABLE, [
			row('grace@example.com', {
				contact_id: grace.id,
				attempts: 9,
				first_failed_at: ago(25 * HOUR),
				last_failed_at: ago(3 * HOUR),
				payload: JSON.stringify({ contactId: grace.id }),
			}),
			row('alan@example.com', {
				contact_id: alan.id,
				status: 'alert',
				step: 'Enroll in Course',
				error:
					'Skilljar answered 400: email: Enter a valid email address. Fix the value named above and run again.',
				http_code: 400,
			}),
			row('nobody@example.com', { contact_id: '', status: 'alert', step: 'Find Contact' }),
		]);

		ghl.sandbox.clearRequests();
		const result = await run({ alertTaskTitle: 'Sync needs you' });

		// Nothing was replayed: the spent row went to the alerts.
		expect(result.subRuns).toEqual([]);
		expect(ghl.sandbox.store.getContact(grace.id)!.tags).toEqual([]);
		// One task request per contact; none for the row without a contact.
		const taskPosts = apiRequests(ghl.sandbox).filter(
			(request) => request.method === 'POST' && /\/tasks$/.test(request.path),
		);
		expect(taskPosts.map((request) => request.path).sort()).toEqual(
			[`/contacts/${grace.id}/tasks`, `/contacts/${alan.id}/tasks`].sort(),
		);
		const [graceTask] = ghl.sandbox.store.listTasks(grace.id);
		expect(ghl.sandbox.store.listTasks(grace.id)).toHaveLength(1);
		expect(graceTask.title).toBe('Sync needs you: Tag contacts (fixture) — Tag Contact');
		expect(graceTask.body).toContain('grace@example.com');
		expect(graceTask.body).toContain(
			'HighLevel answered 503: Service Unavailable (retried 9 times for 24 h)',
		);
		expect(graceTask.body).toContain('What to do:');
		const [alanTask] = ghl.sandbox.store.listTasks(alan.id);
		expect(ghl.sandbox.store.listTasks(alan.id)).toHaveLength(1);
		expect(alanTask.title).toBe('Sync needs you: Tag contacts (fixture) — Enroll in Course');
		expect(alanTask.body).toContain('Enter a valid email address');

		expect(rows().map((candidate) => [candidate.item_key, candidate.status])).toEqual([
			['grace@example.com', 'alerted'],
			['alan@example.com', 'alerted'],
			['nobody@example.com', 'alerted'],
		]);
		expect(result.items('Run Summary')).toEqual([
			expect.objectContaining({ retried: 0, recovered: 0, waiting: 0, alerted: 3 }),
		]);
		expect(result.run.data.resultData.metadata).toMatchObject({ alerted: '3' });
		// The execution fails with the list: n8n hands that to the Error Workflow (template 13).
		const error = result.run.data.resultData.error;
		expect(result.error('Fail and Tell the Team')?.message).toBe(error?.message);
		expect(error?.message).toMatch(/^3 LMS sync failure\(s\) need a person/);
		for (const key of ['grace@example.com', 'alan@example.com', 'nobody@example.com'])
			expect(error?.message).toContain(key);

		const again = await run({ alertTaskTitle: 'Sync needs you' });
		expect(again.run.data.resultData.error).toBeUndefined();
		expect(again.items('Run Summary')).toEqual([expect.objectContaining({ alerted: 0 })]);
		expect(again.ran()).toContain('Nothing to Alert');
		expect(ghl.sandbox.store.listTasks(grace.id)).toHaveLength(1);
		expect(ghl.sandbox.store.listTasks(alan.id)).toHaveLength(1);
	});

	test('a task HighLevel cannot take puts the row back to alert, untold; the next run tells once. A row another run claimed is left to it', async () => {
		const ada = contact('ada@example.com');
		const bo = contact('bo@example.com');
		tables.insert(RETRY_TABLE, [
			row('ada@example.com', { contact_id: ada.id, status: 'alert', step: 'Enroll in Course', error: 'Skilljar answered 400' }),
			// Claimed a moment ago by an overlapping run of this workflow, which tells about it.
			row('bo@example.com', { contact_id: bo.id, status: 'alerting', step: 'Enroll in Course' }),
		]);

		ghl.sandbox.setFaults({ rate: { status5xx: 1 } });
		const down = await run({});
		ghl.sandbox.setFaults({});
		expect(ghl.sandbox.store.listTasks(ada.id)).toEqual([]);
		expect(rows().map((candidate) => [candidate.item_key, candidate.status])).toEqual([
			['ada@example.com', 'alert'],
			['bo@example.com', 'alerting'],
		]);
		expect(down.items('Run Summary')).toEqual([expect.objectContaining({ alerted: 0 })]);
		expect(down.run.data.resultData.error).toBeUndefined();

		const up = await run({});
		expect(ghl.sandbox.store.listTasks(ada.id)).toHaveLength(1);
		expect(ghl.sandbox.store.listTasks(bo.id)).toEqual([]);
		expect(rows().map((candidate) => [candidate.item_key, candidate.status])).toEqual([
			['ada@example.com', 'alerted'],
			['bo@example.com', 'alerting'],
		]);
		expect(up.items('Run Summary')).toEqual([expect.objectContaining({ alerted: 1 })]);
		expect(up.run.data.resultData.error?.message).toContain('ada@example.com');
		expect(up.run.data.resultData.error?.message).not.toContain('bo@example.com');
	});

	test('an empty retry list: nothing replayed or alerted, a zero report', async () => {
		const result = await run();
		expect(result.items('Run Summary')).toEqual([
			expect.objectContaining({ retried: 0, recovered: 0, waiting: 0, alerted: 0 }),
		]);
		expect(result.run.data.resultData.error).toBeUndefined();
	});
});
