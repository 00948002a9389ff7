import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	NodeHelpers,
	Workflow,
	type ExecuteWorkflowData,
	type ExecuteWorkflowOptions,
	type IConnections,
	type IDataObject,
	type IExecuteWorkflowInfo,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type ITaskData,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	type WorkflowExecuteMode,
	type NodeParameterValueType,
} from 'n8n-workflow';

import { TestCredentialsHelper, type StoredCredential } from './credentialsHelper';
import { RETRY_COLUMNS, RETRY_TABLE, TestDataTables } from './dataTables';
import { packageNodes } from './packageTypes';

export const PACKAGE = 'n8n-nodes-ghl-lms';

/** Emits the items a test gives it: the start node of every engine-run workflow. */
class TestItems implements INodeType {
	description = {
		displayName: 'Test Items',
		name: 'testItems',
		group: ['trigger'],
		version: 1,
		description: 'Start node for engine tests',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions) {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

const registry: Record<string, INodeType | IVersionedNodeType> = {
	...packageNodes(),
	'test.items': new TestItems(),
};

export const nodeTypes: INodeTypes = {
	getByName: (type: string) => registry[type],
	getByNameAndVersion: (type: string, version?: number) =>
		(registry[type] && NodeHelpers.getVersionedNodeType(registry[type], version)) as INodeType,
	getKnownTypes: () => ({}),
};

/** Adds a node type from outside the package (the benchmark's n8n-nodes-base peers). */
export function registerNodeType(type: string, node: INodeType | IVersionedNodeType): void {
	registry[type] = node;
}

export interface WorkflowJson {
	/** What `$workflow.id` says (default "engine-test"). */
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	/** Workflow settings, e.g. `executionOrder: 'v1'` as the templates ship (default: none, v0). */
	settings?: IWorkflowSettings;
	/** The node the run starts from (default "Start"). */
	start?: string;
}

export interface RunOptions {
	/** n8n's Data Tables (default: a fresh set holding the retry table). */
	dataTables?: TestDataTables;
	/** Workflows an Execute Workflow node can run, by id; they start at their Execute Workflow Trigger. */
	workflows?: Record<string, WorkflowJson>;
}

/** A sub-workflow run an Execute Workflow node started. */
export interface SubRun {
	workflowId: string;
	run: IRun;
}

export interface RunResult {
	run: IRun;
	/** The Data Tables the run used, as they are after it. */
	dataTables: TestDataTables;
	/** Sub-workflow runs, in the order they started. */
	subRuns: SubRun[];
	/** Output items of a node's first run, main output 0 (or the given output). */
	output: (nodeName: string, outputIndex?: number) => INodeExecutionData[];
	/** The error a node stopped with, if any. */
	error: (nodeName: string) => ITaskData['error'];
}

/** What n8n hands every node context: credentials, URLs, and stubs for what tests do not use. */
export function createAdditionalData(
	credentials: TestCredentialsHelper,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: credentials,
		executionId: 'engine-test-execution',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		currentNodeParameters: undefined,
		variables: {},
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in engine tests');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in engine tests');
		},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** A fresh set of Data Tables holding the (empty) retry table. */
export function retryDataTables(): TestDataTables {
	const tables = new TestDataTables();
	tables.create(RETRY_TABLE, RETRY_COLUMNS);
	return tables;
}

/**
 * Runs a workflow through n8n's own engine (WorkflowExecute), with our node types and a
 * credentials helper that resolves, authenticates and persists credentials as n8n does.
 */
export async function runWorkflow(
	workflowJson: WorkflowJson,
	credentials: TestCredentialsHelper,
	/** Adds handlers to the execution's lifecycle hooks (e.g. nodeExecuteBefore / After). */
	addHooks?: (hooks: ExecutionLifecycleHooks) => void,
	/** Gets a function that cancels the execution, as the editor's stop button does. */
	onStarted?: (cancel: () => void) => void,
	options: RunOptions = {},
): Promise<RunResult> {
	const dataTables = options.dataTables ?? retryDataTables();
	const subRuns: SubRun[] = [];
	const workflows = options.workflows ?? {};

	// As n8n's WorkflowExecuteAdditionalData.executeWorkflow: the callee starts at its Execute
	// Workflow Trigger with the caller's items; a failed callee throws its error; a finished one
	// answers its last node's output.
	const executeWorkflow = async (
		info: IExecuteWorkflowInfo,
		_additionalData: IWorkflowExecuteAdditionalData,
		callOptions: ExecuteWorkflowOptions,
	): Promise<ExecuteWorkflowData> => {
		const callee = info.id !== undefined ? workflows[info.id] : fromCode(info.code);
		if (!callee) throw new Error(`Workflow does not exist. (${info.id ?? 'no id'})`);
		const trigger = callee.nodes.find(
			(node) => node.type === 'n8n-nodes-base.executeWorkflowTrigger',
		);
		if (!trigger)
			throw new Error(`Workflow ${callee.name ?? info.id} has no Execute Workflow Trigger`);
		const run = await execute(
			{ ...callee, start: trigger.name },
			callOptions.inputData ?? [{ json: {} }],
			'integrated',
		);
		subRuns.push({ workflowId: callee.id ?? String(info.id), run });
		const { error, lastNodeExecuted, runData } = run.data.resultData;
		if (run.status !== 'success' || error) {
			throw Object.assign(new Error(error?.message ?? 'The sub-workflow failed'), {
				description: error?.description,
				workflowId: callee.id,
			});
		}
		const lastRuns = lastNodeExecuted ? (runData[lastNodeExecuted] ?? []) : [];
		const last = lastRuns[lastRuns.length - 1];
		return { executionId: `sub-${subRuns.length}`, data: last?.data?.main ?? [null] };
	};

	const execute = async (
		json: WorkflowJson,
		items: INodeExecutionData[],
		mode: WorkflowExecuteMode,
		onHooks?: (hooks: ExecutionLifecycleHooks) => void,
		onRunning?: (cancel: () => void) => void,
	): Promise<IRun> => {
		const id = json.id ?? 'engine-test';
		const workflow = new Workflow({
			id,
			name: json.name ?? 'engine test',
			nodes: json.nodes,
			connections: json.connections,
			nodeTypes,
			active: false,
			settings: json.settings ?? {},
		});
		const hooks = new ExecutionLifecycleHooks(mode, 'engine-test-execution', {
			id,
			name: json.name ?? 'engine test',
			nodes: json.nodes,
			connections: json.connections,
			settings: json.settings,
			active: false,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
		} as never);
		let resolveFinished: (run: IRun) => void = () => undefined;
		const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));
		onHooks?.(hooks);

