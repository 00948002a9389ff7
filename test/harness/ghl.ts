import type { IDataObject, INodeExecutionData, NodeParameterValueType } from 'n8n-workflow';

import { startGhlSandbox, type GhlSandbox } from '../../sandbox/ghl';
import type { GhlSandboxOptions } from '../../sandbox/ghl';
import { nodeTypes, runWorkflow, singleNodeWorkflow, TestCredentialsHelper, type RunResult } from './engine';

export const PIT_CREDENTIAL_ID = 'ghl-pit';

/**
 * What the sandbox answers for an unknown contact id: HighLevel's spec says 404, its live API has
 * been seen to answer 400. The GHL suite runs once with each (the projects in jest.config.js).
 */
export const UNKNOWN_CONTACT_STATUS: 400 | 404 =
	process.env.GHL_UNKNOWN_CONTACT_STATUS === '404' ? 404 : 400;
export const OAUTH_CREDENTIAL_ID = 'ghl-oauth';

export interface GhlTestBed {
	sandbox: GhlSandbox;
	credentials: TestCredentialsHelper;
	locationId: string;
	/** The Private Integration token stored in the PIT credential. */
	pit: string;
	/** Runs the GHL Contacts node once, through n8n's engine, on the given input items. */
	run: (parameters: Record<string, NodeParameterValueType>, options?: RunOptions) => Promise<RunResult>;
	close: () => Promise<void>;
}

export interface RunOptions {
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Which credential the node uses (default: the Private Integration token). */
	auth?: 'pit' | 'oauth';
}

export interface TestBedOptions extends GhlSandboxOptions {
	/** Scopes of the PIT credential (default: read and write). */
	scopes?: string[];
	/** Also store an OAuth2 credential connected to the sandbox with these scopes. */
	oauthScopes?: string[];
}

/** A GHL sandbox on a free port and credentials pointing at it, as a user would set them up. */
export async function startGhlTestBed(options: TestBedOptions = {}): Promise<GhlTestBed> {
	const { scopes, oauthScopes, ...sandboxOptions } = options;
	const sandbox = await startGhlSandbox({
		latencyMs: 0,
		searchLagMs: 0,
		unknownContactStatus: UNKNOWN_CONTACT_STATUS,
		...sandboxOptions,
	});
	const locationId = sandbox.defaultLocationId;
	const pit = sandbox.createPrivateToken({
		locationId,
		scopes: scopes ?? ['contacts.readonly', 'contacts.write', 'locations/customFields.readonly'],
	});
	const credentials = new TestCredentialsHelper(nodeTypes);
	credentials.add({
		id: PIT_CREDENTIAL_ID,
		name: 'GHL sandbox token',
		type: 'ghlPrivateIntegrationApi',
		data: { token: pit, locationId, baseUrl: sandbox.url },
	});
	if (oauthScopes) {
		const client = sandbox.createOAuthClient({ scopes: oauthScopes });
		const tokens = sandbox.issueOAuthTokens({ clientId: client.clientId, locationId, scopes: oauthScopes });
		credentials.add({
			id: OAUTH_CREDENTIAL_ID,
			name: 'GHL sandbox OAuth2',
			type: 'ghlOAuth2Api',
			data: {
				clientId: client.clientId,
				clientSecret: client.clientSecret,
				accessTokenUrl: sandbox.urls.token,
				baseUrl: sandbox.url,
				allowContactWrites: oauthScopes.includes('contacts.write'),
				oauthTokenData: tokens as unknown as IDataObject,
			},
		});
	}
	return {
		sandbox,
		credentials,
		locationId,
		pit,
		run: async (parameters, runOptions = {}) => {
			const oauth = runOptions.auth === 'oauth';
			const workflow = singleNodeWorkflow({
				parameters: { authentication: oauth ? 'oAuth2' : 'privateIntegrationToken', ...parameters },
				credentials: oauth
					? { ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' } }
					: { ghlPrivateIntegrationApi: { id: PIT_CREDENTIAL_ID, name: 'GHL sandbox token' } },
				items: runOptions.items,
				continueOnFail: runOptions.continueOnFail,
			});
			return await runWorkflow(workflow, credentials);
		},
		close: async () => await sandbox.close(),
	};
}

/** A resource-locator value as the editor stores it for "By ID". */
export function byId(value: string) {
	return { __rl: true, mode: 'id', value };
}

/** The API requests the sandbox received (OAuth and inspection calls left out). */
export function apiRequests(sandbox: GhlSandbox) {
	return sandbox.requests.filter((request) => !request.path.startsWith('/oauth') && !request.path.startsWith('/__sandbox'));
}

/** The input item each output item is paired with, to compare with 0, 1, 2, … */
export function pairedIndexes(items: INodeExecutionData[]): unknown[] {
	return items.map((item) => (item.pairedItem as { item?: number } | undefined)?.item);
}

/** 0, 1, …, count - 1: what pairedIndexes gives for one output item per input item, in order. */
export function inputOrder(count: number): number[] {
	return Array.from({ length: count }, (_, index) => index);
}
