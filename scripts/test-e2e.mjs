// `npm run test:e2e`: the package inside a real n8n (installed once into the cache by
// scripts/n8n.mjs), against the local sandboxes, in n8n 2.x and the newest 1.x, one after the
// other. N8N_E2E_VERSIONS=2.41.1 (comma-separated) picks the versions. Runs under Node 24
// (scripts/toolchain.mjs). Extra arguments go to Jest.
import { execFileSync } from 'node:child_process';

import { ensureInstalled } from './install.mjs';
import { ensureN8n, N8N_1X_VERSION, N8N_VERSION } from './n8n.mjs';

const root = new URL('..', import.meta.url).pathname;
const versions = (process.env.N8N_E2E_VERSIONS ?? `${N8N_VERSION},${N8N_1X_VERSION}`)
	.split(',')
	.map((version) => version.trim())
	.filter(Boolean);
try {
	ensureInstalled();
	for (const version of versions) {
		const bin = ensureN8n(version);
		console.log(`\n== n8n ${version} at ${bin}`);
		execFileSync('npx', ['jest', '-c', 'jest.e2e.config.js', ...process.argv.slice(2)], {
			cwd: root,
			stdio: 'inherit',
			env: { ...process.env, N8N_E2E_BIN: bin },
		});
	}
} catch (error) {
	process.exit(typeof error.status === 'number' ? error.status : 1);
}
