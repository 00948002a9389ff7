// A real n8n for end-to-end runs, installed once into the cache (never into the repository).
// n8n's own `xlsx` dependency points at a CDN this machine cannot reach, so it is overridden with
// the registry's 0.18.5; install scripts stay off (some download binaries from GitHub) and the two
// native modules n8n needs are then built from source against Node 24's headers.
// The same recipe installs the newest n8n 1.x (1.123.81, whose engines allow Node 24), which the
// end-to-end tests also run against.
// Usage: node scripts/toolchain.mjs node scripts/n8n.mjs [version]   (prints the n8n binary path)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const N8N_VERSION = '2.41.1';
export const N8N_1X_VERSION = '1.123.81';

function cacheRoot() {
	const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(base, 'n8n-nodes-ghl-lms');
}

export function n8nDir(version = N8N_VERSION) {
	return join(cacheRoot(), `n8n-${version}-node${process.versions.node.split('.')[0]}`);
}

export function ensureN8n(version = N8N_VERSION) {
	const dir = n8nDir(version);
	const bin = join(dir, 'node_modules', '.bin', 'n8n');
	const stamp = join(dir, '.installed');
	if (existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return bin;
	const work = `${dir}.partial`;
	rmSync(work, { recursive: true, force: true });
	mkdirSync(work, { recursive: true });
	writeFileSync(
		join(work, 'package.json'),
		JSON.stringify(
			{ name: 'n8n-runtime', private: true, dependencies: { n8n: version }, overrides: { xlsx: '0.18.5' } },
			null,
			2,
		),
	);
	const run = (args) => execFileSync('npm', args, { cwd: work, stdio: 'inherit' });
	process.stderr.write(`n8n: installing n8n@${version} into ${dir} (several minutes, once)\n`);
	run(['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
	run(['rebuild', 'isolated-vm', 'sqlite3']);
	writeFileSync(join(work, '.installed'), version);
	rmSync(dir, { recursive: true, force: true });
	renameSync(work, dir);
	return bin;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	process.stdout.write(`${ensureN8n(process.argv[2] ?? N8N_VERSION)}\n`);
}
