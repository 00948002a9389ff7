// `npm run bench`: install (when the lock file changed), bring the real n8n whose nodes are the
// peers (installed once into the cache by scripts/n8n.mjs, shared with `npm run test:e2e`; not
// needed with --no-peers or --from), then run bench/run.ts. Runs under Node 24 (scripts/toolchain.mjs).
// Arguments go to the benchmark: npm run bench -- --quick | --help
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { ensureInstalled } from './install.mjs';
import { ensureN8n, n8nDir } from './n8n.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
try {
	ensureInstalled();
	const env = { ...process.env };
	const measures = !['--no-peers', '--from', '--help', '-h'].some((flag) => args.includes(flag));
	if (measures) {
		ensureN8n();
		env.GHL_LMS_N8N_MODULES = join(n8nDir(), 'node_modules');
	}
	execFileSync('npx', ['tsx', '--expose-gc', 'bench/run.ts', ...args], { cwd: root, stdio: 'inherit', env });
} catch (error) {
	process.exit(typeof error.status === 'number' ? error.status : 1);
}
