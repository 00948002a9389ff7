// Activation: HighLevel has no API to register a webhook for one location, so activating the GHL Contacts
// Trigger registers nothing; it checks the set-up and refuses one that would reject every delivery.
import { apiRequests, type GhlTestBed } from '../harness/ghl';
import { automationTrigger, marketplaceTrigger, startTriggerBed } from './helpers';

describe('GHL Contacts Trigger: activation checks the set-up and registers nothing', () => {
	let bed: GhlTestBed;

	beforeAll(async () => (bed = await startTriggerBed()));
	afterAll(async () => await bed.close());

	test('a marketplace trigger activates and deactivates without calling HighLevel; its URL is the one to paste', async () => {
		const trigger = marketplaceTrigger(bed, { events: ['ContactCreate', 'ContactTagUpdate'] });
		await expect(trigger.activate()).resolves.toBeUndefined();
		await expect(trigger.deactivate()).resolves.toBeUndefined();
		expect(apiRequests(bed.sandbox)).toEqual([]);
		expect(trigger.webhookUrl()).toBe('http://127.0.0.1/webhook/b3f1c1de-7a64-4c55-9a52-2f1e0d4a9c11/ghl');
	});

	test('a replacement key that is not a PEM key is refused, naming the field', async () => {
		const trigger = marketplaceTrigger(bed, {}, { options: { rsaPublicKey: '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----' } });
		await expect(trigger.activate()).rejects.toThrow('RSA Public Key is not a valid PEM public key');
	});

	test('a key of the wrong type is refused', async () => {
		const trigger = marketplaceTrigger(bed, {}, { options: { ed25519PublicKey: bed.sandbox.webhooks.publicKeys.rsa } });
		await expect(trigger.activate()).rejects.toThrow('Ed25519 Public Key is a rsa key, not ed25519');
	});

	test('no events selected is refused', async () => {
		await expect(marketplaceTrigger(bed, { events: [] }).activate()).rejects.toThrow('Events is empty');
	});

	test('an automation trigger needs its secret unless "None" was chosen', async () => {
		await expect(automationTrigger(bed, { secretLocation: 'query', secret: '' }).activate()).rejects.toThrow('Secret is empty');
		await expect(automationTrigger(bed, { secretLocation: 'header', secret: 'k7Qm2vX9pL4sT8wZ1nB6' }).activate()).resolves.toBeUndefined();
		await expect(automationTrigger(bed, { secretLocation: 'none' }).activate()).resolves.toBeUndefined();
	});

	test.each([
		['one character', 'x'],
		['15 characters', 'k7Qm2vX9pL4sT8w'],
		['16 characters with a space', 'k7Qm2vX9 L4sT8wZ1'],
		['characters a URL would change', 'k7Qm2vX9pL4sT8wZ1n/+='],
	])('an automation secret that is too weak is refused at activation, query or header (%s)', async (_label, secret) => {
		for (const secretLocation of ['query', 'header']) {
			const activation = automationTrigger(bed, { secretLocation, secret }).activate();
			await expect(activation).rejects.toThrow('Secret is too weak or not URL-safe');
		}
	});

	test('16 URL-safe characters are enough, as for the OnlineCourseHost Trigger', async () => {
		await expect(automationTrigger(bed, { secretLocation: 'query', secret: 'k7Qm2vX9pL4sT8w-' }).activate()).resolves.toBeUndefined();
	});
});
