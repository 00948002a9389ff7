import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..');
const OWNER = { email: 'owner@example.com', password: 'Sandbox-Passw0rd!', firstName: 'Sandbox', lastName: 'Owner' };

/** The n8n binary scripts/test-e2e.mjs installed (it passes the path in N8N_E2E_BIN). */
export function n8nBin(): string {
	const bin = process.env.N8N_E2E_BIN;
	if (!bin) throw new Error('Run end-to-end tests with `npm run test:e2e`, which installs n8n and sets N8N_E2E_BIN');
	return bin;
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** `npm pack` of this repository (built first), into `dir`; returns the tarball path. */
export function packPackage(dir: string): string {
	execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })
		.trim()
		.split('\n')
		.pop() as string;
	return join(dir, name);
}

/**
 * Puts the package where n8n's Community Nodes panel puts it: unpacked into
 * `<user folder>/.n8n/nodes/node_modules/<name>`, its package.json stripped of dev, peer and
 * optional dependencies, and listed in `nodes/package.json`.
 */
export function installPackage(userFolder: string, tarball: string): void {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packageDir = join(nodesDir, 'node_modules', 'n8n-nodes-ghl-lms');
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const manifestPath = join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		readFileSync(manifestPath, 'utf8'),
	) as Record<string, unknown>;
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [String(manifest.name)]: manifest.version } }, null, 2),
	);
}

/**
 * What n8n would otherwise fetch from the internet, turned off (names checked in n8n 2.41.1's
 * @n8n/config and community-packages module; n8n 1.x ignores the ones it does not know): telemetry
 * and its remote configs, version and "what's new" notices, templates, the personalization survey,
 * banners, AI features, licence renewal, the list of verified community nodes (api.n8n.io) and
 * frontend hook scripts. A local sandbox stays on the machine.
 */
export const OFFLINE_ENV: Readonly<Record<string, string>> = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
	N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_AI_GATEWAY_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	EXTERNAL_FRONTEND_HOOKS_URLS: '',
};

/**
 * OFFLINE_ENV for an n8n of this major version. 2.x also refreshes its list of MCP servers from
 * api.n8n.io (the mcp-registry module); 1.x has no such module and refuses to start when told to
 * disable one it does not know.
 */
export function offlineEnv(major: number): Record<string, string> {
	return major >= 2 ? { ...OFFLINE_ENV, N8N_DISABLED_MODULES: 'mcp-registry' } : { ...OFFLINE_ENV };
}

