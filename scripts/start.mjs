// `npm start`: install when needed, build the package, then run the local sandbox of the services
// (GHL today) so the nodes can be tried without accounts. Runs under Node 24 (scripts/toolchain.mjs).
import { execFileSync, spawn } from 'node:child_process';

import { ensureInstalled } from './install.mjs';

const root = new URL('..', import.meta.url).pathname;
ensureInstalled();
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
console.log(`\nBuilt the package into ${root}dist. Starting the sandbox (Ctrl+C stops it).\n`);
const sandbox = spawn('npx', ['tsx', 'sandbox/cli.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => sandbox.kill(signal));
sandbox.on('exit', (code) => process.exit(code ?? 0));
