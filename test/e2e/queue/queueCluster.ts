// n8n in queue mode: PostgreSQL, Redis, one main process (editor, REST API, webhooks; it enqueues
// executions) and workers (`n8n worker`) that run them. Each process gets its own user folder with
// the package installed, as the Community Nodes panel leaves it on every instance of a queue-mode
// set-up (the folder also holds per-process files such as the event log). All processes share the
// database, Redis and the encryption key, and each gets its own ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, installPackage, n8nMajorOf, N8nInstance, offlineEnv } from '../n8nInstance';
import { startPostgres, startRedis, type Postgres, type Service } from './services';

const ENCRYPTION_KEY = 'queue-e2e-encryption-key-not-secret';

export interface QueueClusterOptions {
	bin: string;
	tarball: string;
	workers?: number;
	/** Jobs each worker runs at once (`n8n worker --concurrency`; n8n's default is 10). */
	concurrency?: number;
	env?: Record<string, string>;
}

function quietN8nEnv(bin: string): Record<string, string> {
	return {
		// Jest sets NODE_ENV=test, which n8n reads as its own test mode.
		NODE_ENV: 'production',
		N8N_SECURE_COOKIE: 'false',
		...offlineEnv(n8nMajorOf(bin)),
	};
}

/** What every process of the set-up shares: the database, Redis and the encryption key. */
function sharedEnv(postgres: Postgres, redis: Service): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: 'unused-trust-auth',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// n8n opens 2 database connections per process by default and gives up waiting for one
		// after 20 s. A burst of webhooks needs many on the main process at once (each one loads
		// the workflow, saves its static data and the new execution); with 2, many of 1,000
		// deliveries at once failed, and with 20 and 60 s, 7 of them still did (answered 500)
		// while other work kept both cores busy.
		DB_POSTGRESDB_POOL_SIZE: '10',
		DB_POSTGRESDB_CONNECTION_TIMEOUT: '300000',
		// n8n pings the database every 2 s and, when a ping takes over 5 s (a busy pool, a busy
		// process), answers every request 503 "Database is not ready!" until one succeeds. Such a
		// burst on two shared cores did that to 170 of 1,000 deliveries, and HighLevel does not
		// send a delivery again after a 5xx.
		DB_PING_TIMEOUT_MS: '300000',
	};
}

/** The main process takes every webhook: more database connections there. */
const MAIN_ENV = { DB_POSTGRESDB_POOL_SIZE: '30' };

/** One `n8n worker` process. Its log is kept: it names every execution it runs. */
export class N8nWorker {
	private constructor(
		readonly name: string,
		readonly pid: number,
		readonly userFolder: string,
		private readonly child: ChildProcess,
		readonly log: string[],
	) {}

