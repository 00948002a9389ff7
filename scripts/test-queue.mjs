// `npm run test:queue`: the package in n8n's queue mode (PostgreSQL, Redis, a main process and two
// workers), against the GHL sandbox. PostgreSQL and Redis come from the Debian packages; whichever
// is missing is installed with apt-get (needs root). Runs under Node 24 (scripts/toolchain.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

import { ensureInstalled } from './install.mjs';
import { ensureN8n } from './n8n.mjs';

const root = new URL('..', import.meta.url).pathname;

function onPath(command) {
	try {
		execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

function hasPostgres() {
	if (onPath('initdb')) return true;
	const base = '/usr/lib/postgresql';
	return existsSync(base) && readdirSync(base).some((v) => existsSync(`${base}/${v}/bin/initdb`));
}

function ensureDebianPackages() {
	const missing = [];
	if (!hasPostgres()) missing.push('postgresql');
	if (!onPath('redis-server')) missing.push('redis-server');
	if (missing.length === 0) return;
	console.log(`== apt-get install ${missing.join(' ')}`);
	const apt = (args) =>
		execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	apt(['update']);
	apt(['install', '-y', '--no-install-recommends', ...missing]);
}

try {
	ensureDebianPackages();
	ensureInstalled();
	const bin = ensureN8n();
	console.log(`== n8n at ${bin}`);
	execFileSync('npx', ['jest', '-c', 'jest.queue.config.js', ...process.argv.slice(2)], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, N8N_E2E_BIN: bin },
	});
} catch (error) {
	process.exit(typeof error.status === 'number' ? error.status : 1);
}
