import type { IDataObject, NodeParameterValueType } from 'n8n-workflow';

import {
	startSkilljarSandbox,
	V2_SCOPES,
	type SkilljarSandbox,
	type SkilljarSandboxOptions,
} from '../../sandbox/skilljar';
import {
	nodeTypes,
	PACKAGE,
	runWorkflow,
	singleNodeWorkflow,
	TestCredentialsHelper,
	type RunResult,
} from './engine';

export const API_KEY_CREDENTIAL_ID = 'skilljar-key';
export const OAUTH_CREDENTIAL_ID = 'skilljar-oauth';
export const NODE = 'Skilljar';

/** Which write options the OAuth2 credential has ticked (each adds its scopes to the token request). */
export interface OAuthWrites {
	allowLearnerWrites?: boolean;
	allowEnrollmentWrites?: boolean;
	allowGroupWrites?: boolean;
	allowProfileFieldWrites?: boolean;
}

export const ALL_WRITES: OAuthWrites = {
	allowLearnerWrites: true,
	allowEnrollmentWrites: true,
	allowGroupWrites: true,
	allowProfileFieldWrites: true,
};

export interface SkilljarTestBed {
	sandbox: SkilljarSandbox;
	credentials: TestCredentialsHelper;
	domain: string;
	/** The v1 API key stored in the API-key credential. */
	apiKey: string;
	/** Runs the Skilljar node once, through n8n's engine, on the given input items. */
	run: (
		parameters: Record<string, NodeParameterValueType>,
		options?: RunOptions,
	) => Promise<RunResult>;
	/** Replaces the OAuth2 credential's data, with these write options ticked (its stored token goes too). */
	setOAuthWrites: (writes: OAuthWrites) => void;
	close: () => Promise<void>;
}

export interface RunOptions {
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** v1: the API-key credential (default); v2: the OAuth2 credential. */
	api?: 'v1' | 'v2';
}

export interface TestBedOptions extends SkilljarSandboxOptions {
	/** A read-only v1 key instead of a read-write one. */
	readOnlyKey?: boolean;
	/** Scopes the sandbox lets the OAuth client have (default: all it knows). */
	clientScopes?: string[];
	/** Ticked write options of the OAuth2 credential (default: all). */
	oauthWrites?: OAuthWrites;
}

/** A Skilljar sandbox on a free port and both credentials pointing at it, as a user would set them up. */
export async function startSkilljarTestBed(options: TestBedOptions = {}): Promise<SkilljarTestBed> {
	const { readOnlyKey, clientScopes, oauthWrites, ...sandboxOptions } = options;
	const sandbox = await startSkilljarSandbox({ latencyMs: 0, ...sandboxOptions });
	const apiKey = sandbox.createApiKey({ readOnly: readOnlyKey });
	const client = sandbox.createOAuthClient({ scopes: clientScopes ?? [...V2_SCOPES] });
	const credentials = new TestCredentialsHelper(nodeTypes);
	credentials.add(apiKeyCredential(sandbox, apiKey));
	const setOAuthWrites = (writes: OAuthWrites) =>
		credentials.add({
			id: OAUTH_CREDENTIAL_ID,
			name: 'Skilljar sandbox OAuth2',
			type: 'skilljarOAuth2Api',
			data: {
				clientId: client.clientId,
				clientSecret: client.clientSecret,
				baseUrl: sandbox.url,
				...writes,
			},
		});
	setOAuthWrites(oauthWrites ?? ALL_WRITES);
	return {
		sandbox,
		credentials,
		domain: sandbox.defaultDomain,
		apiKey,
		setOAuthWrites,
		run: async (parameters, runOptions = {}) => {
			const v2 = runOptions.api === 'v2';
			const workflow = singleNodeWorkflow({
				type: `${PACKAGE}.skilljar`,
				name: NODE,
				parameters: { authentication: v2 ? 'oAuth2' : 'apiKey', ...parameters },
				credentials: v2
					? { skilljarOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'Skilljar sandbox OAuth2' } }
					: { skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' } },
				items: runOptions.items,
				continueOnFail: runOptions.continueOnFail,
			});
			return await runWorkflow(workflow, credentials);
		},
		close: async () => await sandbox.close(),
	};
}

/** The stored API-key credential of a test bed's sandbox. */
function apiKeyCredential(sandbox: SkilljarSandbox, apiKey: string) {
	return {
		id: API_KEY_CREDENTIAL_ID,
		name: 'Skilljar sandbox key',
		type: 'skilljarApi',
		data: { apiKey, domain: sandbox.defaultDomain, baseUrl: sandbox.url },
	};
}

/** The test bed's API-key credential in other credentials too, for a template that uses two services. */
export function shareApiKeyCredential(
	credentials: TestCredentialsHelper,
	bed: SkilljarTestBed,
): void {
	credentials.add(apiKeyCredential(bed.sandbox, bed.apiKey));
}

/** A learner locator value as the editor stores it. */
export function byEmail(value: string) {
	return { __rl: true, mode: 'email', value };
}

export function byId(value: string) {
	return { __rl: true, mode: 'id', value };
}

export function groupByName(value: string) {
	return { __rl: true, mode: 'name', value };
}

/** The API requests the sandbox received (token requests left out). */
export function apiRequests(sandbox: SkilljarSandbox) {
	return sandbox.requests.filter((request) => request.path !== '/v2/auth/token');
}

/** Requests that changed something (anything but GET). */
export function writes(sandbox: SkilljarSandbox) {
	return apiRequests(sandbox).filter((request) => request.method !== 'GET');
}

/** Method and path of each API request, in order: what a test compares. */
export function calls(sandbox: SkilljarSandbox): string[] {
	return apiRequests(sandbox).map((request) => `${request.method} ${request.path}`);
}

/** Every output item's json of the node's run. */
export function jsonOf(result: RunResult): IDataObject[] {
	return result.output(NODE).map((item) => item.json);
}
