// Parent side of bench/sandboxProcess.ts: one child process for the whole benchmark, a fresh GHL
// sandbox in it for every measured run.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { GhlSandboxOptions, OAuthClientCredentials, OAuthTokenResponse, SandboxStats } from '../sandbox/ghl';
import type { LoggedRequest, SandboxCommand } from './sandboxProcess';

type Command = SandboxCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

export interface SandboxReport {
	stats: SandboxStats;
	requests: LoggedRequest[];
}

export interface StartedSandbox {
	url: string;
	locationId: string;
}

export class SandboxProcess {
	private nextId = 1;
	private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	private readonly child: ChildProcess;

	/** The child runs under the same loader as this process (tsx), inherited through execArgv. */
	constructor() {
		this.child = fork(join(__dirname, 'sandboxProcess.ts'), [], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			env: { ...process.env, N8N_LOG_LEVEL: 'silent' },
		});
		this.child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
			const waiting = this.pending.get(message.id);
			if (!waiting) return;
			this.pending.delete(message.id);
			if (message.error !== undefined) waiting.reject(new Error(`sandbox: ${message.error}`));
			else waiting.resolve(message.result);
		});
		this.child.on('exit', (code) => {
			for (const waiting of this.pending.values()) waiting.reject(new Error(`sandbox process exited (${code})`));
			this.pending.clear();
		});
	}

	private async call(command: Command): Promise<unknown> {
		const id = this.nextId++;
		return await new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			this.child.send({ ...command, id });
		});
	}

	/** Starts a new sandbox (closing the previous one). */
	async start(options: GhlSandboxOptions): Promise<StartedSandbox> {
		return (await this.call({ cmd: 'start', options })) as StartedSandbox;
	}

	async seed(contacts: number, perContact: { notes?: number; tasks?: number } = {}): Promise<void> {
		await this.call({ cmd: 'seed', contacts, notesPerContact: perContact.notes, tasksPerContact: perContact.tasks });
	}

	async contactIds(): Promise<string[]> {
		return (await this.call({ cmd: 'contactIds' })) as string[];
	}

	async oauth(scopes: string[]): Promise<{ client: OAuthClientCredentials; tokens: OAuthTokenResponse; tokenUrl: string }> {
		return (await this.call({ cmd: 'oauth', scopes })) as {
			client: OAuthClientCredentials;
			tokens: OAuthTokenResponse;
			tokenUrl: string;
		};
	}

	/** Empties the request log and counters. */
	async reset(): Promise<void> {
		await this.call({ cmd: 'reset' });
	}

	async report(): Promise<SandboxReport> {
		return (await this.call({ cmd: 'report' })) as SandboxReport;
	}

	async stop(): Promise<void> {
		await this.call({ cmd: 'stop' });
	}

	async exit(): Promise<void> {
		if (this.child.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => this.child.kill(), 3000);
			this.child.once('exit', () => {
				clearTimeout(timer);
				resolve();
			});
			this.child.disconnect();
		});
	}
}
