import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, NodeParameterValueType } from 'n8n-workflow';

import {
	startOchSandbox,
	type OchSandbox,
	type OchSandboxOptions,
} from '../../sandbox/onlinecoursehost';
import {
	nodeTypes,
	PACKAGE,
	runWorkflow,
	singleNodeWorkflow,
	TestCredentialsHelper,
	type RunResult,
} from './engine';
import { TriggerHarness, type DeliveryResult } from './trigger';

export const OCH_CREDENTIAL_ID = 'och-token';
export const OCH_NODE = 'OnlineCourseHost';

export interface OchTestBed {
	sandbox: OchSandbox;
	credentials: TestCredentialsHelper;
	/** The integration token stored in the credential. */
	token: string;
	/** Runs the OnlineCourseHost node once, through n8n's engine, on the given input items. */
	run: (
		parameters: Record<string, NodeParameterValueType>,
		options?: { items?: IDataObject[]; continueOnFail?: boolean },
	) => Promise<RunResult>;
	close: () => Promise<void>;
}

/** An OCH sandbox on a free port with two courses, and a credential pointing at it. */
export async function startOchTestBed(options: OchSandboxOptions = {}): Promise<OchTestBed> {
	const sandbox = await startOchSandbox({
		courses: [
			{ id: 'rkUNIGXTgtrPCz130A2D', course: 'How to win friends' },
			{ id: 'Qm3xV9pLc2WnTb7YhK4s', course: 'Email Marketing Foundations' },
		],
		...options,
	});
	const token = sandbox.createToken('och-test-token-5f1e2d3c4b5a');
	const credentials = new TestCredentialsHelper(nodeTypes);
	credentials.add({
		id: OCH_CREDENTIAL_ID,
		name: 'OCH sandbox',
		type: 'onlineCourseHostApi',
		data: { token, baseUrl: sandbox.url },
	});
	return {
		sandbox,
		credentials,
		token,
		run: async (parameters, runOptions = {}) =>
			await runWorkflow(
				singleNodeWorkflow({
					type: `${PACKAGE}.onlineCourseHost`,
					name: OCH_NODE,
					parameters,
					credentials: { onlineCourseHostApi: { id: OCH_CREDENTIAL_ID, name: 'OCH sandbox' } },
					items: runOptions.items,
					continueOnFail: runOptions.continueOnFail,
				}),
				credentials,
			),
		close: async () => await sandbox.close(),
	};
}

/** A resource-locator value as the editor stores it. */
export function course(value: string, mode: 'id' | 'list' | 'title' = 'id') {
	return { __rl: true, mode, value };
}

/** The OnlineCourseHost Trigger, activated as in an active workflow. */
export function ochTrigger(parameters: Record<string, NodeParameterValueType>): TriggerHarness {
	return new TriggerHarness(new TestCredentialsHelper(nodeTypes), {
		type: 'onlineCourseHostTrigger',
		parameters,
	});
}

export interface WebhookReceiver {
	/** Base URL; OCH would be given `${url}?key=…`. */
	url: string;
	/** What the trigger answered for each request, in arrival order. */
	results: DeliveryResult[];
	close: () => Promise<void>;
}

/**
 * An HTTP endpoint standing in for n8n's webhook server: every request it gets is handed to the
 * trigger harness as n8n would hand it to the node, and answered with the node's answer.
 */
export async function startWebhookReceiver(harness: TriggerHarness): Promise<WebhookReceiver> {
	const results: DeliveryResult[] = [];
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const url = new URL(request.url ?? '/', 'http://127.0.0.1');
			const headers: Record<string, string> = {};
			for (const [key, value] of Object.entries(request.headers))
				if (typeof value === 'string') headers[key] = value;
			harness
				.deliver({
					method: request.method,
					headers,
					body: Buffer.concat(chunks),
					query: Object.fromEntries(url.searchParams),
				})
				.then((result) => {
					results.push(result);
					response.writeHead(result.status, { 'content-type': 'application/json' });
					response.end(JSON.stringify(result.responseBody ?? {}));
				})
				.catch((error: unknown) => {
					response.writeHead(500, { 'content-type': 'application/json' });
					response.end(JSON.stringify({ message: String(error) }));
				});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook`,
		results,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** The API requests the sandbox received. */
export function apiRequests(sandbox: OchSandbox) {
	return sandbox.requests;
}
