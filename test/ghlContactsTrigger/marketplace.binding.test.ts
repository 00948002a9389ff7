// HighLevel signs every marketplace app's deliveries with the same published key, so a valid
// signature says only "HighLevel sent this". The trigger also needs the delivery to be for the
// user's app (App ID) and about the user's locations, and every delivery to carry a webhookId.
import type { Contact } from '../../sandbox/ghl';
import { OAUTH_CREDENTIAL_ID, type GhlTestBed } from '../harness/ghl';
import { asReceived, marketplaceTrigger, startTriggerBed } from './helpers';

const OAUTH_CREDENTIALS = { ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' } };

describe('GHL Contacts Trigger (marketplace app): bound to one app and its locations', () => {
	let bed: GhlTestBed;
	let ada: Contact;
	let stranger: Contact;

	beforeAll(async () => {
		bed = await startTriggerBed({ oauthScopes: ['contacts.readonly'] });
		ada = bed.sandbox.store.addContact({ firstName: 'Ada', email: 'ada@example.com' });
		const other = bed.sandbox.addLocation({ id: 'OtherLocation0000001' });
		stranger = bed.sandbox.store.addContact({ firstName: 'Stranger', email: 'stranger@example.com', locationId: other.id });
	});
	afterAll(async () => await bed.close());

	describe('App ID', () => {
		test('activation refuses an empty App ID and says where to find it', async () => {
			const activation = marketplaceTrigger(bed, { appId: '' }).activate();
			await expect(activation).rejects.toThrow('App ID is empty');
			await expect(marketplaceTrigger(bed, { appId: '  ' }).activate()).rejects.toMatchObject({
				description: expect.stringContaining('My Apps'),
			});
		});

		test("activation refuses the templates' placeholder and a Client ID pasted instead", async () => {
			await expect(marketplaceTrigger(bed, { appId: 'YOUR_HIGHLEVEL_APP_ID' }).activate()).rejects.toThrow('App ID "YOUR_HIGHLEVEL_APP_ID" is not a HighLevel App ID');
			await expect(marketplaceTrigger(bed, { appId: '6578278e879ad2646715ba9c-lq9ux8x5' }).activate()).rejects.toMatchObject({
				description: expect.stringContaining('Client ID'),
			});
			await expect(marketplaceTrigger(bed, { appId: '6578278e879ad2646715ba9c' }).activate()).resolves.toBeUndefined();
		});

		test("another app's delivery, genuinely signed by HighLevel, is refused with 403 and starts nothing", async () => {
			const [delivery] = bed.sandbox.webhooks.send('ContactCreate', ada, { appId: 'StrangersApp00000001' });
			const result = await marketplaceTrigger(bed).deliver(asReceived(delivery));
			expect(result).toMatchObject({ status: 403, started: false, responseBody: { message: 'The delivery is for another HighLevel app' } });
		});

		test('a delivery that names no app is refused the same way', async () => {
			const [delivery] = bed.sandbox.webhooks.send('ContactCreate', ada, { extra: { appId: undefined } });
			expect(delivery.payload).not.toHaveProperty('appId');
			const result = await marketplaceTrigger(bed).deliver(asReceived(delivery));
			expect(result).toMatchObject({ status: 403, started: false, responseBody: { message: 'The delivery is for another HighLevel app' } });
		});

		test("the user's own app starts the workflow", async () => {
			const [delivery] = bed.sandbox.webhooks.send('ContactCreate', ada);
			expect(await marketplaceTrigger(bed).deliver(asReceived(delivery))).toMatchObject({ status: 200, started: true });
		});

		test('a node without an App ID (saved before it existed, never activated) accepts no delivery', async () => {
			const [delivery] = bed.sandbox.webhooks.send('ContactCreate', ada);
			const result = await marketplaceTrigger(bed, { appId: '' }).deliver(asReceived(delivery));
			expect(result).toMatchObject({ status: 403, started: false, responseBody: { message: 'The trigger has no App ID set' } });
		});
	});

	describe('webhookId', () => {
		test('a signed, fresh delivery without webhookId is refused with 400: it could not be told from its replays', async () => {
			const [delivery] = bed.sandbox.webhooks.send('ContactCreate', ada);
			const withoutId = JSON.stringify({ ...delivery.payload, webhookId: undefined });
			const headers = { 'content-type': 'application/json', 'x-ghl-signature': bed.sandbox.webhooks.signature('ed25519', withoutId) };
			const trigger = marketplaceTrigger(bed);
			const result = await trigger.deliver({ headers, body: Buffer.from(withoutId) });
			expect(result).toMatchObject({ status: 400, started: false, responseBody: { message: 'The delivery has no webhookId' } });
			expect(await trigger.deliver({ headers, body: Buffer.from(withoutId) })).toMatchObject({ status: 400, started: false });
		});

		test('an empty or non-string webhookId is refused too', async () => {
			for (const webhookId of ['', 42]) {
				const body = JSON.stringify({ ...bed.sandbox.webhooks.latest('ContactCreate')?.payload, timestamp: new Date().toISOString(), webhookId });
				const headers = { 'content-type': 'application/json', 'x-ghl-signature': bed.sandbox.webhooks.signature('ed25519', body) };
				expect(await marketplaceTrigger(bed).deliver({ headers, body: Buffer.from(body) })).toMatchObject({ status: 400, started: false });
			}
		});
	});

	describe("locations: the credential's by default, plus Location IDs", () => {
		const strangersDelivery = () => asReceived(bed.sandbox.webhooks.send('ContactCreate', stranger)[0]);
		const adasDelivery = () => asReceived(bed.sandbox.webhooks.send('ContactCreate', ada)[0]);

		test("with a Private Integration credential: only its location; another location of the app is ignored (200)", async () => {
			const trigger = marketplaceTrigger(bed, { fetchFullContact: true });
			expect(await trigger.deliver(strangersDelivery())).toMatchObject({ status: 200, started: false, responseBody: { message: 'Location not selected; ignored' } });
			expect(await trigger.deliver(adasDelivery())).toMatchObject({ status: 200, started: true });
		});

		test("with an OAuth2 credential: the location n8n stored with the token", async () => {
			const trigger = marketplaceTrigger(bed, { fetchFullContact: true, authentication: 'oAuth2' }, { credentials: OAUTH_CREDENTIALS });
			expect(await trigger.deliver(strangersDelivery())).toMatchObject({ status: 200, started: false, responseBody: { message: 'Location not selected; ignored' } });
			const started = await trigger.deliver(adasDelivery());
			expect(started).toMatchObject({ status: 200, started: true });
			expect(started.items[0].json).toMatchObject({ firstName: 'Ada', locationId: bed.locationId });
		});

		test("Location IDs adds locations to the credential's", async () => {
			const trigger = marketplaceTrigger(bed, { fetchFullContact: true }, { options: { locationIds: stranger.locationId } });
			expect(await trigger.deliver(strangersDelivery())).toMatchObject({ status: 200, started: true });
			expect(await trigger.deliver(adasDelivery())).toMatchObject({ status: 200, started: true });
		});

		test('without a credential and without Location IDs, every location of the app is accepted (as the hint says)', async () => {
			const trigger = marketplaceTrigger(bed);
			expect(await trigger.deliver(strangersDelivery())).toMatchObject({ status: 200, started: true });
		});
	});
});

describe('GHL Contacts Trigger (marketplace app): the legacy RSA signature', () => {
	let bed: GhlTestBed;
	let ada: Contact;

	beforeAll(async () => {
		bed = await startTriggerBed();
		ada = bed.sandbox.store.addContact({ firstName: 'Ada', email: 'ada@example.com' });
	});
	afterAll(async () => await bed.close());

	test('by default an RSA-only delivery (X-WH-Signature) is accepted', async () => {
		const [delivery] = bed.sandbox.webhooks.send('ContactCreate', ada, { signWith: ['rsa'] });
		expect(await marketplaceTrigger(bed).deliver(asReceived(delivery))).toMatchObject({ status: 200, started: true });
	});

	test('with "Refuse Legacy RSA Signatures" it is refused with 401', async () => {
		const [delivery] = bed.sandbox.webhooks.send('ContactCreate', ada, { signWith: ['rsa'] });
		const result = await marketplaceTrigger(bed, {}, { options: { refuseLegacyRsa: true } }).deliver(asReceived(delivery));
		expect(result).toMatchObject({ status: 401, started: false, responseBody: { message: 'Only the legacy X-WH-Signature was sent; this trigger requires X-GHL-Signature' } });
	});

	test('with the option on, a delivery signed both ways still starts (X-GHL-Signature is checked)', async () => {
		const [delivery] = bed.sandbox.webhooks.send('ContactCreate', ada);
		expect(await marketplaceTrigger(bed, {}, { options: { refuseLegacyRsa: true } }).deliver(asReceived(delivery))).toMatchObject({ status: 200, started: true });
	});

	test('never falls back to RSA when X-GHL-Signature is present: a wrong Ed25519 signature beside a genuine RSA one is refused', async () => {
		const [delivery] = bed.sandbox.webhooks.send('ContactCreate', ada);
		const headers = { ...delivery.headers, 'x-ghl-signature': Buffer.alloc(64, 7).toString('base64') };
		const result = await marketplaceTrigger(bed).deliver({ headers, body: Buffer.from(delivery.body) });
		expect(result).toMatchObject({ status: 401, started: false, responseBody: { message: 'Invalid signature' } });
	});
});
