// n8n's own nodes (n8n-nodes-base) from the n8n that scripts/n8n.mjs installs into the cache, the
// one the end-to-end tests and `npm start` run: the template checks read their descriptions, the
// template runs execute them, the benchmark runs its peers.
import Module from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

const root = join(__dirname, '..', '..');
export const NODES_BASE = 'n8n-nodes-base';

function version(packageDir: string): string {
	return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string })
		.version;
}

/** node_modules of the cached n8n; fails, saying how to install it, when it is not there. */
export function installedN8nModules(): string {
	const n8nVersion = /N8N_VERSION = '([^']+)'/.exec(
		readFileSync(join(root, 'scripts', 'n8n.mjs'), 'utf8'),
	)?.[1];
	const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'n8n-nodes-ghl-lms');
	const modules = join(
		cache,
		`n8n-${n8nVersion}-node${process.versions.node.split('.')[0]}`,
		'node_modules',
	);
	if (!existsSync(join(modules, NODES_BASE, 'package.json'))) {
		throw new Error(
			`n8n ${n8nVersion} is not installed in the cache (${modules}), so n8n's own nodes cannot be loaded: \`npm test\` installs it, or run \`node scripts/toolchain.mjs node scripts/n8n.mjs\``,
		);
	}
	return modules;
}

const shared = new Set<string>();

/**
 * Answers the `require('n8n-workflow')` of modules under `modulesDir` with this package's copy when
 * both are the same version, so the engine, n8n's nodes and their error classes share one module
 * (`instanceof NodeApiError` in n8n-core then holds, as inside n8n).
 */
export function shareN8nWorkflow(modulesDir: string): void {
	if (shared.has(modulesDir)) return;
	shared.add(modulesDir);
	const ours = dirname(require.resolve('n8n-workflow/package.json'));
	if (version(ours) !== version(join(modulesDir, 'n8n-workflow'))) return;
	const resolved = require.resolve('n8n-workflow');
	const resolver = Module as unknown as {
		_resolveFilename: (
			request: string,
			parent: { filename?: string } | undefined,
			...rest: unknown[]
		) => string;
	};
	const original = resolver._resolveFilename;
	resolver._resolveFilename = function (request, parent, ...rest) {
		if (request === 'n8n-workflow' && parent?.filename?.startsWith(modulesDir)) return resolved;
		return original.call(this, request, parent, ...rest);
	};
}

const loaded = new Map<string, INodeType | IVersionedNodeType | undefined>();

/**
 * An n8n-nodes-base node type by its type name without the package (`set`, `if`, …), from the
 * cached n8n; undefined when n8n has no such node. Its file is named after the type.
 */
export function baseNodeType(name: string): INodeType | IVersionedNodeType | undefined {
	if (!loaded.has(name)) {
		const modules = installedN8nModules();
		shareN8nWorkflow(modules);
		const dir = join(modules, NODES_BASE);
		const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[] };
		};
		const file = manifest.n8n.nodes.find(
			(path) => basename(path).toLowerCase() === `${name.toLowerCase()}.node.js`,
		);
		let nodeType: INodeType | IVersionedNodeType | undefined;
		if (file) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const module = require(join(dir, file)) as Record<
				string,
				new () => INodeType | IVersionedNodeType
			>;
			nodeType = new (Object.values(module)[0])();
		}
		loaded.set(name, nodeType);
	}
	return loaded.get(name);
}
