// A template of workflows/ run through n8n's engine as n8n runs it once its trigger has fired:
// n8n's own nodes (Set, If, Switch, …) from the cached n8n, ours from the package, the trigger's
// items as the trigger node made them from a service's delivery, and Settings, pickers and
// credentials filled in as a user would.
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { GhlSandbox, WebhookDelivery } from '../../sandbox/ghl';

import type { TestDataTables } from './dataTables';
import {
	PACKAGE,
	registerNodeType,
	retryDataTables,
	runWorkflow,
	type RunResult,
	type TestCredentialsHelper,
	type WorkflowJson,
} from './engine';
import { baseNodeType, NODES_BASE } from './nodesBase';
import type { Template } from './templates';
import { TriggerHarness } from './trigger';

export interface TemplateRunOptions {
	template: Template;
	/** What the template's trigger emitted, e.g. `TriggerHarness.deliver(…).items`. */
	items: INodeExecutionData[];
	credentials: TestCredentialsHelper;
	/** The stored credential that replaces the template's placeholder, by credential type. */
	credentialIds: Record<string, { id: string; name: string }>;
	/** Settings values to set, by name (the others keep the template's defaults). */
	settings?: Record<string, unknown>;
	/** Parameters a user sets in nodes (a course picked from a list), by node name. */
	parameters?: Record<string, Record<string, unknown>>;
	/** The node the run starts at with `items`, e.g. 'When Retried' (default: the service trigger). */
	startAt?: string;
	/** n8n's Data Tables; the template's Data Table nodes are pointed at the table they name (default: a fresh retry table). */
	dataTables?: TestDataTables;
	/** Templates an Execute Workflow node may run, by their `templateWorkflowId`; set up like this one. */
	workflows?: Template[];
}

export interface TemplateRunResult extends RunResult {
	/** The json of every item a node output on `outputIndex` (default 0), over all its runs. */
	items: (nodeName: string, outputIndex?: number) => IDataObject[];
	/** Names of the nodes that ran. */
	ran: () => string[];
}

const isTrigger = (node: INode) =>
	node.type === `${NODES_BASE}.scheduleTrigger` ||
	node.type === `${NODES_BASE}.errorTrigger` ||
	(node.type.startsWith(`${PACKAGE}.`) && node.type.endsWith('Trigger'));

/** What `$workflow.id` says in a template run (and what a retry row's `workflow_id` holds). */
export function templateWorkflowId(template: Template): string {
	return `template-${template.key}`;
}

/**
 * The template's GHL Trigger, active, as a user sets it up against the sandbox: its parameters
 * as shipped, the sandbox app's id as App ID and its test keys in the "replace keys" options.
 */
export function templateTrigger(
	template: Template,
	sandbox: GhlSandbox,
	credentials: TestCredentialsHelper,
): TriggerHarness {
	const node = template.workflow.nodes.find(
		(candidate) => candidate.type === `${PACKAGE}.ghlTrigger`,
	);
	if (!node) throw new Error(`template ${template.key} has no GHL Trigger`);
	const keys = sandbox.webhooks.publicKeys;
	return new TriggerHarness(credentials, {
		type: 'ghlTrigger',
		parameters: {
			...(node.parameters as Record<string, never>),
			appId: sandbox.webhooks.appId,
			options: { ed25519PublicKey: keys.ed25519, rsaPublicKey: keys.rsa },
		},
	});
}

/**
 * A HighLevel delivery as n8n's webhook server hands it to the template's GHL Trigger (the same
 * bytes and headers), then the rest of the template on the items the trigger emitted.
 */
export async function runTemplateOnGhlDelivery(
	options: Omit<TemplateRunOptions, 'items'> & { sandbox: GhlSandbox; delivery: WebhookDelivery },
): Promise<TemplateRunResult> {
	const { sandbox, delivery, ...run } = options;
	const received = await templateTrigger(run.template, sandbox, run.credentials).deliver({
		headers: delivery.headers,
		body: Buffer.from(delivery.body, 'utf8'),
	});
	if (!received.started) {
		throw new Error(
			`the trigger started nothing: ${received.status} ${JSON.stringify(received.responseBody)}`,
		);
	}
	return await runTemplate({ ...run, items: received.items });
}

