// What the editor runs besides workflows: dropdowns (load options, list search) and a
// credential's "Test" button, as n8n 2.41 runs it (CredentialsTester.runRequestTest in
// packages/cli): the credential's declarative test request becomes the one routed parameter of a
// stand-in node, run by n8n-core's RoutingNode with the credential's data, and a failure becomes
// the message the editor shows. What n8n does with the error besides (its error reporter logs the
// message and stack of each error in the cause chain; the last branch logs the error at debug
// level) is done here too, so that a secrets test reads it from the log.
import { Container } from '@n8n/di';
import { ErrorReporter, ExecuteContext, LoadOptionsContext, RoutingNode } from 'n8n-core';
import {
	createRunExecutionData,
	LoggerProxy,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialTestRequest,
	type INode,
	type INodeType,
	type INodeParameters,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { credentialTypeNamed } from '../harness/credentialTypes';
import { createAdditionalData, nodeTypes as packageNodeTypes, PACKAGE, type TestCredentialsHelper } from '../harness/engine';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export async function testCredential(credentials: TestCredentialsHelper, id: string): Promise<CredentialTestResult> {
	const stored = credentials.stored(id);
	const test = credentialTypeNamed(stored.type).test as ICredentialTestRequest;
	const nodeType = {
		description: {
			displayName: 'Temp',
			name: 'n8n-nodes-base.noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: stored.type, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	} as unknown as INodeType;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		// n8n tests with its NoOp node: that is how preAuthentication knows it runs for a test.
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [stored.type]: { id: stored.id, name: stored.name } },
	};
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = createAdditionalData(credentials);
	const data = (await credentials.getDecrypted(additionalData, { id: stored.id, name: stored.name }, stored.type, 'internal')) as ICredentialDataDecryptedObject;
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
	const routingNode = new RoutingNode(context, nodeType, { id: stored.id, name: stored.name, type: stored.type, data });
	await workflow.expression.acquireIsolate();
	try {
		const response = await routingNode.runNode();
		for (const rule of test.rules ?? []) {
			if (rule.type !== 'responseSuccessBody') continue;
			const json = response?.[0]?.[0]?.json as Record<string, unknown> | undefined;
			if (json?.[rule.properties.key] === rule.properties.value) return { status: 'Error', message: rule.properties.message };
		}
		return { status: 'OK', message: 'Connection successful!' };
	} catch (error) {
		Container.get(ErrorReporter).error(error);
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === cause.response.status) return { status: 'Error', message: rule.properties.message };
			}
			return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}` };
		}
		if (cause?.code) return { status: 'Error', message: cause.code };
		LoggerProxy.debug('Credential test failed', error as never);
		return { status: 'Error', message: String((error as Error).message) };
	} finally {
		await workflow.expression.releaseIsolate();
	}
}

/** The context the editor gives a node's dropdown (load options or list search) when it opens. */
export function editorContext(
	credentials: TestCredentialsHelper,
	type: string,
	parameters: INodeParameters,
	nodeCredentials: INode['credentials'],
	path: string,
): LoadOptionsContext {
	const node: INode = { id: 'subject', name: 'Subject', type: `${PACKAGE}.${type}`, typeVersion: 1, position: [0, 0], parameters, credentials: nodeCredentials };
	const workflow = new Workflow({ id: 'load-options', nodes: [node], connections: {}, nodeTypes: packageNodeTypes, active: false });
	const additionalData = {
		credentialsHelper: credentials,
		currentNodeParameters: node.parameters,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	return new LoadOptionsContext(workflow, node, additionalData, path);
}
