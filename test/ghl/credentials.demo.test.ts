// The GHL OAuth2 credential `npm start` (and the real-n8n tests) create: every "Allow …" option
// ticked, connected through the sandbox's OAuth flow, so that each picker of the demo loads.
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { GhlOAuth2Api } from '../../credentials/GhlOAuth2Api.credentials';
import { searchCampaigns, searchWorkflows } from '../../nodes/GhlContacts/methods/listSearch';
import { getCustomFields, getUsers } from '../../nodes/GhlContacts/methods/loadOptions';
import { SCOPE_OPTIONS } from '../../nodes/GhlContacts/transport/scopes';
import type { OAuthTokenResponse } from '../../sandbox/ghl';
import { DEMO_GHL_SCOPES, demoGhlApp, demoGhlOAuth2Credential } from '../e2e/templateStack';
import { nodeTypes } from '../harness/engine';
import { TestCredentialsHelper } from '../harness/credentialsHelper';
import { OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { editorContext } from '../harness/ghlEditor';

const REDIRECT = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';

/** The scope n8n asks HighLevel for, resolved from the credential as n8n resolves it. */
async function requestedScope(data: ICredentialDataDecryptedObject): Promise<string> {
	const helper = new TestCredentialsHelper(nodeTypes);
	helper.add({ id: 'c', name: 'c', type: 'ghlOAuth2Api', data });
	const resolved = await helper.getDecrypted({} as never, { id: 'c', name: 'c' }, 'ghlOAuth2Api', 'internal');
	return String(resolved.scope);
}

/** A user's "Connect": the sandbox's consent page approves, n8n exchanges the code at /oauth/token. */
async function connect(bed: GhlTestBed, clientId: string, clientSecret: string, scope: string) {
	const approval = await fetch(bed.sandbox.authorizeUrl({ clientId, redirectUri: REDIRECT, scope }), {
		redirect: 'manual',
	});
	const code = new URL(approval.headers.get('location') ?? '').searchParams.get('code') ?? '';
	const answer = await fetch(bed.sandbox.urls.token, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			client_id: clientId,
			client_secret: clientSecret,
			grant_type: 'authorization_code',
			code,
			user_type: 'Location',
			redirect_uri: REDIRECT,
		}).toString(),
	});
	return (await answer.json()) as OAuthTokenResponse;
}

describe("npm start's GHL OAuth2 credential", () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed({ rateLimit: { max: 10_000, intervalMs: 10_000 } });
		bed.sandbox.seed({});
		bed.sandbox.store.addCustomField({ locationId: bed.locationId, name: 'Lead Score', dataType: 'NUMERICAL' });
	});
	afterAll(async () => await bed.close());

	test('ticks every "Allow …" option of the credential, so it asks for every scope an error can name', async () => {
		const app = demoGhlApp(bed.sandbox, REDIRECT);
		const data = demoGhlOAuth2Credential(bed.sandbox, app);
		for (const property of new GhlOAuth2Api().properties.filter((candidate) => candidate.type === 'boolean'))
			expect(data[property.name]).toBe(true);
		const scope = await requestedScope(data as ICredentialDataDecryptedObject);
		expect(scope.split(' ').sort()).toEqual([...DEMO_GHL_SCOPES].sort());
		expect(DEMO_GHL_SCOPES).toEqual(expect.arrayContaining(Object.keys(SCOPE_OPTIONS)));
	});

	test("connected through the sandbox's OAuth flow, it is granted them all and every picker loads", async () => {
		const app = demoGhlApp(bed.sandbox, REDIRECT);
		const data = demoGhlOAuth2Credential(bed.sandbox, app);
		const tokens = await connect(bed, app.clientId, app.clientSecret, await requestedScope(data as ICredentialDataDecryptedObject));
		expect(tokens.scope.split(' ').sort()).toEqual([...DEMO_GHL_SCOPES].sort());

		bed.credentials.add({
			id: OAUTH_CREDENTIAL_ID,
			name: 'GHL OAuth2 API account',
			type: 'ghlOAuth2Api',
			data: { ...data, oauthTokenData: tokens as unknown as IDataObject },
		});
		const editor = (parameters: Record<string, string>, path: string) =>
			editorContext(bed, parameters, path, 'oauth');
		const fields = await getCustomFields.call(editor({ operation: 'update' }, 'parameters.updateFields.customFields'));
		expect(fields.map((field) => field.name)).toContain('Lead Score');
		const users = await getUsers.call(editor({ resource: 'follower', operation: 'add' }, 'parameters.followers'));
		expect(users.length).toBeGreaterThan(0);
		const workflows = await searchWorkflows.call(editor({ resource: 'workflow', operation: 'add' }, 'parameters.workflowId'));
		expect(workflows.results.map((workflow) => workflow.name)).toContain('Re-engagement (draft)');
		const campaigns = await searchCampaigns.call(editor({ resource: 'campaign', operation: 'add' }, 'parameters.campaignId'));
		expect(campaigns.results.length).toBeGreaterThan(0);
	});
});
