
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialTestRequest,
	type ICredentialType,
	type INode,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { GhlPrivateIntegrationApi } from '../../credentials/GhlPrivateIntegrationApi.credentials';
import { OnlineCourseHostApi } from '../../credentials/OnlineCourseHostApi.credentials';
import { SkilljarApi } from '../../credentials/SkilljarApi.credentials';
import { createAdditionalData, nodeTypes, TestCredentialsHelper } from '../harness/engine';
import { startRecordingServer } from '../harness/recordingServer';

/**
 * Runs a credential's `test` request the way n8n's CredentialsTester does: as the routing request
 * of a one-property declarative node, through n8n-core's RoutingNode and request helpers.
 */
async function runCredentialTest(type: ICredentialType & { test: ICredentialTestRequest }, data: ICredentialDataDecryptedObject) {
	const nodeType: INodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Credential test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: type.test.request } }],
		},
	} as INodeType;
	const types: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type.name]: { id: 'cred', name: 'cred' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: types });
	const credentials = new TestCredentialsHelper(nodeTypes);
	credentials.add({ id: 'cred', name: 'cred', type: type.name, data });
	const context = new ExecuteContext(
		workflow,
		node,
		createAdditionalData(credentials),
		'internal',
		createRunExecutionData({ resultData: { runData: {} } }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, { id: 'cred', name: 'cred', type: type.name, data });
	return await routingNode.runNode();
}


describe("the credentials' test requests do not follow redirects", () => {
	const cases: Array<{ name: string; type: ICredentialType & { test: ICredentialTestRequest }; data: ICredentialDataDecryptedObject }> = [
		{ name: 'GHL Private Integration', type: new GhlPrivateIntegrationApi(), data: { token: 'pit-test-secret', locationId: 'Loc1' } },
		{ name: 'Skilljar API key', type: new SkilljarApi(), data: { apiKey: 'skilljar-test-secret', domain: 'academy.example.com' } },
		{ name: 'OnlineCourseHost', type: new OnlineCourseHostApi(), data: { token: 'och-test-secret' } },
	];

	test.each(cases)('$name: a 307 to another origin fails the test, and the other origin receives nothing', async ({ type, data }) => {
		const elsewhere = await startRecordingServer((response) => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{"status":"ok"}');
		});
		const redirector = await startRecordingServer((response) => {
			response.writeHead(307, { location: `${elsewhere.url}/landing` });
			response.end();
		});
		try {
			await expect(runCredentialTest(type, { ...data, baseUrl: redirector.url })).rejects.toMatchObject({
				cause: { response: { status: 307 } },
			});
			expect(redirector.received).toHaveLength(1);
			expect(elsewhere.received).toEqual([]);
		} finally {
			await redirector.close();
			await elsewhere.close();
		}
	});
});
