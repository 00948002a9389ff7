// PostgreSQL and Redis for n8n's queue mode, started by the test from the Debian packages
// (scripts/test-queue.mjs installs what is missing) on free ports, in throwaway folders.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../n8nInstance';

export interface Service {
	readonly port: number;
	readonly log: string[];
	stop(): Promise<void>;
}

/** Where the PostgreSQL server binaries are: on PATH, else the newest /usr/lib/postgresql/<v>/bin. */
export function postgresBinDir(): string {
	try {
		const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
		// Debian links only some programs onto PATH; the rest (psql, postgres) sit beside the real one.
		if (initdb) return join(realpathSync(initdb), '..');
	} catch {
		// not on PATH
	}
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base)
		? readdirSync(base)
				.filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
	return join(base, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root; as root the server runs as the package's `postgres` user. */
function serverUser(): { uid: number; gid: number } | undefined {
	if (userInfo().uid !== 0) return undefined;
	try {
		const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
		return { uid: id('-u'), gid: id('-g') };
	} catch {
		throw new Error('Running as root needs the `postgres` user of the Debian package (apt-get install postgresql)');
	}
}

function collect(child: ChildProcess, log: string[]): void {
	child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals, timeoutMs = 15_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill(signal);
	await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
	if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

async function waitForPort(port: number, child: ChildProcess, log: string[], what: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${log.join('')}`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = createConnection({ host: '127.0.0.1', port }, () => {
				socket.end();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`${what} did not listen on ${port}:\n${log.join('')}`);
}

export interface Postgres extends Service {
	readonly database: string;
	readonly user: string;
	/** Runs one SQL statement with psql; rows as arrays of strings. */
	query(sql: string): string[][];
}

/**
 * A PostgreSQL cluster made by initdb in a temp folder (trust auth on 127.0.0.1 only), durability
 * off because nothing outlives the test, and one database for n8n.
 */
export async function startPostgres(): Promise<Postgres> {
	const bin = postgresBinDir();
	const user = serverUser();
	const dataDir = mkdtempSync(join(tmpdir(), 'ghl-lms-pg-'));
	if (user) chownSync(dataDir, user.uid, user.gid);
	const asServer = user ? { uid: user.uid, gid: user.gid } : {};
	execFileSync(join(bin, 'initdb'), ['-D', dataDir, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
		...asServer,
		stdio: 'ignore',
	});
	const port = await freePort();
	const log: string[] = [];
	const child = spawn(
		join(bin, 'postgres'),
		[
			'-D', dataDir,
			'-p', String(port),
			'-k', dataDir,
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
		],
		{ ...asServer, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	collect(child, log);
	const stop = async () => {
		await stopChild(child, 'SIGINT');
		rmSync(dataDir, { recursive: true, force: true });
	};
	const psql = join(bin, 'psql');
	const run = (database: string, sql: string) =>
		execFileSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', database, '-At', '-F', '\t', '-c', sql], {
			encoding: 'utf8',
		});
	try {
		await waitForPort(port, child, log, 'PostgreSQL');
		// The port opens a moment before the server accepts sessions.
		for (let attempt = 0; ; attempt++) {
			try {
				run('postgres', 'CREATE DATABASE n8n');
				break;
			} catch (error) {
				if (attempt > 50) throw error;
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
		}
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		port,
		log,
		database: 'n8n',
		user: 'n8n',
		query: (sql) =>
			run('n8n', sql)
				.split('\n')
				.filter((line) => line !== '')
				.map((line) => line.split('\t')),
		stop,
	};
}

/** Redis as a child process: no persistence, 127.0.0.1 only. */
export async function startRedis(): Promise<Service> {
	const port = await freePort();
	const log: string[] = [];
	const child = spawn(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	child.once('error', (error) => log.push(`redis-server: ${error.message}\n`));
	collect(child, log);
	const stop = async () => await stopChild(child, 'SIGTERM');
	try {
		await waitForPort(port, child, log, 'Redis');
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, log, stop };
}
