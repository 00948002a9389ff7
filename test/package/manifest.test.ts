// What package.json promises holds for the tarball users install, and a contributor's habitual
// `npm install` / `npm ci` works (no dependency's install script refuses npm).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { headingAnchors } from '../harness/markdown';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	main?: string;
	homepage?: string;
	peerDependencies?: Record<string, string>;
	devDependencies: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
};
const npm = (args: string[]) => execFileSync('npm', args, { cwd: root, encoding: 'utf8' });

/** Files `npm pack` would put in the tarball (paths relative to the package). */
function packedFiles(): Set<string> {
	const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json', '--silent'])) as Array<{
		files: Array<{ path: string }>;
	}>;
	return new Set(packed.files.map((file) => file.path));
}

describe('package.json', () => {
	test('every file it names (main when set, each node and credential) is in the packed tarball', () => {
		const files = packedFiles();
		expect([...files].some((path) => path.startsWith('dist/'))).toBe(true); // built first (npm test builds)
		const named = [
			...(manifest.main === undefined ? [] : [manifest.main]),
			...manifest.n8n.nodes,
			...manifest.n8n.credentials,
		];
		expect(named.filter((path) => !files.has(path.replace(/^\.\//, '')))).toEqual([]);
	});

	test('peerDependencies is what n8n\'s verification requires; the README names the n8n versions the tests run', () => {
		// n8n's scanner (@n8n/community-nodes/valid-peer-dependencies) refuses any range but "*": the
		// host's n8n-workflow is the one loaded. The tested range lives in the README instead.
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		const scripts = readFileSync(join(root, 'scripts', 'n8n.mjs'), 'utf8');
		const tested = [...scripts.matchAll(/N8N(?:_1X)?_VERSION = '([^']+)'/g)].map((match) => match[1]);
		expect(tested).toHaveLength(2);
		const readme = readFileSync(join(root, 'README.md'), 'utf8');
		const compatibility = /^## Compatibility\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
		for (const version of tested) expect(compatibility).toContain(`n8n ${version}`);
		expect(compatibility).toContain(`n8n-workflow ${manifest.devDependencies['n8n-workflow']}`);
	});
});

describe('installing the dependencies with npm', () => {
	/** Installed packages whose install scripts refuse npm (e.g. `npx only-allow pnpm`). */
	function refusingNpm(): string[] {
		const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
			packages: Record<string, { hasInstallScript?: boolean }>;
		};
		return Object.entries(lock.packages)
			.filter(([path, entry]) => path && entry.hasInstallScript)
			.filter(([path]) => {
				const { scripts = {} } = JSON.parse(readFileSync(join(root, path, 'package.json'), 'utf8')) as {
					scripts?: Record<string, string>;
				};
				return ['preinstall', 'install', 'postinstall'].some((name) =>
					/only-allow/.test(scripts[name] ?? ''),
				);
			})
			.map(([path]) => path);
	}

	test('no dependency\'s install script runs (one refuses npm), so a plain npm install / npm ci works', () => {
		// The project's .npmrc turns install scripts off for every npm command run in the repository;
		// the failure lists the packages that would then break a plain `npm install`.
		const ignoreScripts = npm(['config', 'get', 'ignore-scripts']).trim();
		const refusing = ignoreScripts === 'true' ? [] : refusingNpm();
		expect({ ignoreScripts, refusing }).toEqual({ ignoreScripts: 'true', refusing: [] });
	});
});

describe('node documentation links', () => {
	const codexFiles = manifest.n8n.nodes.map((path) =>
		join(root, path.replace(/^\.?\/?dist\//, '').replace(/\.js$/, '.json')),
	);
	/** `<homepage>#x` is the README; `<homepage>/blob/main/docs/y.md#x` is that file. */
	const fileOf = (url: URL) => /^\/[^/]+\/[^/]+\/blob\/main\/(.+)$/.exec(url.pathname)?.[1] ?? 'README.md';

	test.each(codexFiles)('%s: a link into this repository names a heading of the file it opens', (file) => {
		const codex = JSON.parse(readFileSync(file, 'utf8')) as {
			resources?: { primaryDocumentation?: Array<{ url: string }> };
		};
		const urls = (codex.resources?.primaryDocumentation ?? []).map((doc) => doc.url);
		expect(urls.length).toBeGreaterThan(0);
		for (const link of urls.filter((url) => url.startsWith(manifest.homepage ?? '-'))) {
			const url = new URL(link);
			expect({ link, anchors: [...headingAnchors(fileOf(url))] }).toEqual({
				link,
				anchors: expect.arrayContaining([url.hash.slice(1)]),
			});
		}
	});

	test('the OnlineCourseHost Trigger points at its own docs, not the enroll-student article', () => {
		const codex = readFileSync(join(root, 'nodes/OnlineCourseHostTrigger/OnlineCourseHostTrigger.node.json'), 'utf8');
		expect(codex).not.toContain('enroll-student');
		expect(codex).toContain('/docs/onlinecoursehost.md#onlinecoursehost-trigger');
	});
});
