// The sandbox's webhook sender: HighLevel-shaped, signed deliveries to subscribed URLs on data
// changes and on demand (duplicated, delayed, tampered, unsigned), and automation-action payloads.
import { verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startGhlSandbox, type GhlSandbox, type WebhookDelivery } from '../../sandbox/ghl';
import { apiClient, type Api } from './ghl-helpers';

interface Received {
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

let sb: GhlSandbox;
let api: Api;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let answerStatus = 200;

beforeAll(async () => {
	sb = await startGhlSandbox({ rateLimit: { max: 10_000 } });
	api = apiClient(sb, sb.createPrivateToken());
	receiver = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
			response.statusCode = answerStatus;
			response.end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
	await sb.close();
	await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
	received.length = 0;
	answerStatus = 200;
	sb.webhooks.clearDeliveries();
	for (const subscription of sb.webhooks.subscriptions) sb.webhooks.unsubscribe(subscription.id);
});

const inspect = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
	const response = await fetch(`${sb.urls.inspect}${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as T };
};

function verifies(keys: { ed25519: string; rsa: string }, headers: IncomingHttpHeaders | Record<string, string>, body: string): { ed25519: boolean; rsa: boolean } {
	const data = Buffer.from(body, 'utf8');
	return {
		ed25519: verify(null, data, keys.ed25519, Buffer.from(String(headers['x-ghl-signature']), 'base64')),
		rsa: verify('sha256', data, keys.rsa, Buffer.from(String(headers['x-wh-signature']), 'base64')),
	};
}

describe('marketplace-app events', () => {
	test('a contact created through the API is posted to the subscribed URL: flat, timestamped, signed both ways', async () => {
		const keys = (await inspect<{ ed25519: string; rsa: string }>('GET', '/webhooks/keys')).body;
		expect(keys.ed25519).toMatch(/^-----BEGIN PUBLIC KEY-----/);
		const subscribed = await inspect<{ subscription: { id: string } }>('POST', '/webhooks/subscriptions', { url: receiverUrl, events: ['ContactCreate', 'ContactTagUpdate'] });
		expect(subscribed.status).toBe(201);

		const created = await api.post<{ contact: { id: string } }>('/contacts/', { locationId: sb.defaultLocationId, firstName: 'Ada', email: 'ada@example.com' });
		await api.post(`/contacts/${created.body.contact.id}/tags`, { tags: ['student'] });
		await api.put(`/contacts/${created.body.contact.id}`, { city: 'London' });
		await sb.webhooks.flush();

		expect(received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual(['ContactCreate', 'ContactTagUpdate']);
		const [create] = received;
		expect(create.url).toBe('/hook');
		expect(create.headers['content-type']).toBe('application/json');
		const body = JSON.parse(create.body) as Record<string, unknown>;
		expect(body).toMatchObject({ type: 'ContactCreate', locationId: sb.defaultLocationId, id: created.body.contact.id, firstName: 'Ada', email: 'ada@example.com', tags: [] });
		expect(body.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		expect(Date.now() - Date.parse(String(body.timestamp))).toBeLessThan(5000);
		expect(verifies(keys, create.headers, create.body)).toEqual({ ed25519: true, rsa: true });

		// Unsubscribed events are still made and kept in the outbox.
		const outbox = (await inspect<{ deliveries: WebhookDelivery[] }>('GET', '/webhooks/deliveries')).body.deliveries;
		expect(outbox.map((d) => d.type)).toEqual(['ContactCreate', 'ContactTagUpdate', 'ContactUpdate']);
		expect(outbox[0].targets).toEqual([{ url: receiverUrl, status: 200 }]);
		expect(outbox[2].targets).toEqual([]);
	});

	test('notes and tasks announce their events; completing a task is TaskComplete; seeding announces nothing', async () => {
		sb.seed({ contacts: 5, tasksPerContact: 1, notesPerContact: 1, appointmentsPerContact: 1 });
		expect(sb.webhooks.deliveries()).toEqual([]);

		const [contact] = sb.store.listContacts(sb.defaultLocationId);
		const note = await api.post<{ note: { id: string } }>(`/contacts/${contact.id}/notes`, { body: 'Hello' });
		await api.del(`/contacts/${contact.id}/notes/${note.body.note.id}`);
		const task = await api.post<{ task: { id: string } }>(`/contacts/${contact.id}/tasks`, { title: 'Call', dueDate: '2026-12-01T09:00:00Z', completed: false });
		await api.put(`/contacts/${contact.id}/tasks/${task.body.task.id}/completed`, { completed: true });
		expect(sb.webhooks.deliveries().map((d) => d.type)).toEqual(['NoteCreate', 'NoteDelete', 'TaskCreate', 'TaskComplete']);
		expect(sb.webhooks.latest('NoteCreate')?.payload).toMatchObject({ locationId: sb.defaultLocationId, contactId: contact.id, body: 'Hello' });
	});

	test('a subscription for one location gets only its events', async () => {
		sb.webhooks.subscribe({ url: receiverUrl, locationId: 'SomeOtherLocation001' });
		sb.store.addContact({ firstName: 'Nobody' });
		await sb.webhooks.flush();
		expect(received).toEqual([]);
	});

	test('on demand: duplicated, delayed and tampered; what the receiver answered is recorded', async () => {
		const keys = sb.webhooks.publicKeys;
		const contact = sb.store.addContact({ firstName: 'Grace', email: 'grace@example.com' });
		answerStatus = 401;
		const sent = await inspect<{ deliveries: WebhookDelivery[] }>('POST', '/webhooks/send', { type: 'ContactUpdate', contactId: contact.id, url: receiverUrl, duplicate: true, delayMs: 600_000 });
		expect(sent.status).toBe(201);
		await sb.webhooks.flush();

		expect(received).toHaveLength(2);
		expect(received[1].body).toBe(received[0].body);
		const body = JSON.parse(received[0].body) as { timestamp: string; webhookId: string };
		expect(Date.now() - Date.parse(body.timestamp)).toBeGreaterThanOrEqual(600_000);
		expect(verifies(keys, received[0].headers, received[0].body)).toEqual({ ed25519: true, rsa: true });
		expect(sb.webhooks.deliveries('ContactUpdate').map((d) => d.targets[0].status)).toEqual([401, 401]);

		const [tampered] = sb.webhooks.send('ContactUpdate', contact, { tamper: true });
		expect(tampered.payload.email).toBe('attacker@example.com');
		expect(verifies(keys, tampered.headers, tampered.body)).toEqual({ ed25519: false, rsa: false });
	});

	test('on demand: unsigned ("N/A" or no header), one scheme only, or a payload as given', async () => {
		const contact = sb.store.addContact({ firstName: 'Alan' });
		expect(sb.webhooks.send('ContactCreate', contact, { signatureValue: 'N/A' })[0].headers).toMatchObject({ 'x-ghl-signature': 'N/A', 'x-wh-signature': 'N/A' });
		expect(Object.keys(sb.webhooks.send('ContactCreate', contact, { signWith: [] })[0].headers)).toEqual(['content-type']);
		expect(Object.keys(sb.webhooks.send('ContactCreate', contact, { signWith: ['rsa'] })[0].headers)).toEqual(['content-type', 'x-wh-signature']);

		const custom = await inspect<{ deliveries: WebhookDelivery[] }>('POST', '/webhooks/send', { type: 'INSTALL', payload: { appId: 'a', locationId: 'l' } });
		expect(custom.body.deliveries[0].payload).toMatchObject({ type: 'INSTALL', appId: 'SandboxMarketplaceApp1', locationId: 'l' });
		const unknown = await inspect<{ message: string }>('POST', '/webhooks/send', { type: 'ContactCreate', contactId: 'nope' });
		expect(unknown.status).toBe(404);
	});

	test("every delivery carries the sandbox's app id (an option); one delivery can carry another app's", async () => {
		const contact = sb.store.addContact({ firstName: 'Grace' });
		expect(sb.webhooks.appId).toBe('SandboxMarketplaceApp1');
		expect(sb.webhooks.send('ContactCreate', contact)[0].payload.appId).toBe('SandboxMarketplaceApp1');
		const other = await inspect<{ deliveries: WebhookDelivery[] }>('POST', '/webhooks/send', { type: 'ContactCreate', contactId: contact.id, appId: 'AnotherApp0001' });
		expect(other.body.deliveries[0].payload.appId).toBe('AnotherApp0001');

		const ownApp = await startGhlSandbox({ appId: '6578278e879ad2646715ba9c' });
		try {
			const created = ownApp.store.createContact(ownApp.defaultLocationId, { firstName: 'Linus' });
			expect(ownApp.webhooks.latest('ContactCreate')?.payload).toMatchObject({ id: created.id, appId: '6578278e879ad2646715ba9c' });
		} finally {
			await ownApp.close();
		}
	});
});

describe('automation "Webhook" action', () => {
	test('snake_case, tags as one string, custom fields by label, no signature; the secret where the user put it', async () => {
		const field = sb.store.addCustomField({ locationId: sb.defaultLocationId, name: 'Student ID' });
		const contact = sb.store.addContact({ firstName: 'Ada', lastName: 'Lovelace', tags: ['a', 'b'], customFields: [{ id: field.id, value: 'S-1' }] });
		const sent = await inspect<{ delivery: WebhookDelivery }>('POST', '/webhooks/automation', {
			contactId: contact.id,
			url: receiverUrl,
			customData: { course: 'spring' },
			secret: { query: 'secret', value: 's3cr3t' },
		});
		expect(sent.status).toBe(201);
		await sb.webhooks.flush();

		expect(received).toHaveLength(1);
		expect(received[0].url).toBe('/hook?secret=s3cr3t');
		expect(received[0].headers).not.toHaveProperty('x-ghl-signature');
		expect(JSON.parse(received[0].body)).toMatchObject({
			contact_id: contact.id,
			first_name: 'Ada',
			last_name: 'Lovelace',
			full_name: 'Ada Lovelace',
			tags: 'a,b',
			'Student ID': 'S-1',
			location: { id: sb.defaultLocationId, name: 'Sandbox Location' },
			workflow: { id: expect.any(String), name: expect.any(String) },
			customData: { course: 'spring' },
		});
	});
});