export async function runTemplate(options: TemplateRunOptions): Promise<TemplateRunResult> {
	const { template } = options;
	const dataTables = options.dataTables ?? retryDataTables();
	const workflow = prepareTemplate(template, options, dataTables);
	const start = options.startAt
		? workflow.nodes.find((node) => node.name === options.startAt)
		: serviceTrigger(template, workflow.nodes);
	if (!start) throw new Error(`template ${template.key} has no node "${options.startAt}"`);
	// The trigger has fired: the run starts from its items, under its name, so the template's
	// `$('<trigger>')` expressions read them.
	Object.assign(start, {
		type: 'test.items',
		typeVersion: 1,
		parameters: { items: JSON.stringify(options.items.map((item) => item.json)) },
		credentials: undefined,
	});
	const workflows = Object.fromEntries(
		(options.workflows ?? []).map((callee) => [
			templateWorkflowId(callee),
			prepareTemplate(
				callee,
				{ ...options, settings: undefined, parameters: undefined },
				dataTables,
			),
		]),
	);

	const result = await runWorkflow(
		{ ...workflow, start: start.name },
		options.credentials,
		undefined,
		undefined,
		{ dataTables, workflows },
	);
	const runData = result.run.data.resultData.runData;
	return {
		...result,
		items: (nodeName, outputIndex = 0) =>
			(runData[nodeName] ?? []).flatMap((run) =>
				(run.data?.main?.[outputIndex] ?? []).map((item) => item.json),
			),
		ran: () => Object.keys(runData),
	};
}

function serviceTrigger(template: Template, nodes: INode[]): INode {
	const triggers = nodes.filter(isTrigger);
	if (triggers.length !== 1)
		throw new Error(`template ${template.key} has ${triggers.length} triggers`);
	return triggers[0];
}

/**
 * A copy of the template as a user sets it up: n8n's node types loaded, credentials, node
 * parameters and Settings filled in, Data Table nodes pointed at the table of that name.
 */
function prepareTemplate(
	template: Template,
	options: Pick<TemplateRunOptions, 'credentialIds' | 'settings' | 'parameters'>,
	dataTables: TestDataTables,
): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(template.workflow)) as typeof template.workflow;
	const nodes = (copy.nodes as unknown as INode[]).filter(
		(node) => node.type !== `${NODES_BASE}.stickyNote`,
	);
	for (const node of nodes) {
		if (node.type.startsWith(`${NODES_BASE}.`)) {
			const nodeType = baseNodeType(node.type.slice(NODES_BASE.length + 1));
			if (!nodeType) throw new Error(`n8n has no node type ${node.type}`);
			registerNodeType(node.type, nodeType);
		}
		for (const type of Object.keys(node.credentials ?? {})) {
			const stored = options.credentialIds[type];
			if (!stored) throw new Error(`no stored credential of type ${type} for ${node.name}`);
			node.credentials![type] = stored;
		}
		Object.assign(node.parameters, options.parameters?.[node.name] ?? {});
		if (node.type === `${NODES_BASE}.dataTable`) pointAtTable(node, dataTables);
		if (node.name === 'Settings') {
			const { assignments } = node.parameters.assignments as {
				assignments: Array<{ name: string; value: unknown }>;
			};
			for (const assignment of assignments)
				if (options.settings && assignment.name in options.settings)
					assignment.value = options.settings[assignment.name];
		}
	}
	return {
		id: templateWorkflowId(template),
		name: copy.name,
		nodes,
		connections: copy.connections as never,
		settings: copy.settings as WorkflowJson['settings'],
	};
}

/** As `npm start` does on import: the table the node names (cachedResultName) by its id. */
function pointAtTable(node: INode, dataTables: TestDataTables): void {
	const locator = node.parameters.dataTableId as
		{ value?: string; cachedResultName?: string } | undefined;
	const name = locator?.cachedResultName;
	if (!locator || !name) throw new Error(`${node.name} names no data table (cachedResultName)`);
	locator.value = dataTables.idOf(name);
}
