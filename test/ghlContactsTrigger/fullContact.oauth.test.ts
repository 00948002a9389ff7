// The GHL Contacts Trigger's Fetch Full Contact with the GHL OAuth2 credential, in trigger mode: an expired
// access token is refreshed during the delivery, and n8n keeps the new pair.
import type { IDataObject } from 'n8n-workflow';

import { OAUTH_CREDENTIAL_ID, type GhlTestBed } from '../harness/ghl';
import { asReceived, marketplaceTrigger, startTriggerBed } from './helpers';

let bed: GhlTestBed;

beforeAll(async () => {
	bed = await startTriggerBed({ oauthScopes: ['contacts.readonly'] });
});
afterAll(async () => await bed.close());

test('a marketplace event is completed from GET /contacts/{id} over OAuth2, refreshing an expired token once', async () => {
	const grace = bed.sandbox.store.addContact({ firstName: 'Grace', email: 'grace@example.com', timezone: 'America/New_York' });
	const trigger = marketplaceTrigger(bed, { events: ['ContactCreate'], fetchFullContact: true, authentication: 'oAuth2' });
	trigger.node.credentials = { ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' } };
	const tokens = () => bed.credentials.stored(OAUTH_CREDENTIAL_ID).data.oauthTokenData as IDataObject;
	const before = tokens();
	bed.sandbox.expireAccessTokens();
	bed.sandbox.clearRequests();

	const result = await trigger.deliver(asReceived(bed.sandbox.webhooks.send('ContactCreate', grace)[0]));

	expect(result).toMatchObject({ status: 200, started: true });
	expect(result.items[0].json).toMatchObject({ id: grace.id, timezone: 'America/New_York' });
	expect(result.items[0].json.fullContactError).toBeUndefined();
	expect(bed.sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
		`GET /contacts/${grace.id} 401`,
		'POST /oauth/token 200',
		`GET /contacts/${grace.id} 200`,
	]);
	expect((bed.sandbox.requests[1].body as IDataObject).refresh_token).toBe(before.refresh_token);
	expect(tokens().access_token).not.toBe(before.access_token);
	expect(tokens().refresh_token).not.toBe(before.refresh_token);

	// The next delivery uses the saved token: no refresh.
	bed.sandbox.clearRequests();
	await trigger.deliver(asReceived(bed.sandbox.webhooks.send('ContactCreate', grace)[0]));
	expect(bed.sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET /contacts/${grace.id} 200`]);
});
