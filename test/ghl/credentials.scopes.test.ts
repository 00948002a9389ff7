import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

import { GhlOAuth2Api } from '../../credentials/GhlOAuth2Api.credentials';
import { GhlPrivateIntegrationApi } from '../../credentials/GhlPrivateIntegrationApi.credentials';
import { searchWorkflows } from '../../nodes/GhlContacts/methods/listSearch';
import { SCOPE_OPTIONS } from '../../nodes/GhlContacts/transport/scopes';
import { nodeTypes } from '../harness/engine';
import { TestCredentialsHelper } from '../harness/credentialsHelper';
import { OAUTH_CREDENTIAL_ID, startGhlTestBed } from '../harness/ghl';
import { editorContext } from '../harness/ghlEditor';

const properties = new GhlOAuth2Api().properties;
const option = (displayName: string) => properties.find((property) => property.displayName === displayName) as INodeProperties;

/** The scope the credential asks HighLevel for, resolved as n8n resolves it before connecting. */
async function requestedScope(ticked: ICredentialDataDecryptedObject): Promise<string> {
	const helper = new TestCredentialsHelper(nodeTypes);
	helper.add({ id: 'c', name: 'c', type: 'ghlOAuth2Api', data: { clientId: 'id', clientSecret: 'secret', ...ticked } });
	const data = await helper.getDecrypted({} as never, { id: 'c', name: 'c' }, 'ghlOAuth2Api', 'internal');
	return String(data.scope);
}

describe('GHL OAuth2 credential: each optional scope is an opt-in option', () => {
	test('nothing ticked asks for contacts.readonly only; everything ticked asks for every scope the node uses', async () => {
		expect(await requestedScope({})).toBe('contacts.readonly');
		const all = Object.fromEntries(properties.filter((property) => property.type === 'boolean').map((property) => [property.name, true]));
		expect((await requestedScope(all)).split(' ')).toEqual([
			'contacts.readonly',
			'contacts.write',
			'locations/customFields.readonly',
			'workflows.readonly',
			'campaigns.readonly',
			'users.readonly',
		]);
	});

	test.each(Object.entries(SCOPE_OPTIONS))(
		'%s: the option the errors name ("%s") exists, is off by default, adds only that scope and says to reconnect',
		async (scope, displayName) => {
			const field = option(displayName);
			expect(field).toMatchObject({ type: 'boolean', default: false });
			expect(field.description).toContain(scope);
			expect(field.description).toMatch(/Reconnect after changing it\.$/);
			expect(await requestedScope({ [field.name]: true })).toBe(`contacts.readonly ${scope}`);
		},
	);

	test('a connection made with "Allow Listing Workflows" ticked can list workflows', async () => {
		const scope = await requestedScope({ allowContactWrites: true, allowWorkflowRead: true });
		const bed = await startGhlTestBed({ oauthScopes: scope.split(' ') });
		try {
			bed.sandbox.seed({});
			expect(bed.credentials.stored(OAUTH_CREDENTIAL_ID).data.oauthTokenData).toMatchObject({ scope });
			const { results } = await searchWorkflows.call(editorContext(bed, { resource: 'workflow', operation: 'add' }, 'parameters.workflowId', 'oauth'));
			expect(results.map((result) => result.name)).toContain('Course upsell (published)');
		} finally {
			await bed.close();
		}
	});
});

describe('GHL Private Integration Token credential', () => {
	test("the token's hint lists the scopes to give it, the pickers' included", () => {
		const token = new GhlPrivateIntegrationApi().properties.find((property) => property.name === 'token');
		for (const scope of ['contacts.readonly', 'contacts.write', ...Object.keys(SCOPE_OPTIONS)]) {
			expect(token?.hint).toContain(scope);
		}
	});
});
