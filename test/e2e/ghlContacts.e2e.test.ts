import { startGhlSandbox, type GhlSandbox } from '../../sandbox/ghl';
import { n8nBin, N8nInstance, packPackage } from './n8nInstance';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('GHL Contacts inside a real n8n', () => {
	let n8n: N8nInstance;
	let sandbox: GhlSandbox;

	beforeAll(async () => {
		const bin = n8nBin();
		const tarball = packPackage(mkdtempSync(join(tmpdir(), 'ghl-lms-pack-')));
		sandbox = await startGhlSandbox({ port: 0 });
		n8n = await N8nInstance.start({ bin, tarball });
		await n8n.setupOwner();
	});
	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	test('the installed package loads, and a webhook workflow upserts a contact with a Private Integration token', async () => {
		const token = sandbox.createPrivateToken({ scopes: ['contacts.readonly', 'contacts.write'] });
		const credentialId = await n8n.createCredential('GHL sandbox', 'ghlPrivateIntegrationApi', {
			token,
			locationId: sandbox.defaultLocationId,
			baseUrl: sandbox.url,
		});
		const workflow = await n8n.createWorkflow({
			name: 'e2e: webhook → upsert contact',
			nodes: [
				{
					id: 'hook',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: 'e2e-upsert',
					parameters: { httpMethod: 'POST', path: 'e2e-upsert', responseMode: 'lastNode' },
				},
				{
					id: 'ghl',
					name: 'GHL Contacts',
					type: 'n8n-nodes-ghl-lms.ghlContacts',
					typeVersion: 1,
					position: [200, 0],
					parameters: {
						resource: 'contact',
						operation: 'upsert',
						contactFields: { email: '={{ $json.body.email }}', firstName: '={{ $json.body.firstName }}' },
					},
					credentials: { ghlPrivateIntegrationApi: { id: credentialId, name: 'GHL sandbox' } },
				},
			],
			connections: { Webhook: { main: [[{ node: 'GHL Contacts', type: 'main', index: 0 }]] } },
		});
		await n8n.activate(workflow.id, workflow.versionId);

		const response = await fetch(await n8n.waitForWebhook('e2e-upsert'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'ada@example.com', firstName: 'Ada' }),
		});
		expect(response.status).toBe(200);
		const [contact] = sandbox.store.listContacts(sandbox.defaultLocationId).filter((c) => c.email === 'ada@example.com');
		expect(contact).toMatchObject({ firstName: 'Ada' });
	});
});
