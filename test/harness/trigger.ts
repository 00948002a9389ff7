import { parse as parseQueryString } from 'node:querystring';

import { HookContext, PollContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type NodeParameterValueType,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { createAdditionalData, nodeTypes, PACKAGE, type TestCredentialsHelper } from './engine';

/** A request as a service would send it: the raw body is what signatures are computed over. */
export interface Delivery {
	method?: string;
	headers?: Record<string, string>;
	/** Sent as is; objects are JSON-encoded (content type application/json unless given). */
	body?: string | Buffer | object;
	/** Repeated parameters (`?a=1&a=2`) arrive as arrays, as n8n's query parser gives them. */
	query?: Record<string, string | string[]>;
	/** Which of the node's webhooks receives it (default: the first). */
	webhookName?: string;
}

export interface DeliveryResult {
	/** The HTTP status n8n answers the sender with. */
	status: number;
	/** What the node answered itself (noWebhookResponse), or n8n's default answer. */
	responseBody: unknown;
	/** Whether a workflow execution would start. */
	started: boolean;
	/** The items the trigger emits (output 0). */
	items: INodeExecutionData[];
	/** What the node threw, if it did (n8n then answers 500). */
	error?: Error;
	/** False when n8n answered before the node ran (a body it could not parse: 422). */
	reachedNode: boolean;
}

export interface TriggerOptions {
	/** The node's type name without the package prefix, e.g. `ghlContactsTrigger`. */
	type: string;
	parameters: Record<string, NodeParameterValueType>;
	credentials?: INode['credentials'];
	/** `trigger` for an active workflow (default), `manual` for the editor's test run. */
	mode?: WorkflowExecuteMode;
	/**
	 * The workflow's static data as n8n saved it (see `savedStaticData()`): a new harness given the
	 * saved data of another is the same workflow after an n8n restart.
	 */
	staticData?: IDataObject;
}

let harnessCount = 0;

/**
 * An activated trigger as n8n runs it: webhook deliveries through n8n's WebhookContext, polls
 * through its PollContext, and webhook registration through its HookContext, with the
 * workflow's static data kept across calls as n8n keeps it for an active workflow.
 */
export class TriggerHarness {
	readonly workflow: Workflow;

	readonly node: INode;

	private readonly mode: WorkflowExecuteMode;

	constructor(
		private readonly credentials: TestCredentialsHelper,
		options: TriggerOptions,
	) {
		this.mode = options.mode ?? 'trigger';
		this.node = {
			id: 'trigger',
			name: 'Trigger',
			type: `${PACKAGE}.${options.type}`,
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'b3f1c1de-7a64-4c55-9a52-2f1e0d4a9c11',
			parameters: options.parameters as INode['parameters'],
			credentials: options.credentials,
		};
		this.workflow = new Workflow({
			// Each harness is its own workflow in a process of its own: one given another's saved
			// static data is that workflow after an n8n restart, with nothing kept in memory.
			id: `trigger-test-${++harnessCount}`,
			nodes: [this.node],
			connections: {},
			nodeTypes,
			active: this.mode === 'trigger',
			settings: {},
			// A deep copy, as n8n reads saved static data back from the database.
			staticData: options.staticData ? (JSON.parse(JSON.stringify(options.staticData)) as IDataObject) : undefined,
		});
	}

	/** The node's static data, as n8n saves it with the workflow. */
	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	/** The workflow's static data as n8n would save it to the database now (a JSON copy). */
	savedStaticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	private get nodeType() {
		const nodeType = nodeTypes.getByNameAndVersion(this.node.type);
		if (!('description' in nodeType)) throw new Error('Versioned node types are not supported here');
		return nodeType;
	}

	webhookDescription(name?: string): IWebhookDescription {
		const webhooks = this.nodeType.description.webhooks ?? [];
		const description = name ? webhooks.find((webhook) => webhook.name === name) : webhooks[0];
		if (!description) throw new Error(`Node has no webhook ${name ?? ''}`);
		return description;
	}

	private webhookData(name?: string): IWebhookData {
		const webhookDescription = this.webhookDescription(name);
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: 'test',
			webhookDescription,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: createAdditionalData(this.credentials),
			webhookId: this.node.webhookId,
		};
	}

	/** The URL n8n would show for the node's production webhook. */
	webhookUrl(name?: string): string {
		const context = new HookContext(
			this.workflow,
			this.node,
			createAdditionalData(this.credentials),
			this.mode,
			'activate',
			this.webhookData(name),
		);
		return context.getNodeWebhookUrl(this.webhookDescription(name).name) ?? '';
	}

	/** Runs the node's webhook methods as n8n does on activation (checkExists, then create). */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<void> {
		for (const [name, methods] of Object.entries(this.nodeType.webhookMethods ?? {})) {
			const context = new HookContext(
				this.workflow,
				this.node,
				createAdditionalData(this.credentials),
				this.mode,
				activation,
				this.webhookData(name),
			);
			if (!(await methods.checkExists.call(context))) await methods.create.call(context);
		}
	}

	async deactivate(): Promise<void> {
		for (const [name, methods] of Object.entries(this.nodeType.webhookMethods ?? {})) {
			const context = new HookContext(
				this.workflow,
				this.node,
				createAdditionalData(this.credentials),
				this.mode,
				'activate',
				this.webhookData(name),
			);
			await methods.delete.call(context);
		}
	}

	/** Delivers one request to the node's webhook, as n8n's webhook server would. */
	async deliver(delivery: Delivery): Promise<DeliveryResult> {
		const headers: Record<string, string> = {};
		for (const [key, value] of Object.entries(delivery.headers ?? {})) headers[key.toLowerCase()] = value;
		const rawBody =
			delivery.body === undefined
				? Buffer.alloc(0)
				: Buffer.isBuffer(delivery.body)
					? delivery.body
					: Buffer.from(typeof delivery.body === 'string' ? delivery.body : JSON.stringify(delivery.body));
		if (typeof delivery.body === 'object' && !Buffer.isBuffer(delivery.body)) {
			headers['content-type'] ??= 'application/json';
		}
		const parsed = parseBody(rawBody, headers['content-type']);
		if ('failed' in parsed) {
			return { status: 422, responseBody: { code: 422, message: 'Failed to parse request body' }, started: false, items: [], reachedNode: false };
		}
		const body = parsed.body;

		const response = new FakeResponse();
		const request = {
			method: delivery.method ?? 'POST',
			headers,
			body,
			rawBody,
			query: delivery.query ?? {},
			params: {},
			url: '/webhook/test',
		};
		const additionalData = createAdditionalData(this.credentials, {
			httpRequest: request,
			httpResponse: response,
		} as never);
		const context = new WebhookContext(
			this.workflow,
			this.node,
			additionalData,
			this.mode,
			this.webhookData(delivery.webhookName),
			[],
			null,
		);
		let answer: IWebhookResponseData;
		try {
			answer = await this.nodeType.webhook!.call(context);
		} catch (error) {
			// n8n's webhook server answers a failing webhook() with 500 and starts nothing.
			return {
				status: 500,
				responseBody: { message: 'Error in workflow' },
				started: false,
				items: [],
				error: error as Error,
				reachedNode: true,
			};
		}
		const items = answer.workflowData?.[0] ?? [];
		if (answer.noWebhookResponse) {
			return { status: response.statusCode, responseBody: response.body, started: items.length > 0, items, reachedNode: true };
		}
		return {
			status: 200,
			responseBody: answer.webhookResponse ?? { message: 'Workflow was started' },
			started: items.length > 0,
			items,
			reachedNode: true,
		};
	}

	/** Runs one poll as n8n's poll scheduler would; returns what it emitted (null = nothing). */
	async poll(): Promise<INodeExecutionData[] | null> {
		const context = new PollContext(
			this.workflow,
			this.node,
			createAdditionalData(this.credentials),
			this.mode,
			'activate',
		);
		const result = await this.nodeType.poll!.call(context);
		return result?.[0] ?? null;
	}
}

