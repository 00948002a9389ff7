// Marketplace-app webhooks that must not start the workflow: forged, replayed, duplicated,
// malformed, or not wanted. Forgeries get 401; what is dropped on purpose gets 200 (HighLevel
// resends only on 429); nothing is ever answered with 5xx.
import { generateKeyPairSync } from 'node:crypto';

import type { Contact } from '../../sandbox/ghl';
import type { GhlTestBed } from '../harness/ghl';
import { asReceived, marketplaceTrigger, startTriggerBed } from './helpers';

describe('GHL Contacts Trigger (marketplace app): deliveries that start nothing', () => {
	let bed: GhlTestBed;
	let ada: Contact;

	beforeAll(async () => {
		bed = await startTriggerBed();
		ada = bed.sandbox.store.addContact({ firstName: 'Ada', email: 'ada@example.com', tags: ['student'] });
	});
	afterAll(async () => await bed.close());

	const send = (options: Parameters<GhlTestBed['sandbox']['webhooks']['send']>[2] = {}, contact = ada) =>
		bed.sandbox.webhooks.send('ContactCreate', contact, options);

	describe('signature: 401', () => {
		test('a tampered body', async () => {
			const [delivery] = send({ tamper: true });
			expect(delivery.payload.email).toBe('attacker@example.com');
			const result = await marketplaceTrigger(bed).deliver(asReceived(delivery));
			expect(result).toMatchObject({ status: 401, started: false, responseBody: { message: 'Invalid signature' } });
		});

		test("signed with another key than the one configured (HighLevel's built-in keys, or a stranger's)", async () => {
			const [delivery] = send();
			const builtIn = marketplaceTrigger(bed, {}, { options: { ed25519PublicKey: '', rsaPublicKey: '' } });
			expect(await builtIn.deliver(asReceived(delivery))).toMatchObject({ status: 401, started: false });

			const stranger = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
			const strangers = marketplaceTrigger(bed, {}, { options: { ed25519PublicKey: stranger } });
			expect(await strangers.deliver(asReceived(delivery))).toMatchObject({ status: 401, started: false });
		});

		test('a wrong RSA signature is not rescued by anything', async () => {
			const [delivery] = send({ signWith: ['rsa'], tamper: true });
			expect(await marketplaceTrigger(bed).deliver(asReceived(delivery))).toMatchObject({ status: 401, started: false });
		});

		test('no signature header', async () => {
			const [delivery] = send({ signWith: [] });
			expect(Object.keys(delivery.headers)).toEqual(['content-type']);
			const result = await marketplaceTrigger(bed).deliver(asReceived(delivery));
			expect(result).toMatchObject({ status: 401, started: false, responseBody: { message: 'The delivery is not signed' } });
		});

		test('"N/A" in both signature headers (HighLevel\'s word for unsigned)', async () => {
			const [delivery] = send({ signatureValue: 'N/A' });
			expect(delivery.headers['x-ghl-signature']).toBe('N/A');
			expect(delivery.headers['x-wh-signature']).toBe('N/A');
			expect(await marketplaceTrigger(bed).deliver(asReceived(delivery))).toMatchObject({ status: 401, started: false });
		});

		test('a signature that is not base64 of anything sensible', async () => {
			const [delivery] = send({ signatureValue: '%%%not-base64%%%' });
			expect(await marketplaceTrigger(bed).deliver(asReceived(delivery))).toMatchObject({ status: 401, started: false });
		});

		test('with verification off, an unsigned delivery is accepted (for tests only)', async () => {
			const [delivery] = send({ signWith: [] });
			const result = await marketplaceTrigger(bed, { verifySignature: false }).deliver(asReceived(delivery));
			expect(result).toMatchObject({ status: 200, started: true });
		});

		test('a replacement key that is not a PEM key fails naming the field (a set-up error, not a delivery)', async () => {
			const [delivery] = send();
			const result = await marketplaceTrigger(bed, {}, { options: { ed25519PublicKey: 'not a key' } }).deliver(asReceived(delivery));
			expect(result).toMatchObject({ status: 500, started: false });
			expect(result.error?.message).toBe('Ed25519 Public Key is not a valid PEM public key');
		});
	});

	describe('replay window on `timestamp`: 401', () => {
		test('a correctly signed delivery from 6 minutes ago (default window 5 minutes)', async () => {
			const [delivery] = send({ delayMs: 6 * 60_000 });
			const result = await marketplaceTrigger(bed).deliver(asReceived(delivery));
			expect(result).toMatchObject({ status: 401, started: false, responseBody: { message: 'The delivery is outside the replay window' } });
		});

		test('the same delivery passes with a 10-minute window, or with the check off', async () => {
			const [delivery] = send({ delayMs: 6 * 60_000 });
			expect(await marketplaceTrigger(bed, {}, { options: { replayWindowSeconds: 600 } }).deliver(asReceived(delivery))).toMatchObject({ started: true });
			const [again] = send({ delayMs: 6 * 60_000 });
			expect(await marketplaceTrigger(bed, {}, { options: { replayWindowSeconds: 0 } }).deliver(asReceived(again))).toMatchObject({ started: true });
		});

		test('a delivery without a timestamp', async () => {
			const body = JSON.stringify({ ...bed.sandbox.webhooks.payloadFor('ContactCreate', ada), webhookId: 'no-timestamp-1' });
			const headers = { 'content-type': 'application/json', 'x-ghl-signature': bed.sandbox.webhooks.signature('ed25519', body) };
			const result = await marketplaceTrigger(bed).deliver({ headers, body: Buffer.from(body) });
			expect(result).toMatchObject({ status: 401, started: false, responseBody: { message: 'The delivery has no valid timestamp' } });
		});
	});

	describe('duplicates by webhookId: 200, started once', () => {
		test('the same delivery twice', async () => {
			const [first, second] = send({ duplicate: true });
			expect(second.webhookId).toBe(first.webhookId);
			const trigger = marketplaceTrigger(bed);
			expect(await trigger.deliver(asReceived(first))).toMatchObject({ status: 200, started: true });
			const repeat = await trigger.deliver(asReceived(second));
			expect(repeat).toMatchObject({ status: 200, started: false, responseBody: { message: 'Duplicate delivery; ignored' } });
		});

		test('also after n8n restarts: the memory is in the static data n8n saves with the workflow', async () => {
			const [first, second] = send({ duplicate: true });
			const before = marketplaceTrigger(bed);
			expect(await before.deliver(asReceived(first))).toMatchObject({ started: true });

			const after = marketplaceTrigger(bed, {}, { staticData: before.savedStaticData() });
			expect(await after.deliver(asReceived(second))).toMatchObject({ status: 200, started: false });
			// A new delivery still starts the restarted trigger.
			const [fresh] = send();
			expect(await after.deliver(asReceived(fresh))).toMatchObject({ started: true });
		});

		/** A genuine delivery with this webhookId, signed now. */
		const numbered = (webhookId: string) => {
			const body = JSON.stringify({ type: 'ContactCreate', id: webhookId, locationId: bed.locationId, appId: bed.sandbox.webhooks.appId, timestamp: new Date().toISOString(), webhookId });
			return { headers: { 'content-type': 'application/json', 'x-ghl-signature': bed.sandbox.webhooks.signature('ed25519', body) }, body: Buffer.from(body) };
		};

		test('more than 1,000 deliveries inside the replay window (a bulk import): a replay of the first is still dropped', async () => {
			const trigger = marketplaceTrigger(bed);
			const first = numbered('bulk-0');
			expect(await trigger.deliver(first)).toMatchObject({ started: true });
			for (let i = 1; i <= 1200; i++) expect((await trigger.deliver(numbered(`bulk-${i}`))).started).toBe(true);

			const replay = await trigger.deliver(first);
			expect(replay).toMatchObject({ status: 200, started: false, responseBody: { message: 'Duplicate delivery; ignored' } });
			expect(Object.keys(trigger.staticData.seenDeliveries as object)).toHaveLength(1201);
		});

		test('when 5,000 ids inside the replay window are held, a new delivery gets 429 (HighLevel retries it) and starts nothing', async () => {
			const trigger = marketplaceTrigger(bed);
			for (let i = 0; i < 5000; i++) expect((await trigger.deliver(numbered(`full-${i}`))).started).toBe(true);

			const refused = await trigger.deliver(numbered('full-5000'));
			expect(refused).toMatchObject({ status: 429, started: false, responseBody: { message: 'Too many deliveries inside the replay window; retry later' } });
			// Not remembered: HighLevel's retry, once there is room, is not taken for a duplicate.
			expect(trigger.staticData.seenDeliveries).not.toHaveProperty('full-5000');
			expect(await trigger.deliver(numbered('full-0'))).toMatchObject({ status: 200, started: false, responseBody: { message: 'Duplicate delivery; ignored' } });
		});
	});

	describe('malformed bodies: 400 (n8n answers 422 first when the body says it is JSON)', () => {
		test('a body that is not JSON although it says so: n8n itself answers 422 before the node', async () => {
			const result = await marketplaceTrigger(bed).deliver({ headers: { 'content-type': 'application/json' }, body: '{"type": "ContactCreate",' });
			expect(result).toMatchObject({ status: 422, started: false });
		});

		test('a correctly signed body that is not JSON', async () => {
			const body = 'type=ContactCreate&id=1';
			const headers = { 'content-type': 'text/plain', 'x-ghl-signature': bed.sandbox.webhooks.signature('ed25519', body) };
			const result = await marketplaceTrigger(bed).deliver({ headers, body });
			expect(result).toMatchObject({ status: 400, started: false, responseBody: { message: 'The request body is not JSON' } });
		});

		test('an empty body: unsigned 401, signed 400', async () => {
			expect(await marketplaceTrigger(bed).deliver({ headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 401, started: false });
			const headers = { 'content-type': 'application/json', 'x-ghl-signature': bed.sandbox.webhooks.signature('ed25519', '') };
			const result = await marketplaceTrigger(bed).deliver({ headers, body: Buffer.alloc(0) });
			expect(result).toMatchObject({ status: 400, started: false, responseBody: { message: 'The request body is empty' } });
		});

		test('JSON that is not an object', async () => {
			const body = '["ContactCreate"]';
			const headers = { 'content-type': 'application/json', 'x-ghl-signature': bed.sandbox.webhooks.signature('ed25519', body) };
			expect(await marketplaceTrigger(bed).deliver({ headers, body })).toMatchObject({ status: 400, started: false });
		});
	});

	describe('not wanted: 200, nothing started', () => {
		test('an event that is not selected', async () => {
			bed.sandbox.store.updateContact(ada.id, { city: 'Paris' });
			const result = await marketplaceTrigger(bed, { events: ['ContactCreate'] }).deliver(asReceived(bed.sandbox.webhooks.latest('ContactUpdate')));
			expect(result).toMatchObject({ status: 200, started: false, responseBody: { message: 'Event not selected; ignored' } });
		});

		test('an event type the trigger does not know (e.g. INSTALL)', async () => {
			const [delivery] = bed.sandbox.webhooks.sendPayload('INSTALL', { appId: 'app', locationId: bed.locationId });
			expect(await marketplaceTrigger(bed).deliver(asReceived(delivery))).toMatchObject({ status: 200, started: false });
		});

		test('location filter: other sub-accounts are ignored, listed ones start', async () => {
			const other = bed.sandbox.addLocation({ id: 'OtherLocation0000001' });
			const stranger = bed.sandbox.store.addContact({ firstName: 'Stranger', locationId: other.id });
			const trigger = marketplaceTrigger(bed, {}, { options: { locationIds: `${bed.locationId}, SomeThirdLocation001` } });

			const ignored = await trigger.deliver(asReceived(bed.sandbox.webhooks.deliveries('ContactCreate').find((d) => d.payload.id === stranger.id)));
			expect(ignored).toMatchObject({ status: 200, started: false, responseBody: { message: 'Location not selected; ignored' } });
			const [ours] = send();
			expect(await trigger.deliver(asReceived(ours))).toMatchObject({ started: true });
		});

		test('tag filter on ContactTagUpdate: only when the contact has one of the tags (any case)', async () => {
			const trigger = () => marketplaceTrigger(bed, { events: ['ContactTagUpdate'], tagFilter: 'VIP, enrolled' });

			bed.sandbox.store.addTags(ada.id, ['newsletter']);
			const withoutWanted = await trigger().deliver(asReceived(bed.sandbox.webhooks.latest('ContactTagUpdate')));
			expect(withoutWanted).toMatchObject({ status: 200, started: false, responseBody: { message: 'No wanted tag; ignored' } });

			bed.sandbox.store.addTags(ada.id, ['Enrolled']);
			const withWanted = await trigger().deliver(asReceived(bed.sandbox.webhooks.latest('ContactTagUpdate')));
			expect(withWanted).toMatchObject({ status: 200, started: true });
			expect(withWanted.items[0].json.tags).toEqual(['student', 'newsletter', 'enrolled']);
		});

		test('the tag filter does not apply to other events', async () => {
			const [delivery] = send();
			const result = await marketplaceTrigger(bed, { events: ['ContactCreate', 'ContactTagUpdate'], tagFilter: 'vip' }).deliver(asReceived(delivery));
			expect(result).toMatchObject({ started: true });
		});
	});
});
