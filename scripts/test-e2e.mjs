// `npm run test:e2e`: the package inside a real n8n (installed once into the cache by
// scripts/n8n.mjs), against the local sandboxes. Runs under Node 24 (scripts/toolchain.mjs).
import { execFileSync } from 'node:child_process';

import { ensureInstalled } from './install.mjs';
import { ensureN8n } from './n8n.mjs';

const root = new URL('..', import.meta.url).pathname;
try {
	ensureInstalled();
	const bin = ensureN8n();
	console.log(`== n8n at ${bin}`);
	execFileSync('npx', ['jest', '-c', 'jest.e2e.config.js', ...process.argv.slice(2)], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, N8N_E2E_BIN: bin },
	});
} catch (error) {
	process.exit(typeof error.status === 'number' ? error.status : 1);
}
