// `npm test`: install (when the lock file changed), build, lint, scan, type-check, the cached n8n
// (for the templates check), then Jest.
// Runs under Node 24 (scripts/toolchain.mjs brings it). Extra arguments go to Jest.
import { execFileSync } from 'node:child_process';

import { ensureInstalled } from './install.mjs';
import { ensureN8n, N8N_VERSION } from './n8n.mjs';

const root = new URL('..', import.meta.url).pathname;
const step = (title, command, args) => {
	console.log(`\n== ${title}`);
	execFileSync(command, args, { cwd: root, stdio: 'inherit' });
};

try {
	console.log(`== node ${process.version}`);
	if (ensureInstalled()) console.log('dependencies installed');
	step('build', 'npm', ['run', '--silent', 'build']);
	step('lint', 'npx', ['eslint', '--max-warnings=0', 'nodes', 'credentials', 'package.json']);
	step('scan (n8n verification scanner)', 'node', ['scripts/scan.mjs']);
	step('type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
	// The templates' n8n nodes are checked against this n8n (the one the end-to-end tests run).
	console.log(`\n== n8n ${N8N_VERSION} for the templates check (cached; the first install takes about 8 minutes)`);
	ensureN8n();
	step('jest', 'npx', ['jest', ...process.argv.slice(2)]);
} catch (error) {
	process.exit(typeof error.status === 'number' ? error.status : 1);
}
