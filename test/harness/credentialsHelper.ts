import { Credentials } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { credentialTypeNamed, parentTypesOf, propertiesOf } from './credentialTypes';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

const mockNode: INode = {
	id: 'credential-resolver',
	name: 'credential-resolver',
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * n8n's credential path for tests: stored data gets the type's defaults and its expressions
 * resolved (`$self`), generic `authenticate` blocks are applied, and refreshed OAuth2 tokens are
 * written back to the store, as n8n writes them to its database.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly store = new Map<string, StoredCredential>();

	/** Every OAuth token write, in order: what n8n would have persisted. */
	readonly tokenUpdates: Array<{ id: string; oauthTokenData: unknown }> = [];

	/** Every write of a preAuthentication result (e.g. a fetched access token), in order. */
	readonly preAuthUpdates: Array<{ id: string; data: ICredentialDataDecryptedObject }> = [];

	constructor(private readonly nodeTypes: INodeTypes) {
		super();
	}

	add(credential: StoredCredential): void {
		this.store.set(credential.id, { ...credential, data: structuredClone(credential.data) });
	}

	stored(id: string): StoredCredential {
		const credential = this.store.get(id);
		if (!credential) throw new Error(`No credential with id ${id}`);
		return credential;
	}

	getParentTypes(name: string): string[] {
		return parentTypesOf(name);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return propertiesOf(type);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.stored(String(nodeCredentials.id));
		const original = structuredClone(stored.data);
		if (raw) return original;
		const withDefaults = NodeHelpers.getNodeParameters(
			propertiesOf(type),
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) withDefaults.oauthTokenData = original.oauthTokenData;
		const workflow = this.resolverWorkflow();
		await workflow.expression.acquireIsolate();
		try {
			return workflow.expression.getComplexParameterValue(
				mockNode,
				withDefaults as INodeParameters,
				mode,
				{},
				undefined,
				undefined,
				withDefaults,
			) as ICredentialDataDecryptedObject;
		} finally {
			await workflow.expression.releaseIsolate();
		}
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = credentialTypeNamed(typeName);
		const options = requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (!authenticate || authenticate.type !== 'generic') return options;
		const resolver = workflow ?? this.resolverWorkflow();
		const resolveNode = node ?? mockNode;
		const resolve = (value: string) =>
			String(
				resolver.expression.getSimpleParameterValue(
					resolveNode,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				) ?? '',
			);
		for (const [target, entries] of Object.entries(authenticate.properties)) {
			const bag = ((options as unknown as Record<string, Record<string, unknown>>)[target] ??= {});
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				bag[resolve(key)] = resolve(value);
			}
		}
		return options;
	}

	/**
	 * As n8n's CredentialsHelper.preAuthentication (packages/cli, 1.123 and 2.x alike): a credential
	 * with an expirable hidden property and a preAuthentication function gets it called when that
	 * property is empty, after a 401 (`credentialsExpired`), and on every credential test (a noOp
	 * node with an empty `temp` parameter); what it returns is stored with the credential.
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypeNamed(typeName);
		const expirable = type.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const testing = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !testing) return undefined;
		const output = (await type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output?.[expirable.name] === undefined || !node.credentials) return undefined;
		const nodeCredentials = node.credentials[typeName];
		const stored = this.stored(String(nodeCredentials.id));
		stored.data = { ...stored.data, ...structuredClone(output) };
		this.preAuthUpdates.push({ id: stored.id, data: structuredClone(output) });
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		// Only n8n's pre-authentication path reads this, and none of our credentials use it;
		// its encrypted form would need an n8n instance key, so it carries no data here.
		const stored = this.stored(String(nodeCredentials.id));
		return new Credentials({ id: stored.id, name: stored.name }, type);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored(String(nodeCredentials.id)).data = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.stored(String(nodeCredentials.id));
		stored.data = { ...stored.data, oauthTokenData: structuredClone(data.oauthTokenData) };
		this.tokenUpdates.push({ id: stored.id, oauthTokenData: structuredClone(data.oauthTokenData) });
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	private resolverWorkflow(): Workflow {
		return new Workflow({ nodes: [mockNode], connections: {}, active: false, nodeTypes: this.nodeTypes });
	}
}
