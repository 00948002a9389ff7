// The harness's Data Tables under n8n's own Data Table node: a wrong fake would hide bugs in the
// templates' retry list, so each operation the templates use is checked through the engine.
import type { IDataObject, NodeParameterValueType } from 'n8n-workflow';

import { RETRY_COLUMNS, RETRY_TABLE, TestDataTables } from './dataTables';
import {
	nodeTypes,
	registerNodeType,
	runWorkflow,
	singleNodeWorkflow,
	TestCredentialsHelper,
} from './engine';
import { baseNodeType } from './nodesBase';

const DATA_TABLE = 'n8n-nodes-base.dataTable';
registerNodeType(DATA_TABLE, baseNodeType('dataTable')!);

const MINUTE = 60_000;
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * MINUTE).toISOString();

type Condition = { keyName: string; condition?: string; keyValue?: unknown };

/** Runs one Data Table node (version 1, as the templates ship it) on `items`. */
async function dataTableNode(
	tables: TestDataTables,
	parameters: Record<string, unknown>,
	items: IDataObject[] = [{}],
) {
	const result = await runWorkflow(
		{
			...singleNodeWorkflow({
				type: DATA_TABLE,
				name: 'Table',
				items,
				parameters: {
					resource: 'row',
					dataTableId: {
						__rl: true,
						mode: 'list',
						value: tables.idOf(RETRY_TABLE),
						cachedResultName: RETRY_TABLE,
					},
					...parameters,
				} as Record<string, NodeParameterValueType>,
			}),
			settings: { executionOrder: 'v1' },
		},
		new TestCredentialsHelper(nodeTypes),
		undefined,
		undefined,
		{ dataTables: tables },
	);
	const error = result.error('Table');
	if (error) throw new Error(`Data Table node failed: ${error.message}`);
	return result.output('Table').map((item) => item.json);
}

const where = (matchType: 'allConditions' | 'anyCondition', ...conditions: Condition[]) => ({
	matchType,
	filters: { conditions },
});

const columns = (value: IDataObject) => ({
	columns: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] },
});

function row(key: string, extra: IDataObject = {}): IDataObject {
	return {
		retry_key: key,
		workflow_id: 'template-01',
		item_key: `${key}@example.com`,
		contact_id: '',
		attempts: 1,
		first_failed_at: at(30),
		last_failed_at: at(30),
		status: 'waiting',
		...extra,
	};
}

