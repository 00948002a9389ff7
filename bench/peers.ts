// n8n's own nodes as peers: the official HighLevel node and the HTTP Request node, loaded from the
// real n8n that scripts/n8n.mjs installs into the cache (the one `npm run test:e2e` uses), and
// pointed at the sandbox without changing them.
import type { AxiosStatic, InternalAxiosRequestConfig } from 'axios';
import { DirectoryLoader } from 'n8n-core';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { registerCredentialType } from '../test/harness/credentialTypes';
import { registerNodeType } from '../test/harness/engine';
import { shareN8nWorkflow } from '../test/harness/nodesBase';

/** The host the official node has built in (requestDefaults.baseURL and its helpers). */
export const GHL_ORIGIN = 'https://services.leadconnectorhq.com';

export const HIGHLEVEL_TYPE = 'n8n-nodes-base.highLevel';
export const HTTP_REQUEST_TYPE = 'n8n-nodes-base.httpRequest';
export const LOOP_TYPE = 'n8n-nodes-base.splitInBatches';

export interface Peers {
	nodesBaseVersion: string;
	highLevelVersion: number;
	httpRequestVersion: number;
}

function version(packageDir: string): string {
	return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Loads n8n-nodes-base's HighLevel, HTTP Request and Loop Over Items nodes and HighLevel's
 * credential type into the
 * engine harness. Their `require('n8n-workflow')` is answered with this package's copy when both
 * are the same version, so the engine, the nodes and their error classes share one module
 * (`instanceof NodeApiError` in n8n-core's routing node then holds, as inside n8n).
 */
export function loadPeers(modulesDir: string): Peers {
	const nodesBase = join(modulesDir, 'n8n-nodes-base');
	if (!existsSync(join(nodesBase, 'package.json'))) {
		throw new Error(`n8n-nodes-base not found under ${modulesDir}; run the benchmark with npm run bench`);
	}
	shareN8nWorkflow(modulesDir);

	const load = <T>(path: string, name: string): T => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require(join(nodesBase, 'dist', path)) as Record<string, new () => T>;
		return new module[name]();
	};
	const highLevel = load<IVersionedNodeType>('nodes/HighLevel/HighLevel.node.js', 'HighLevel');
	const httpRequest = load<IVersionedNodeType>('nodes/HttpRequest/HttpRequest.node.js', 'HttpRequest');
	const loop = load<IVersionedNodeType>('nodes/SplitInBatches/SplitInBatches.node.js', 'SplitInBatches');
	// n8n adds "Request Options" (batching, timeout, proxy) to every declarative node when it
	// loads it; the official HighLevel node is one.
	for (const node of Object.values(highLevel.nodeVersions) as INodeType[]) {
		DirectoryLoader.applyDeclarativeNodeOptionParameters(node);
	}
	registerNodeType(HIGHLEVEL_TYPE, highLevel);
	registerNodeType(HTTP_REQUEST_TYPE, httpRequest);
	registerNodeType(LOOP_TYPE, loop);
	registerCredentialType(load<ICredentialType>('credentials/HighLevelOAuth2Api.credentials.js', 'HighLevelOAuth2Api'));

	return {
		nodesBaseVersion: version(nodesBase),
		highLevelVersion: highLevel.description.defaultVersion ?? 2,
		httpRequestVersion: httpRequest.description.defaultVersion ?? 4,
	};
}

/**
 * Sends every request for HighLevel's fixed host to the sandbox instead. n8n's HTTP helpers all
 * end in the process-wide axios instance (n8n-core installs its own interceptor there too), so
 * one request interceptor moves `https://services.leadconnectorhq.com/…` to the sandbox's plain
 * http URL after n8n has checked and signed the request, and leaves every other URL alone. The
 * nodes, their descriptions and n8n stay as shipped. Returns a function that points it elsewhere.
 */
export function interceptGhlHost(): (sandboxUrl: string) => void {
	// The axios n8n's HTTP layer (@n8n/backend-network) uses, wherever npm placed it.
	const network = dirname(require.resolve('@n8n/backend-network'));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const axios = require(require.resolve('axios', { paths: [network] })) as AxiosStatic;
	let target = '';
	axios.interceptors.request.use((config: InternalAxiosRequestConfig) => {
		const url = config.url ?? '';
		const full = /^[a-z]+:\/\//i.test(url) || !config.baseURL ? url : `${config.baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
		if (target && (full === GHL_ORIGIN || full.startsWith(`${GHL_ORIGIN}/`))) {
			config.url = target + full.slice(GHL_ORIGIN.length);
			config.baseURL = undefined;
		}
		return config;
	});
	return (sandboxUrl) => {
		target = sandboxUrl.replace(/\/+$/, '');
	};
}
