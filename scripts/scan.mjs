// n8n's verification scanner, offline: its CLI fetches the package from the public registry, so
// we call its analyzer on the packed tarball (what users install) and on the sources.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'ghl-lms-scan-'));
let failed = false;

try {
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
	execFileSync('tar', ['xzf', tarball], { cwd: work });
	const packed = join(work, 'package');
	const shipped = readdirSync(packed).sort();

	for (const [label, dir, patterns] of [
		['packed tarball', packed, undefined],
		['sources', root, SOURCE_FILE_PATTERNS],
	]) {
		const result = await analyzePackage(dir, patterns);
		if (result.passed) {
			console.log(`scan ${label}: passed${result.message ? ` (${result.message})` : ''}`);
		} else {
			failed = true;
			console.error(`scan ${label}: FAILED: ${result.message}\n${result.details ?? ''}`);
		}
	}
	console.log(`scan: the tarball ships ${shipped.join(', ')}`);
} finally {
	rmSync(work, { recursive: true, force: true });
}

process.exit(failed ? 1 : 0);