		const additionalData = createAdditionalData(credentials, {
			hooks,
			executeWorkflow,
			'data-table': dataTables.provider,
		} as Partial<IWorkflowExecuteAdditionalData>);

		const startName = json.start ?? 'Start';
		const startNode = workflow.getNode(startName);
		if (!startNode) throw new Error(`The workflow has no start node "${startName}"`);
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: startNode, data: { main: [items] }, source: null }],
			},
		});
		const execution = new WorkflowExecute(additionalData, mode, runExecutionData);
		const running = execution.processRunExecutionData(workflow);
		onRunning?.(() => running.cancel());
		// After a cancel this settles once the running node has returned.
		await running;
		return await finished;
	};

	const run = await execute(workflowJson, [{ json: {} }], 'manual', addHooks, onStarted);
	const runData = run.data.resultData.runData;
	return {
		run,
		dataTables,
		subRuns,
		output: (nodeName, outputIndex = 0) => runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
		error: (nodeName) => runData[nodeName]?.[0]?.error,
	};
}

function fromCode(code: IWorkflowBase | undefined): WorkflowJson | undefined {
	return (
		code && {
			id: code.id,
			name: code.name,
			nodes: code.nodes,
			connections: code.connections,
			settings: code.settings,
		}
	);
}

/** A workflow of a start node emitting `items`, connected to one of our nodes. */
export function singleNodeWorkflow(options: {
	type?: string;
	parameters: Record<string, NodeParameterValueType>;
	credentials?: INode['credentials'];
	items?: IDataObject[];
	continueOnFail?: boolean;
	name?: string;
}): WorkflowJson {
	const name = options.name ?? 'GHL Contacts';
	return {
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'test.items',
				typeVersion: 1,
				position: [0, 0],
				parameters: { items: JSON.stringify(options.items ?? [{}]) },
			},
			{
				id: 'subject',
				name,
				type: options.type ?? `${PACKAGE}.ghlContacts`,
				typeVersion: 1,
				position: [200, 0],
				parameters: options.parameters as INode['parameters'],
				credentials: options.credentials,
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { Start: { main: [[{ node: name, type: 'main', index: 0 }]] } },
	};
}

export { TestCredentialsHelper, type StoredCredential };
