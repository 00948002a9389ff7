// The stack the editor tests look at: the three sandboxes and a real n8n with the package and every
// template imported (none active: the editor only opens them), plus a GHL Private Integration
// credential, the authentication GHL Contacts offers first. Wraps test/e2e/templateStack.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadTemplates } from '../harness/templates';
import { n8nBin, packPackage } from '../e2e/n8nInstance';
import { startSandboxes, startTemplateStack, type TemplateStack } from '../e2e/templateStack';

export interface BrowserStack extends TemplateStack {
	close(): Promise<void>;
}

export const GHL_TOKEN_CREDENTIAL = 'GHL Private Integration account';

export async function startBrowserStack(): Promise<BrowserStack> {
	const packDir = mkdtempSync(join(tmpdir(), 'ghl-lms-pack-'));
	const tarball = packPackage(packDir);
	const sandboxes = await startSandboxes({ records: 5 });
	try {
		const stack = await startRetryingOnce(() =>
			startTemplateStack({
				bin: n8nBin(),
				tarball,
				sandboxes,
				inactive: loadTemplates().map((template) => template.key),
			}),
		);
		const { ghl } = sandboxes;
		stack.credentials.ghlPrivateIntegrationApi = {
			id: await stack.n8n.createCredential(GHL_TOKEN_CREDENTIAL, 'ghlPrivateIntegrationApi', {
				token: sandboxes.ghlToken,
				locationId: ghl.defaultLocationId,
				baseUrl: ghl.urls.api,
			}),
			name: GHL_TOKEN_CREDENTIAL,
		};
		return {
			...stack,
			async close() {
				await stack.n8n.stop();
				await sandboxes.close();
				rmSync(packDir, { recursive: true, force: true });
			},
		};
	} catch (error) {
		await sandboxes.close();
		throw error;
	}
}

/**
 * n8n's first start (its SQLite migrations) can outlast the instance's 2-minute readiness wait on a
 * busy machine; a second, fresh start is given the same chance.
 */
async function startRetryingOnce<T>(start: () => Promise<T>): Promise<T> {
	try {
		return await start();
	} catch (error) {
		if (!/did not become ready/.test(String(error))) throw error;
		return await start();
	}
}