/** The major version of the n8n whose binary this is (`<dir>/node_modules/.bin/n8n`). */
export function n8nMajorOf(bin: string): number {
	const manifest = join(dirname(bin), '..', 'n8n', 'package.json');
	return Number((JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version.split('.')[0]);
}

/** The environment of a local n8n on SQLite in `userFolder`, listening on 127.0.0.1 only. */
export function n8nEnv(where: {
	major: number;
	userFolder: string;
	url: string;
	port: number;
	brokerPort: number;
}): Record<string, string> {
	return {
		// Jest sets NODE_ENV=test, which n8n reads as its own test mode.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: where.userFolder,
		N8N_PORT: String(where.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(where.brokerPort),
		N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-secret',
		DB_TYPE: 'sqlite',
		// n8n 1.x opens SQLite with one shared connection unless told otherwise (2.x pools 3 by
		// default): concurrent executions' Data Table transactions then collide ("cannot start a
		// transaction within a transaction", "Transaction is not started yet"). docs/when-things-fail.md asks
		// 1.x users of the retry list for the same setting.
		DB_SQLITE_POOL_SIZE: '3',
		WEBHOOK_URL: `${where.url}/`,
		N8N_EDITOR_BASE_URL: `${where.url}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'warn',
		...offlineEnv(where.major),
	};
}

export interface N8nStartOptions {
	bin: string;
	/** A tarball from packPackage, installed before n8n starts. */
	tarball: string;
	env?: Record<string, string>;
	/** Port of the editor and webhooks; a free one when omitted. */
	port?: number;
	/** The n8n user folder (emptied first); a throwaway one, removed by stop(), when omitted. */
	userFolder?: string;
}

export interface NodeRun {
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

/**
 * n8n stores execution data in the `flatted` format: a JSON array whose first entry is the root,
 * every nested object and string being referred to by its index (as a string).
 */
export function parseFlatted(text: string): unknown {
	const input = JSON.parse(text) as unknown[];
	const revived = new Set<object>();
	const revive = (object: Record<string, unknown>): Record<string, unknown> => {
		if (revived.has(object)) return object;
		revived.add(object);
		for (const key of Object.keys(object)) {
			const value = object[key];
			if (typeof value !== 'string') continue;
			const target = input[Number(value)];
			object[key] =
				typeof target === 'object' && target !== null ? revive(target as Record<string, unknown>) : target;
		}
		return object;
	};
	const root = input[0];
	return typeof root === 'object' && root !== null ? revive(root as Record<string, unknown>) : root;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished?: boolean;
	startedAt?: string | null;
	stoppedAt?: string | null;
}

/** A column of an n8n Data Table (n8n adds `id`, `createdAt` and `updatedAt` itself). */
interface DataTableColumn {
	name: string;
	type: string;
}

/** A real n8n process on SQLite (in a throwaway user folder unless given one), driven through its REST API. */
export class N8nInstance {
	private cookie = '';
	private process?: ChildProcess;
	/** What n8n printed, over every start. */
	readonly log: string[] = [];

	private constructor(
		readonly url: string,
		readonly userFolder: string,
		private readonly bin: string,
		private readonly env: NodeJS.ProcessEnv,
		private readonly ownsUserFolder: boolean,
	) {}

	static async start(options: N8nStartOptions): Promise<N8nInstance> {
		const { bin, tarball, env = {} } = options;
		const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'ghl-lms-n8n-e2e-'));
		if (options.userFolder) {
			rmSync(userFolder, { recursive: true, force: true });
			mkdirSync(userFolder, { recursive: true });
		}
		installPackage(userFolder, tarball);
		const port = options.port ?? (await freePort());
		const url = `http://127.0.0.1:${port}`;
		const instance = new N8nInstance(url, userFolder, bin, {
			...process.env,
			...n8nEnv({ major: n8nMajorOf(bin), userFolder, url, port, brokerPort: await freePort() }),
			...env,
		}, options.userFolder === undefined);
		await instance.launch();
		return instance;
	}

	/**
	 * Kills n8n as a crash would (SIGKILL: no shutdown, running executions cut off where they
	 * are) and starts it again on the same user folder, database and port.
	 */
	async crashAndRestart(): Promise<void> {
		const child = this.process;
		if (child && child.exitCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGKILL');
			await exited;
		}
		await this.launch();
	}

	private async launch(): Promise<void> {
		const child = spawn(this.bin, ['start'], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout?.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
		this.process = child;
		try {
			await this.waitUntilReady();
		} catch (error) {
			// Nobody else holds the process yet: left running, it would outlive the test.
			await this.stop();
			throw error;
		}
	}

	private async waitUntilReady(timeoutMs = 300_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const exitCode = this.process?.exitCode;
			if (exitCode !== null && exitCode !== undefined) {
				throw new Error(`n8n exited with ${exitCode}:\n${this.log.join('')}`);
			}
			try {
				// n8n 1.x reports ready before its REST routes exist; the settings route comes with them.
				const health = await fetch(`${this.url}/healthz/readiness`);
				if (health.ok && (await fetch(`${this.url}/rest/settings`)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`n8n did not become ready:\n${this.log.join('')}`);
	}

	/** Creates the owner account (first start) and logs in. */
	async setupOwner(): Promise<typeof OWNER> {
		await this.request('POST', '/rest/owner/setup', OWNER);
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		return OWNER;
	}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}${path}`, {
			method,
			headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 500)}`);
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed.data ?? parsed) as T;
	}

	/** n8n's major version (1 or 2), from its settings. */
	async majorVersion(): Promise<number> {
		const settings = await this.request<{ versionCli: string }>('GET', '/rest/settings');
		return Number(settings.versionCli.split('.')[0]);
	}

	/** The owner's personal project, where imported workflows and Data Tables live. */
	async personalProjectId(): Promise<string> {
		return (await this.request<{ id: string }>('GET', '/rest/projects/personal')).id;
	}

	/** Creates a Data Table in the owner's project as its editor page does; returns its id. */
	async createDataTable(name: string, columns: DataTableColumn[]): Promise<string> {
		const project = await this.personalProjectId();
		const created = await this.request<{ id: string }>('POST', `/rest/projects/${project}/data-tables`, {
			name,
			columns,
		});
		return created.id;
	}

	/** Every row of a Data Table, read 50 at a time (the most n8n's REST API hands out at once). */
	async dataTableRows(tableId: string): Promise<Array<Record<string, unknown>>> {
		const project = await this.personalProjectId();
		const rows: Array<Record<string, unknown>> = [];
		for (;;) {
			const page = await this.request<{ count: number; data: Array<Record<string, unknown>> }>(
				'GET',
				`/rest/projects/${project}/data-tables/${tableId}/rows?take=50&skip=${rows.length}`,
			);
			rows.push(...page.data);
			if (page.data.length === 0 || rows.length >= page.count) return rows;
		}
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string> {
		const created = await this.request<{ id: string }>('POST', '/rest/credentials', { name, type, data });
		return created.id;
	}

	/**
	 * Imports a workflow JSON as the editor would save it, into the owner's personal project (with
	 * the project named, n8n 1.x too links credentials that the JSON names but whose ids are
	 * unknown here); returns its id and version.
	 */
	async createWorkflow(workflow: Record<string, unknown>): Promise<{ id: string; versionId: string }> {
		const { id: _ignored, ...rest } = workflow;
		void _ignored;
		return await this.request('POST', '/rest/workflows', {
			active: false,
			settings: {},
			projectId: await this.personalProjectId(),
			...rest,
		});
	}

	async activate(workflowId: string, versionId: string): Promise<void> {
		await this.request('POST', `/rest/workflows/${workflowId}/activate`, { versionId });
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.request('POST', `/rest/workflows/${workflowId}/deactivate`);
	}

	/** Saves changed nodes of a workflow, as the editor's Save does; returns the new version id. */
	async updateNodes(
		workflowId: string,
		change: (nodes: Array<Record<string, unknown>>) => void,
	): Promise<string> {
		const workflow = await this.request<{ nodes: Array<Record<string, unknown>>; versionId: string }>(
			'GET',
			`/rest/workflows/${workflowId}`,
		);
		change(workflow.nodes);
		const saved = await this.request<{ versionId: string }>('PATCH', `/rest/workflows/${workflowId}`, {
			nodes: workflow.nodes,
			versionId: workflow.versionId,
		});
		return saved.versionId;
	}

	/**
	 * Waits until a production POST webhook is registered. Activation publishes triggers
	 * asynchronously, so a delivery right after activating can find nothing there. A GET to a
	 * POST-only webhook is answered without running anything, and names POST once it exists.
	 */
	async waitForWebhook(path: string, timeoutMs = 30_000): Promise<string> {
		const url = `${this.url}/webhook/${path}`;
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const probe = await fetch(url);
			if (/Did you mean to make a POST request/.test(await probe.text())) return url;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`Webhook ${path} was not registered within ${timeoutMs} ms`);
	}

	/**
	 * Connects an OAuth2 credential the way a user's click on "Connect" does: n8n builds the
	 * authorization URL, the service approves and redirects to n8n's callback, n8n exchanges the code.
	 */
	async connectOAuth2(credentialId: string): Promise<void> {
		const authorizeUrl = await this.request<string>('GET', `/rest/oauth2-credential/auth?id=${credentialId}`);
		const approval = await fetch(authorizeUrl, { redirect: 'manual' });
		const callback = approval.headers.get('location');
		if (!callback) throw new Error(`Authorization did not redirect: ${approval.status}`);
		const result = await fetch(callback, { headers: { cookie: this.cookie }, redirect: 'manual' });
		const stored = await this.request<{ data?: { oauthTokenData?: unknown } }>(
			'GET',
			`/rest/credentials/${credentialId}?includeData=true`,
		);
		if (!stored.data?.oauthTokenData) {
			throw new Error(`OAuth callback did not connect (${result.status}): ${(await result.text()).slice(0, 300)}`);
		}
	}

	/**
	 * Executions, newest first (all of them, or one workflow's), read 100 at a time: n8n 2.x pages
	 * with the `nextCursor` it answers (and refuses `lastId`), 1.x with `lastId`.
	 */
	async executions(workflowId?: string): Promise<ExecutionSummary[]> {
		const filter = workflowId ? `&filter=${encodeURIComponent(JSON.stringify({ workflowId }))}` : '';
		const all: ExecutionSummary[] = [];
		let next = '';
		for (;;) {
			const page = await this.request<{ results: ExecutionSummary[]; nextCursor?: string | null }>(
				'GET',
				`/rest/executions?limit=100${filter}${next}`,
			);
			all.push(...page.results);
			if (page.results.length < 100 || page.nextCursor === null) return all;
			next =
				page.nextCursor !== undefined
					? `&cursor=${encodeURIComponent(page.nextCursor)}`
					: `&lastId=${all[all.length - 1].id}`;
		}
	}

	/** One execution with its run data (n8n stores it flattened; see `runData`). */
	async execution(executionId: string): Promise<{ id: string; status: string; data: string }> {
		return await this.request('GET', `/rest/executions/${executionId}`);
	}

	/** What each node of an execution output, by node name: one entry per run, items per output. */
	async runData(executionId: string): Promise<Record<string, NodeRun[]>> {
		const { data } = await this.execution(executionId);
		const parsed = parseFlatted(data) as { resultData: { runData: Record<string, NodeRun[]> } };
		return parsed.resultData.runData;
	}

	/**
	 * Runs a workflow as "Execute workflow" in the editor does, from the given trigger; returns the
	 * execution id. n8n 1.x wants the workflow in the body, 2.x loads it itself.
	 */
	async runManually(workflowId: string, triggerName: string): Promise<string> {
		const workflowData = await this.request<Record<string, unknown>>('GET', `/rest/workflows/${workflowId}`);
		const result = await this.request<{ executionId?: string; waitingForWebhook?: boolean }>(
			'POST',
			`/rest/workflows/${workflowId}/run`,
			{ workflowData, triggerToStartFrom: { name: triggerName } },
		);
		if (!result.executionId) throw new Error(`Manual run did not start: ${JSON.stringify(result)}`);
		return result.executionId;
	}

	/** Waits until an execution has finished; returns its status. */
	async waitForExecution(executionId: string, timeoutMs = 60_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			try {
				const { status } = await this.execution(executionId);
				if (!['new', 'running', 'waiting'].includes(status)) return status;
			} catch {
				// not saved yet
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`Execution ${executionId} did not finish within ${timeoutMs} ms`);
	}

	async stop(): Promise<void> {
		const child = this.process;
		if (child && child.exitCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
			if (child.exitCode === null) child.kill('SIGKILL');
		}
		if (this.ownsUserFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}
}
