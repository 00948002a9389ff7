import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

import packageJson from '../../package.json';
import { startGhlSandbox, type GhlSandbox } from '../../sandbox/ghl';
import { packageCredentials, packageNodes } from '../harness/packageTypes';
import { n8nBin, N8nInstance, packPackage } from './n8nInstance';

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => relative(dir, join(entry.parentPath, entry.name)))
		.sort();
}

describe('GHL Contacts inside a real n8n', () => {
	let n8n: N8nInstance;
	let sandbox: GhlSandbox;
	let tarball: string;

	beforeAll(async () => {
		const bin = n8nBin();
		tarball = packPackage(mkdtempSync(join(tmpdir(), 'ghl-lms-pack-')));
		sandbox = await startGhlSandbox({ port: 0 });
		n8n = await N8nInstance.start({ bin, tarball });
		await n8n.setupOwner();
	});
	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	test('n8n holds exactly the packed tarball (what the release publishes), as its Community Nodes install leaves it', () => {
		const packed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
			.split('\n')
			.filter((entry) => entry !== '' && !entry.endsWith('/'))
			.map((entry) => entry.replace(/^package\//, ''))
			.sort();
		const installed = join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', packageJson.name);
		expect(filesUnder(installed)).toEqual(packed);
		expect(packed).toEqual(expect.arrayContaining([...packageJson.n8n.nodes, ...packageJson.n8n.credentials]));
	});

	test("n8n loads every node and credential package.json names, and logs nothing about the package", async () => {
		const nodeTypes = await n8n.request<Array<{ name: string }>>('GET', '/types/nodes.json');
		const loadedNodes = new Set(nodeTypes.map((type) => type.name).filter((name) => name.startsWith(`${packageJson.name}.`)));
		// n8n adds an AI-agent tool ("<name>Tool") for each node marked usableAsTool.
		const expected = Object.entries(packageNodes()).flatMap(([name, node]) =>
			node.description.usableAsTool ? [name, `${name}Tool`] : [name],
		);
		expect(Object.keys(packageNodes())).toHaveLength(packageJson.n8n.nodes.length);
		expect([...loadedNodes].sort()).toEqual(expected.sort());

		const credentialTypes = await n8n.request<Array<{ name: string }>>('GET', '/types/credentials.json');
		const loadedCredentials = new Set(credentialTypes.map((type) => type.name));
		for (const credential of packageCredentials()) expect(loadedCredentials).toContain(credential.name);

		// n8n logs at warn level here: a load warning, a failed node or a deprecation would show.
		// (n8n's own files live in a cache folder named after this package: left out.)
		const n8nCache = dirname(dirname(dirname(dirname(n8nBin()))));
		const aboutUs = n8n.log
			.join('')
			.split(n8nCache)
			.join('<n8n cache>')
			.split('\n')
			.filter((line) => line.includes(packageJson.name) && /warn|error|deprecat|fail/i.test(line));
		expect(aboutUs).toEqual([]);
	});

	test("n8n's editor settings report every internet feature off (telemetry, notices, templates, banners)", async () => {
		const settings = await n8n.request<Record<string, unknown>>('GET', '/rest/settings');
		expect(settings).toMatchObject({
			telemetry: { enabled: false },
			posthog: { enabled: false },
			versionNotifications: { enabled: false, whatsNewEnabled: false },
			templates: { enabled: false },
			dynamicBanners: { enabled: false },
			hiringBannerEnabled: false,
			personalizationSurveyEnabled: false,
		});
		// The list of verified community nodes comes from api.n8n.io. Turned off, n8n has none and
		// tries nothing (on, it would list some, or log that it failed to fetch them offline).
		expect(await n8n.request<unknown[]>('GET', '/rest/community-node-types')).toEqual([]);
		expect(n8n.log.join('')).not.toMatch(/Failed to fetch community node/);
		// Without internet (as here), any call n8n's backend still made out would fail and log so.
		expect(n8n.log.join('')).not.toMatch(/ENOTFOUND|EAI_AGAIN/);
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