/**
 * What n8n 2.41 does with a webhook request's body before the node sees it. For a node of type
 * version 1, `executeWebhook` (packages/cli/src/webhooks/webhook-helpers.ts, `parseRequestBody`)
 * always calls `parseBody` (packages/cli/src/middlewares/body-parser.ts), which first reads the raw
 * bytes into `req.rawBody` (kept for the node whatever the type), then, by the media type (the
 * content type before `;`, lower-cased; charset default utf-8): `application/json` through
 * `jsonParse(rawBody.toString(charset))` (a plain JSON.parse: a byte-order mark is not stripped);
 * `application/x-www-form-urlencoded` through Node's querystring (maxKeys 1000); `text/plain` as
 * the decoded string. Any of these that throws (bad JSON, a charset Node cannot decode) makes n8n
 * answer 422 "Failed to parse request body" before the node runs. Any other type leaves the body
 * undefined and only `rawBody` reaches the node. XML (`*\/xml`, `*+xml`), which n8n parses with
 * xml2js, is not modelled: the harness refuses it rather than guess.
 */
function parseBody(rawBody: Buffer, contentTypeHeader: string | undefined): { body: unknown } | { failed: true } {
	if (!contentTypeHeader) return { body: undefined };
	const [type, ...parameters] = contentTypeHeader.split(';');
	const mediaType = type.toLowerCase();
	if (mediaType.endsWith('/xml') || mediaType.endsWith('+xml')) {
		throw new Error(`The trigger harness does not model n8n's XML body parser (${mediaType})`);
	}
	if (rawBody.length === 0) return { body: undefined };
	let charset = 'utf-8';
	for (const parameter of parameters) {
		const [name, value = ''] = parameter.split('=');
		if (name.trim().toLowerCase() === 'charset') charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
	}
	try {
		const text = () => rawBody.toString(charset as BufferEncoding);
		if (mediaType === 'application/json') return { body: JSON.parse(text()) as unknown };
		if (mediaType === 'application/x-www-form-urlencoded') {
			return { body: parseQueryString(text(), undefined, undefined, { maxKeys: 1000 }) };
		}
		if (mediaType === 'text/plain') return { body: text() };
	} catch {
		return { failed: true };
	}
	return { body: undefined };
}

/** The parts of Express's response that webhook nodes use. */
class FakeResponse {
	statusCode = 200;

	body: unknown;

	readonly headers: Record<string, string> = {};

	ended = false;

	status(code: number) {
		this.statusCode = code;
		return this;
	}

	setHeader(name: string, value: string) {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	header(name: string, value: string) {
		return this.setHeader(name, value);
	}

	json(body: unknown) {
		this.body = body;
		this.ended = true;
		return this;
	}

	send(body?: unknown) {
		this.body = body;
		this.ended = true;
		return this;
	}

	end(body?: unknown) {
		if (body !== undefined) this.body = body;
		this.ended = true;
		return this;
	}
}