	static async start(name: string, bin: string, tarball: string, env: Record<string, string>, concurrency: number): Promise<N8nWorker> {
		const userFolder = mkdtempSync(join(tmpdir(), `ghl-lms-n8n-${name}-`));
		installPackage(userFolder, tarball);
		const healthPort = await freePort();
		const child = spawn(bin, ['worker', `--concurrency=${concurrency}`], {
			env: {
				...process.env,
				...quietN8nEnv(bin),
				...env,
				N8N_USER_FOLDER: userFolder,
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				// "Worker started execution …" lines are logged at info.
				N8N_LOG_LEVEL: 'info',
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const log: string[] = [];
		child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
		if (child.pid === undefined) throw new Error(`${name} did not start`);
		const worker = new N8nWorker(name, child.pid, userFolder, child, log);
		await worker.waitUntilReady(`http://127.0.0.1:${healthPort}/healthz/readiness`);
		return worker;
	}

	private async waitUntilReady(url: string, timeoutMs = 120_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.child.exitCode !== null) {
				throw new Error(`${this.name} exited with ${this.child.exitCode}:\n${this.log.join('')}`);
			}
			try {
				if ((await fetch(url)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`${this.name} did not become ready:\n${this.log.join('')}`);
	}

	/** Execution ids this worker ran, from its "Worker started execution <id>" log lines. */
	executionIds(): string[] {
		return [...this.log.join('').matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
	}

	async stop(): Promise<void> {
		if (this.child.exitCode === null && this.child.signalCode === null) {
			const exited = new Promise((resolve) => this.child.once('exit', resolve));
			this.child.kill('SIGTERM');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
			if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
		}
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

export class QueueCluster {
	private constructor(
		readonly postgres: Postgres,
		readonly redis: Service,
		readonly main: N8nInstance,
		readonly workers: N8nWorker[],
	) {}

	/**
	 * Starts the services, then the main process (it runs the database migrations), then the
	 * workers together. If anything fails to start, what did start is stopped again.
	 */
	static async start({ bin, tarball, workers = 2, concurrency = 10, env = {} }: QueueClusterOptions): Promise<QueueCluster> {
		const started: Array<{ stop(): Promise<void> }> = [];
		try {
			const postgres = await startPostgres();
			started.push(postgres);
			const redis = await startRedis();
			started.push(redis);
			const shared = { ...sharedEnv(postgres, redis), ...env };
			const main = await N8nInstance.start({ bin, tarball, env: { ...shared, ...MAIN_ENV } });
			started.push(main);
			const workerList = await Promise.all(
				Array.from({ length: workers }, (_, i) => N8nWorker.start(`worker-${i + 1}`, bin, tarball, shared, concurrency)),
			);
			started.push(...workerList);
			return new QueueCluster(postgres, redis, main, workerList);
		} catch (error) {
			for (const service of started.reverse()) await service.stop().catch(() => undefined);
			throw error;
		}
	}

	/** Counts of a workflow's executions by status, read from the shared database. */
	executionStatuses(workflowId: string): Record<string, number> {
		const rows = this.postgres.query(
			`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}' GROUP BY status`,
		);
		return Object.fromEntries(rows.map(([status, count]) => [status, Number(count)]));
	}

	/**
	 * Waits until `expected` executions of the workflow have ended; returns the counts by status.
	 * Gives up when none has been running or new for `stallMs` (executions that were never
	 * created never come), or at `timeoutMs`.
	 */
	async waitForExecutions(workflowId: string, expected: number, timeoutMs: number, stallMs = 180_000): Promise<Record<string, number>> {
		const deadline = Date.now() + timeoutMs;
		const unfinished = new Set(['new', 'running', 'waiting', 'unknown']);
		let last = '';
		let changedAt = Date.now();
		for (;;) {
			const statuses = this.executionStatuses(workflowId);
			const total = Object.values(statuses).reduce((sum, n) => sum + n, 0);
			const open = Object.entries(statuses).reduce((sum, [status, n]) => sum + (unfinished.has(status) ? n : 0), 0);
			if (total >= expected && open === 0) return statuses;
			const now = Date.now();
			const seen = JSON.stringify(statuses);
			if (seen !== last || open > 0) [last, changedAt] = [seen, now];
			if (now > deadline || now - changedAt > stallMs) {
				throw new Error(`Executions of ${workflowId} did not finish (expected ${expected}): ${seen}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}

	/** Waits until none of the workflow's executions is new or running (best effort, no error). */
	async waitUntilIdle(workflowId: string, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		const open = new Set(['new', 'running', 'waiting', 'unknown']);
		while (Date.now() < deadline) {
			const statuses = this.executionStatuses(workflowId);
			if (Object.keys(statuses).every((status) => !open.has(status))) return;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}

	/** Which worker ran each execution id. */
	workerOfExecution(): Map<string, string> {
		const owners = new Map<string, string>();
		for (const worker of this.workers) for (const id of worker.executionIds()) owners.set(id, worker.name);
		return owners;
	}

	async stop(): Promise<void> {
		await Promise.all(this.workers.map((worker) => worker.stop().catch(() => undefined)));
		await this.main.stop().catch(() => undefined);
		await this.redis.stop().catch(() => undefined);
		await this.postgres.stop().catch(() => undefined);
	}
}
