// Installs the dev dependencies when package-lock.json changed since the last install.
// Run under Node 24 (scripts/toolchain.mjs). Install scripts are skipped because some packages
// download binaries from the internet in them; the one native addon n8n's engine needs
// (isolated-vm) is then built from source against Node 24's headers.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stampFile = join(root, 'node_modules', '.ghl-lms-install-stamp');

function lockHash() {
	const lock = readFileSync(join(root, 'package-lock.json'));
	return createHash('sha256').update(lock).update(process.version).digest('hex');
}

export function ensureInstalled() {
	const hash = lockHash();
	if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return false;
	const run = (args) => execFileSync('npm', args, { cwd: root, stdio: 'inherit' });
	run(['ci', '--ignore-scripts', '--no-audit', '--no-fund']);
	run(['rebuild', '--ignore-scripts=false', 'isolated-vm']);
	writeFileSync(stampFile, hash);
	return true;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureInstalled();
