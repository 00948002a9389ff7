import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	NodeHelpers,
	Workflow,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type ITaskData,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type NodeParameterValueType,
} from 'n8n-workflow';

import { TestCredentialsHelper, type StoredCredential } from './credentialsHelper';
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
	nodes: INode[];
	connections: IConnections;
	/** The node the run starts from (default "Start"). */
	start?: string;
}

export interface RunResult {
	run: IRun;
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
): Promise<RunResult> {
	const workflow = new Workflow({
		id: 'engine-test',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		nodeTypes,
		active: false,
		settings: {},
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'engine-test-execution', {
		id: 'engine-test',
		name: 'engine test',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let resolveFinished: (run: IRun) => void = () => undefined;
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));
	addHooks?.(hooks);

	const additionalData = createAdditionalData(credentials, { hooks });

	const startNode = workflow.getNode(workflowJson.start ?? 'Start');
	if (!startNode) throw new Error(`The workflow has no start node "${workflowJson.start ?? 'Start'}"`);
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }] },
	});
	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	const running = execution.processRunExecutionData(workflow);
	onStarted?.(() => running.cancel());
	// After a cancel this settles once the running node has returned.
	await running;
	const run = await finished;
	const runData = run.data.resultData.runData;
	return {
		run,
		output: (nodeName, outputIndex = 0) => runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
		error: (nodeName) => runData[nodeName]?.[0]?.error,
	};
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