describe('the harness Data Tables under n8n’s Data Table node', () => {
	let tables: TestDataTables;
	beforeEach(() => {
		tables = new TestDataTables();
		tables.create(RETRY_TABLE, RETRY_COLUMNS);
	});

	test('insert stores typed cells (dates as instants, numbers from numbers) and answers the row with id', async () => {
		const out = await dataTableNode(
			tables,
			{
				operation: 'insert',
				...columns({
					retry_key: '={{ $json.key }}',
					attempts: '={{ $json.attempts }}',
					last_failed_at: '={{ $json.when }}',
				}),
			},
			[{ key: 'a', attempts: 2, when: '2026-01-02T03:04:05.000Z' }],
		);
		expect(out).toEqual([
			expect.objectContaining({ id: 1, retry_key: 'a', attempts: 2, status: null }),
		]);
		const [stored] = tables.rows(RETRY_TABLE);
		expect(stored.last_failed_at).toEqual(new Date('2026-01-02T03:04:05.000Z'));
		expect(stored.createdAt).toBeInstanceOf(Date);
	});

	test('insert refuses a value of the wrong type, as n8n does', async () => {
		await expect(
			dataTableNode(tables, { operation: 'insert', ...columns({ attempts: 'many' }) }),
		).rejects.toThrow(/does not match column type 'number'/);
		expect(tables.rows(RETRY_TABLE)).toEqual([]);
	});

	test('get filters with eq / neq / lte on dates / isEmpty, all or any conditions, in id order', async () => {
		tables.insert(RETRY_TABLE, [
			row('old', { last_failed_at: at(90) }),
			row('new', { last_failed_at: at(1), contact_id: 'c1' }),
			row('running', { status: 'running', last_failed_at: at(120) }),
			row('alert', { status: 'alert', contact_id: null }),
		]);
		const keys = (rows: IDataObject[]) => rows.map((r) => r.retry_key);

		const due = await dataTableNode(tables, {
			operation: 'get',
			returnAll: true,
			...where(
				'allConditions',
				{ keyName: 'status', condition: 'eq', keyValue: 'waiting' },
				{ keyName: 'last_failed_at', condition: 'lte', keyValue: at(60) },
			),
		});
		expect(keys(due)).toEqual(['old']);
		// n8n version 1 hands out dates as Date objects.
		expect(due[0].last_failed_at).toBeInstanceOf(Date);

		const notWaiting = await dataTableNode(tables, {
			operation: 'get',
			returnAll: true,
			...where('allConditions', { keyName: 'status', condition: 'neq', keyValue: 'waiting' }),
		});
		expect(keys(notWaiting)).toEqual(['running', 'alert']);

		const noContact = await dataTableNode(tables, {
			operation: 'get',
			returnAll: true,
			...where('allConditions', { keyName: 'contact_id', condition: 'isEmpty' }),
		});
		expect(keys(noContact)).toEqual(['old', 'running', 'alert']);

		const either = await dataTableNode(tables, {
			operation: 'get',
			returnAll: true,
			...where(
				'anyCondition',
				{ keyName: 'status', condition: 'eq', keyValue: 'alert' },
				{ keyName: 'retry_key', condition: 'like', keyValue: 'ne%' },
			),
		});
		expect(keys(either)).toEqual(['new', 'alert']);
	});

	test('get sorts and limits as asked', async () => {
		tables.insert(RETRY_TABLE, [
			row('a', { attempts: 2 }),
			row('b', { attempts: 5 }),
			row('c', { attempts: 3 }),
		]);
		const out = await dataTableNode(tables, {
			operation: 'get',
			returnAll: false,
			limit: 2,
			orderBy: true,
			orderByColumn: 'attempts',
			orderByDirection: 'DESC',
		});
		expect(out.map((r) => r.retry_key)).toEqual(['b', 'c']);
	});

	test('upsert updates every matching row, or inserts one when none matches', async () => {
		tables.insert(RETRY_TABLE, [row('a'), row('b')]);
		const upsert = (key: string, attempts: number) =>
			dataTableNode(tables, {
				operation: 'upsert',
				...where('allConditions', { keyName: 'retry_key', condition: 'eq', keyValue: key }),
				...columns({ retry_key: key, attempts, status: 'waiting' }),
			});
		expect(await upsert('a', 4)).toEqual([expect.objectContaining({ id: 1, attempts: 4 })]);
		expect(await upsert('z', 1)).toEqual([expect.objectContaining({ id: 3, retry_key: 'z' })]);
		expect(tables.rows(RETRY_TABLE).map((r) => [r.retry_key, r.attempts])).toEqual([
			['a', 4],
			['b', 1],
			['z', 1],
		]);
	});

	test('update changes only matching rows and sets updatedAt', async () => {
		tables.insert(RETRY_TABLE, [row('a'), row('b')]);
		const before = tables.rows(RETRY_TABLE)[0].updatedAt as Date;
		await new Promise((resolve) => setImmediate(resolve));
		const out = await dataTableNode(tables, {
			operation: 'update',
			...where('allConditions', { keyName: 'retry_key', condition: 'eq', keyValue: 'a' }),
			...columns({ status: 'running' }),
		});
		expect(out).toEqual([expect.objectContaining({ retry_key: 'a', status: 'running' })]);
		const [a, b] = tables.rows(RETRY_TABLE);
		expect([a.status, b.status]).toEqual(['running', 'waiting']);
		expect((a.updatedAt as Date).getTime()).toBeGreaterThanOrEqual(before.getTime());
	});

	test('delete removes the matching rows and answers them', async () => {
		tables.insert(RETRY_TABLE, [
			row('a', { status: 'running' }),
			row('a2'),
			row('b', { status: 'running' }),
		]);
		const out = await dataTableNode(tables, {
			operation: 'deleteRows',
			...where(
				'allConditions',
				{ keyName: 'retry_key', condition: 'eq', keyValue: 'a' },
				{ keyName: 'status', condition: 'eq', keyValue: 'running' },
			),
		});
		expect(out.map((r) => r.retry_key)).toEqual(['a']);
		expect(tables.rows(RETRY_TABLE).map((r) => r.retry_key)).toEqual(['a2', 'b']);
	});

	test('a table id that does not exist fails as in n8n', async () => {
		await expect(
			dataTableNode(tables, {
				operation: 'get',
				dataTableId: { __rl: true, mode: 'id', value: 'nope' },
			}),
		).rejects.toThrow("Data table with ID 'nope' could not be found in this project");
	});
});
