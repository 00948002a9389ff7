// The Webhook action of a HighLevel automation: unsigned snake_case payloads, protected by a secret
// in a query parameter or header, normalised to the contact shape with the raw payload kept.
import type { Contact } from '../../sandbox/ghl';
import type { GhlTestBed } from '../harness/ghl';
import { asReceived, automationTrigger, startTriggerBed } from './helpers';

const SECRET = 'k7Qm2vX9pL4sT8wZ1nB6';

describe('GHL Contacts Trigger (automation webhook action)', () => {
	let bed: GhlTestBed;
	let ada: Contact;

	beforeAll(async () => {
		bed = await startTriggerBed();
		const studentId = bed.sandbox.store.addCustomField({ locationId: bed.locationId, name: 'Student ID' });
		ada = bed.sandbox.store.addContact({
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			phone: '+14155550100',
			companyName: 'Analytical Engines',
			postalCode: 'NW1 6XE',
			source: 'web form',
			customFields: [{ id: studentId.id, value: 'S-1815' }],
		});
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const withQuerySecret = { secretLocation: 'query', queryParameterName: 'secret', secret: SECRET };

	test('tags "a, b,c" become a list, snake_case fields the contact shape; the raw payload stays under rawPayload', async () => {
		const delivery = bed.sandbox.webhooks.sendAutomation(ada, {
			tags: 'a, b,c',
			customData: { course: 'spring-cohort' },
			workflow: { id: 'wf-1', name: 'Enrol new students' },
			secret: { query: 'secret', value: SECRET },
		});
		expect(delivery.payload).toMatchObject({ contact_id: ada.id, first_name: 'Ada', tags: 'a, b,c', 'Student ID': 'S-1815' });
		expect(delivery.headers).not.toHaveProperty('x-ghl-signature');

		const result = await automationTrigger(bed, withQuerySecret).deliver(asReceived(delivery));

		expect(result).toMatchObject({ status: 200, started: true });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual({
			id: ada.id,
			locationId: bed.locationId,
			firstName: 'Ada',
			lastName: 'Lovelace',
			name: 'Ada Lovelace',
			email: 'ada@example.com',
			phone: '+14155550100',
			tags: ['a', 'b', 'c'],
			source: 'web form',
			companyName: 'Analytical Engines',
			address1: null,
			city: null,
			state: null,
			postalCode: 'NW1 6XE',
			country: null,
			website: null,
			timezone: null,
			dnd: null,
			dateOfBirth: null,
			assignedTo: null,
			customFields: [],
			dateAdded: ada.dateAdded,
			dateUpdated: null,
			customData: { course: 'spring-cohort' },
			event: {
				type: 'AutomationWebhook',
				source: 'automation',
				webhookId: null,
				timestamp: null,
				workflow: { id: 'wf-1', name: 'Enrol new students' },
			},
			rawPayload: delivery.payload,
		});
		expect(JSON.stringify(result.items[0].json)).not.toContain(SECRET);
	});

	test('the secret in a header', async () => {
		const trigger = automationTrigger(bed, { secretLocation: 'header', headerName: 'X-Webhook-Secret', secret: SECRET });
		const delivery = bed.sandbox.webhooks.sendAutomation(ada, { secret: { header: 'X-Webhook-Secret', value: SECRET } });
		expect(delivery.headers['x-webhook-secret']).toBe(SECRET);
		expect(await trigger.deliver(asReceived(delivery))).toMatchObject({ status: 200, started: true });
	});

	describe('wrong or missing secret: 401, nothing started', () => {
		test.each([
			['no secret at all', undefined],
			['a wrong secret', { query: 'secret', value: 'guess' }],
			['the right secret in another parameter', { query: 'token', value: SECRET }],
			['the right secret with one character more', { query: 'secret', value: `${SECRET}x` }],
		])('query parameter: %s', async (_label, secret) => {
			const delivery = bed.sandbox.webhooks.sendAutomation(ada, { secret });
			const result = await automationTrigger(bed, withQuerySecret).deliver(asReceived(delivery));
			expect(result).toMatchObject({ status: 401, started: false, responseBody: { message: 'Missing or wrong secret' } });
			expect(JSON.stringify(result.responseBody)).not.toContain(SECRET);
		});

		test('header: missing, or wrong', async () => {
			const trigger = automationTrigger(bed, { secretLocation: 'header', headerName: 'X-Webhook-Secret', secret: SECRET });
			const missing = bed.sandbox.webhooks.sendAutomation(ada);
			expect(await trigger.deliver(asReceived(missing))).toMatchObject({ status: 401, started: false });
			const wrong = bed.sandbox.webhooks.sendAutomation(ada, { secret: { header: 'X-Webhook-Secret', value: 'guess' } });
			expect(await trigger.deliver(asReceived(wrong))).toMatchObject({ status: 401, started: false });
		});

		test('a trigger with no secret set accepts nothing', async () => {
			const delivery = bed.sandbox.webhooks.sendAutomation(ada, { secret: { query: 'secret', value: '' } });
			const result = await automationTrigger(bed, { secretLocation: 'query', secret: '' }).deliver(asReceived(delivery));
			expect(result).toMatchObject({ status: 401, started: false });
		});
	});

	test('a trigger whose configured secret is too weak accepts nothing, even with that secret', async () => {
		for (const weak of ['x', 'k7Qm2vX9pL4sT8w']) {
			const delivery = bed.sandbox.webhooks.sendAutomation(ada, { secret: { query: 'secret', value: weak } });
			const result = await automationTrigger(bed, { secretLocation: 'query', secret: weak }).deliver(asReceived(delivery));
			expect(result).toMatchObject({ status: 401, started: false, responseBody: { message: 'The trigger\'s secret is too weak; set at least 16 random letters and digits' } });
		}
	});

	test('with "None", no secret is asked for', async () => {
		const delivery = bed.sandbox.webhooks.sendAutomation(ada);
		expect(await automationTrigger(bed, { secretLocation: 'none' }).deliver(asReceived(delivery))).toMatchObject({ started: true });
	});

	test('an empty or non-JSON body: 400', async () => {
		const trigger = automationTrigger(bed, withQuerySecret);
		const query = { secret: SECRET };
		expect(await trigger.deliver({ query, headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 400, started: false });
		expect(await trigger.deliver({ query, headers: { 'content-type': 'text/plain' }, body: 'contact_id=1' })).toMatchObject({ status: 400, started: false });
	});

	test('location filter', async () => {
		const delivery = bed.sandbox.webhooks.sendAutomation(ada, { secret: { query: 'secret', value: SECRET } });
		const trigger = automationTrigger(bed, { ...withQuerySecret, options: { locationIds: 'SomeOtherLocation001' } });
		expect(await trigger.deliver(asReceived(delivery))).toMatchObject({ status: 200, started: false });
	});

	test('Fetch Full Contact reads GET /contacts/{id} and keeps customData and the raw payload', async () => {
		const delivery = bed.sandbox.webhooks.sendAutomation(ada, { customData: { course: 'spring-cohort' }, secret: { query: 'secret', value: SECRET } });
		const trigger = automationTrigger(bed, { ...withQuerySecret, fetchFullContact: true, authentication: 'privateIntegrationToken' });
		const result = await trigger.deliver(asReceived(delivery));

		expect(bed.sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET /contacts/${ada.id} 200`]);
		expect(result.items[0].json).toMatchObject({
			id: ada.id,
			dnd: false,
			customFields: [{ id: expect.any(String), value: 'S-1815' }],
			dateUpdated: ada.dateUpdated,
			customData: { course: 'spring-cohort' },
			rawPayload: delivery.payload,
		});
	});
});
