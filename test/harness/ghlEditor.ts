import { LoadOptionsContext } from 'n8n-core';
import {
	Workflow,
	type INode,
	type INodeParameters,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { nodeTypes, PACKAGE } from './engine';
import { OAUTH_CREDENTIAL_ID, PIT_CREDENTIAL_ID, type GhlTestBed } from './ghl';

/**
 * A load-options context as the editor creates one when a dropdown or "From List" picker of the
 * GHL Contacts node opens: the node's current parameters and its credential.
 */
export function editorContext(
	bed: GhlTestBed,
	parameters: INodeParameters,
	path: string,
	auth: 'pit' | 'oauth' = 'pit',
): LoadOptionsContext {
	const node: INode = {
		id: 'subject',
		name: 'GHL Contacts',
		type: `${PACKAGE}.ghlContacts`,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			authentication: auth === 'oauth' ? 'oAuth2' : 'privateIntegrationToken',
			resource: 'contact',
			...parameters,
		},
		credentials:
			auth === 'oauth'
				? { ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' } }
				: { ghlPrivateIntegrationApi: { id: PIT_CREDENTIAL_ID, name: 'GHL sandbox token' } },
	};
	const workflow = new Workflow({
		id: 'load-options',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: false,
	});
	const additionalData = {
		credentialsHelper: bed.credentials,
		currentNodeParameters: node.parameters,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	return new LoadOptionsContext(workflow, node, additionalData, path);
}
