// How n8n's Merge behaves in the templates' "v1" execution order when each outcome of a run
// (synced, skipped, failed) is one of its inputs and some outcomes get no items: the templates'
// run summary (docs/recovery.md) relies on it running once, with what arrived.
import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { nodeTypes, registerNodeType, runWorkflow, TestCredentialsHelper } from './engine';
import { baseNodeType } from './nodesBase';

for (const type of ['if', 'set', 'merge'])
	registerNodeType(`n8n-nodes-base.${type}`, baseNodeType(type)!);

const node = (
	name: string,
	type: string,
	typeVersion: number,
	position: [number, number],
	parameters: IDataObject,
	extra: Partial<INode> = {},
): INode => ({
	id: name,
	name,
	type: `n8n-nodes-base.${type}`,
	typeVersion,
	position,
	parameters: parameters as INode['parameters'],
	...extra,
});

const is = (value: string) => ({
	conditions: {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
		conditions: [
			{
				id: value,
				leftValue: '={{ $json.k }}',
				rightValue: value,
				operator: { type: 'string', operation: 'equals' },
			},
		],
		combinator: 'and',
	},
	options: {},
});

const outcome = (name: string, value: string, position: [number, number]) =>
	node(name, 'set', 3.4, position, {
		assignments: { assignments: [{ id: name, name: 'outcome', value, type: 'string' }] },
		includeOtherFields: true,
		options: {},
	});

/** Start → Is A? → Synced | Is B? → Skipped | Failed; the three outcomes → Merge → Run Summary. */
async function run(items: IDataObject[]) {
	const nodes: INode[] = [
		node(
			'Start',
			'start',
			1,
			[0, 0],
			{},
			{ type: 'test.items', parameters: { items: JSON.stringify(items) } },
		),
		node('Is A?', 'if', 2.2, [200, 0], is('a')),
		node('Is B?', 'if', 2.2, [400, 200], is('b')),
		outcome('Synced', 'synced', [600, 0]),
		outcome('Skipped', 'skipped', [600, 200]),
		outcome('Failed', 'failed', [600, 400]),
		node('Outcomes', 'merge', 3, [800, 200], { numberInputs: 3 }),
		node(
			'Run Summary',
			'set',
			3.4,
			[1000, 200],
			{
				assignments: {
					assignments: [
						{ id: 'n', name: 'count', value: '={{ $input.all().length }}', type: 'number' },
						{
							id: 'o',
							name: 'outcomes',
							value: "={{ $input.all().map(item => item.json.outcome).join(',') }}",
							type: 'string',
						},
					],
				},
				options: {},
			},
			{ executeOnce: true },
		),
	];
	const to = (target: string, index = 0) => ({ node: target, type: 'main', index });
	const connections: IConnections = {
		Start: { main: [[to('Is A?')]] },
		'Is A?': { main: [[to('Synced')], [to('Is B?')]] },
		'Is B?': { main: [[to('Skipped')], [to('Failed')]] },
		Synced: { main: [[to('Outcomes', 0)]] },
		Skipped: { main: [[to('Outcomes', 1)]] },
		Failed: { main: [[to('Outcomes', 2)]] },
		Outcomes: { main: [[to('Run Summary')]] },
	} as IConnections;
	const result = await runWorkflow(
		{ nodes, connections, settings: { executionOrder: 'v1' } },
		new TestCredentialsHelper(nodeTypes),
	);
	const runData = result.run.data.resultData.runData;
	return {
		mergeRuns: runData.Outcomes?.length ?? 0,
		summaries: (runData['Run Summary'] ?? []).flatMap((run) =>
			run.data!.main[0]!.map((item) => item.json),
		),
	};
}

describe("n8n's Merge with one input per outcome (v1 execution order)", () => {
	test('runs once with every item when some outcomes got none', async () => {
		expect(await run([{ k: 'a' }, { k: 'b' }, { k: 'a' }])).toEqual({
			mergeRuns: 1,
			summaries: [{ count: 3, outcomes: 'synced,synced,skipped' }],
		});
	});

	test('runs once when only the last outcome got items', async () => {
		expect(await run([{ k: 'c' }])).toEqual({
			mergeRuns: 1,
			summaries: [{ count: 1, outcomes: 'failed' }],
		});
	});

	test('runs once when every outcome got items', async () => {
		expect(await run([{ k: 'c' }, { k: 'b' }, { k: 'a' }])).toEqual({
			mergeRuns: 1,
			summaries: [{ count: 3, outcomes: 'synced,skipped,failed' }],
		});
	});
});
