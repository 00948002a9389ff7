import type { IDataObject } from 'n8n-workflow';

import { OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';

const SCOPES = ['contacts.readonly', 'contacts.write'];

function storedTokens(bed: GhlTestBed) {
	return bed.credentials.stored(OAUTH_CREDENTIAL_ID).data.oauthTokenData as IDataObject;
}

function refreshRequests(bed: GhlTestBed) {
	return bed.sandbox.requests.filter((request) => request.path === '/oauth/token');
}

describe('OAuth2 access tokens that expire mid-run are refreshed through rotating refresh tokens', () => {
	let bed: GhlTestBed;
	let ids: string[];

	beforeEach(async () => {
		bed = await startGhlTestBed({ oauthScopes: SCOPES, rateLimit: { max: 1000, intervalMs: 10_000 } });
		bed.sandbox.seed({ contacts: 60 });
		ids = bed.sandbox.store.listContacts(bed.locationId).map((contact) => contact.id);
	});
	afterEach(async () => await bed.close());

	test('each refresh spends the newest refresh token, and the new pair is persisted', async () => {
		const first = storedTokens(bed);
		bed.sandbox.configure({ expireAccessTokensEvery: 20 });

		const result = await bed.run(
			{ resource: 'contact', operation: 'get', contactId: '={{ $json.id }}', requestOptions: { concurrency: 4 } },
			{ items: ids.map((id) => ({ id })), auth: 'oauth' },
		);

		expect(result.error('GHL Contacts')).toBeUndefined();
		expect(result.output('GHL Contacts').map((item) => item.json.id)).toEqual(ids);

		// At least two refreshes happened, each with the refresh token the previous one returned.
		const updates = bed.credentials.tokenUpdates.map((update) => update.oauthTokenData as IDataObject);
		expect(updates.length).toBeGreaterThanOrEqual(2);
		const spent = refreshRequests(bed).map((request) => (request.body as IDataObject).refresh_token);
		expect(spent).toEqual([first.refresh_token, ...updates.slice(0, -1).map((update) => update.refresh_token)]);
		expect(refreshRequests(bed).every((request) => request.status === 200)).toBe(true);

		// What n8n would have saved is the newest pair.
		const saved = storedTokens(bed);
		expect(saved.refresh_token).toBe(updates[updates.length - 1].refresh_token);
		expect(saved.access_token).not.toBe(first.access_token);
		// The location id still comes from the token data after refreshes.
		expect(saved.locationId).toBe(bed.locationId);
	});

	test('a second run uses the persisted refresh token, not the spent one', async () => {
		bed.sandbox.expireAccessTokens();
		await bed.run({ resource: 'contact', operation: 'get', contactId: ids[0] }, { auth: 'oauth' });
		const afterFirst = storedTokens(bed);

		bed.sandbox.expireAccessTokens();
		const result = await bed.run({ resource: 'contact', operation: 'get', contactId: ids[1] }, { auth: 'oauth' });

		expect(result.output('GHL Contacts')[0].json.id).toBe(ids[1]);
		const spent = refreshRequests(bed).map((request) => (request.body as IDataObject).refresh_token);
		expect(spent[1]).toBe(afterFirst.refresh_token);
		expect(storedTokens(bed).refresh_token).not.toBe(afterFirst.refresh_token);
	});

	test('a spent refresh token gives an error that tells the user to reconnect', async () => {
		const original = storedTokens(bed);
		bed.sandbox.expireAccessTokens();
		await bed.run({ resource: 'contact', operation: 'get', contactId: ids[0] }, { auth: 'oauth' });
		// Put the spent pair back, as if another n8n instance had refreshed behind our back.
		bed.credentials.stored(OAUTH_CREDENTIAL_ID).data.oauthTokenData = original;
		bed.sandbox.expireAccessTokens();

		const result = await bed.run({ resource: 'contact', operation: 'get', contactId: ids[1] }, { auth: 'oauth' });

		const error = result.error('GHL Contacts');
		expect(error?.message).toMatch(/needs to be reconnected/);
		expect(refreshRequests(bed).at(-1)?.status).toBe(400);
		expect(JSON.stringify(error)).not.toContain(String(original.refresh_token));
	});
});
