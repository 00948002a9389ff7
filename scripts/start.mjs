// `npm start`: install when needed, install n8n once into the cache, then scripts/start-local.ts
// builds and packs the package and starts the sandboxes and a local n8n with the six templates
// wired to them. Runs under Node 24 (scripts/toolchain.mjs). Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { ensureInstalled } from './install.mjs';
import { ensureN8n } from './n8n.mjs';

const root = new URL('..', import.meta.url).pathname;
ensureInstalled();
const bin = ensureN8n();
const local = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/start-local.ts'], {
	cwd: root,
	stdio: 'inherit',
	env: { ...process.env, N8N_BIN: bin },
});
// Ctrl-C reaches the whole process group; a plain `kill` of this process is passed on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => local.kill('SIGTERM'));
local.on('exit', (code) => process.exit(code ?? 0));
