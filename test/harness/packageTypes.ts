import type { ICredentialType, INodeType } from 'n8n-workflow';
import { basename, join } from 'node:path';

import packageJson from '../../package.json';

const root = join(__dirname, '..', '..');

/** `dist/nodes/X/Y.node.js` → the class `Y` exported by the source `nodes/X/Y.node.ts`. */
function loadClass<T>(distPath: string): T {
	const source = join(root, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const className = basename(source).split('.')[0];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(source) as Record<string, new () => T>;
	const Class = module[className];
	if (!Class) throw new Error(`${source} does not export a class ${className}`);
	return new Class();
}

/** Every node the package registers, by the type name n8n gives it (package prefix). */
export function packageNodes(): Record<string, INodeType> {
	const nodes: Record<string, INodeType> = {};
	for (const path of packageJson.n8n.nodes) {
		const node = loadClass<INodeType>(path);
		nodes[`${packageJson.name}.${node.description.name}`] = node;
	}
	return nodes;
}

/** Every credential type the package registers. */
export function packageCredentials(): ICredentialType[] {
	return packageJson.n8n.credentials.map((path) => loadClass<ICredentialType>(path));
}
