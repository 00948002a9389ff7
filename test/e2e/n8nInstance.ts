import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
	execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'ignore' });
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

export interface N8nStartOptions {
	bin: string;
	/** A tarball from packPackage, installed before n8n starts. */
	tarball: string;
	env?: Record<string, string>;
}

/** A real n8n process on SQLite in a throwaway user folder, driven through its REST API. */
export class N8nInstance {
	private cookie = '';

	private constructor(
		readonly url: string,
		readonly userFolder: string,
		private readonly process: ChildProcess,
		readonly log: string[],
	) {}

	static async start({ bin, tarball, env = {} }: N8nStartOptions): Promise<N8nInstance> {
		const userFolder = mkdtempSync(join(tmpdir(), 'ghl-lms-n8n-e2e-'));
		installPackage(userFolder, tarball);
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const child = spawn(bin, ['start'], {
			env: {
				...process.env,
				// Jest sets NODE_ENV=test, which n8n reads as its own test mode.
				NODE_ENV: 'production',
				N8N_USER_FOLDER: userFolder,
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-secret',
				DB_TYPE: 'sqlite',
				WEBHOOK_URL: `${url}/`,
				N8N_EDITOR_BASE_URL: `${url}/`,
				N8N_SECURE_COOKIE: 'false',
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
				N8N_TEMPLATES_ENABLED: 'false',
				N8N_PERSONALIZATION_ENABLED: 'false',
				N8N_LOG_LEVEL: 'warn',
				...env,
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const log: string[] = [];
		child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
		const instance = new N8nInstance(url, userFolder, child, log);
		await instance.waitUntilReady();
		return instance;
	}

	private async waitUntilReady(timeoutMs = 120_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.process.exitCode !== null) {
				throw new Error(`n8n exited with ${this.process.exitCode}:\n${this.log.join('')}`);
			}
			try {
				const health = await fetch(`${this.url}/healthz/readiness`);
				if (health.ok) return;
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

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string> {
		const created = await this.request<{ id: string }>('POST', '/rest/credentials', { name, type, data });
		return created.id;
	}

	/** Imports a workflow JSON as the editor would save it; returns its id and version. */
	async createWorkflow(workflow: Record<string, unknown>): Promise<{ id: string; versionId: string }> {
		const { id: _ignored, ...rest } = workflow;
		void _ignored;
		return await this.request('POST', '/rest/workflows', { active: false, settings: {}, ...rest });
	}

	async activate(workflowId: string, versionId: string): Promise<void> {
		await this.request('POST', `/rest/workflows/${workflowId}/activate`, { versionId });
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

	async executions(workflowId: string): Promise<Array<{ id: string; status: string }>> {
		const result = await this.request<{ results: Array<{ id: string; status: string }> }>(
			'GET',
			`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
		);
		return result.results;
	}

	async stop(): Promise<void> {
		if (this.process.exitCode === null) {
			const exited = new Promise((resolve) => this.process.once('exit', resolve));
			this.process.kill('SIGTERM');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
			if (this.process.exitCode === null) this.process.kill('SIGKILL');
		}
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}
