// `npm run soak`: the fault soak of issue 9 (test/soak/soak.ts) in a real n8n 2.41.1, installed
// once into the cache by scripts/n8n.mjs. Runs under Node 24 (scripts/toolchain.mjs).
// `npm run soak -- --ci` runs it at CI size (150 contacts); `--contacts N` and `--seed S` choose.
import { execFileSync } from 'node:child_process';

import { ensureInstalled } from './install.mjs';
import { ensureN8n, N8N_VERSION } from './n8n.mjs';

const root = new URL('..', import.meta.url).pathname;
try {
	ensureInstalled();
	const bin = ensureN8n(N8N_VERSION);
	execFileSync('npx', ['tsx', 'test/soak/soak.ts', ...process.argv.slice(2)], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, N8N_E2E_BIN: bin },
	});
} catch (error) {
	process.exit(typeof error.status === 'number' ? error.status : 1);
}
