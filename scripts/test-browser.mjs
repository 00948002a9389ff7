// `npm run test:browser`: n8n's editor in a real browser (Debian's Chromium driven by
// playwright-core, never a Playwright browser download) against a real n8n 2.41.1 with the
// package installed and the three sandboxes. Installs Debian's `chromium` package when it is
// missing (as root). Screenshots go to test-output/browser/. Extra arguments go to Jest.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { ensureInstalled } from './install.mjs';
import { ensureN8n, N8N_VERSION } from './n8n.mjs';

export const CHROMIUM = '/usr/bin/chromium';

const root = new URL('..', import.meta.url).pathname;

function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing: run \`apt-get install -y chromium\` as root`);
	execFileSync('apt-get', ['update'], { stdio: 'inherit' });
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

try {
	ensureInstalled();
	ensureChromium();
	const bin = ensureN8n(N8N_VERSION);
	console.log(`\n== n8n ${N8N_VERSION} at ${bin}, ${CHROMIUM}`);
	execFileSync('npx', ['jest', '-c', 'jest.browser.config.js', ...process.argv.slice(2)], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, N8N_E2E_BIN: bin, CHROMIUM_BIN: CHROMIUM },
	});
} catch (error) {
	process.exit(typeof error.status === 'number' ? error.status : 1);
}
