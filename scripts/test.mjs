// `npm test`: install (when the lock file changed), build, lint, scan, type-check, then Jest.
// Runs under Node 24 (scripts/toolchain.mjs brings it). Extra arguments go to Jest.
import { execFileSync } from 'node:child_process';

import { ensureInstalled } from './install.mjs';

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
	step('jest', 'npx', ['jest', ...process.argv.slice(2)]);
} catch (error) {
	process.exit(typeof error.status === 'number' ? error.status : 1);
}
