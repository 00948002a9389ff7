// GHL sandboxes in a process of their own, one after another, driven over IPC by bench/sandbox.ts. The API is another
// machine in real life: here it gets its own process (and core), so the benchmark's CPU figures
// and event loop hold n8n and the node under test only.
import { startGhlSandbox, type GhlSandbox, type GhlSandboxOptions } from '../sandbox/ghl';

export type SandboxCommand =
	| { id: number; cmd: 'start'; options: GhlSandboxOptions }
	| { id: number; cmd: 'seed'; contacts: number; notesPerContact?: number; tasksPerContact?: number }
	| { id: number; cmd: 'contactIds' }
	| { id: number; cmd: 'oauth'; scopes: string[] }
	| { id: number; cmd: 'reset' }
	| { id: number; cmd: 'report' }
	| { id: number; cmd: 'stop' };

/** One API request as the benchmark needs it: arrival (epoch ms), status, time to answer. */
export interface LoggedRequest {
	at: number;
	method: string;
	path: string;
	status: number | null;
	durationMs?: number;
}

let sandbox: GhlSandbox | undefined;

function need(): GhlSandbox {
	if (!sandbox) throw new Error('sandbox not started');
	return sandbox;
}

async function handle(message: SandboxCommand): Promise<unknown> {
	switch (message.cmd) {
		case 'start':
			await sandbox?.close();
			sandbox = await startGhlSandbox(message.options);
			return { url: sandbox.url, locationId: sandbox.defaultLocationId };
		case 'seed':
			return need().seed({
				contacts: message.contacts,
				notesPerContact: message.notesPerContact,
				tasksPerContact: message.tasksPerContact,
			});
		case 'contactIds':
			return need()
				.store.listContacts(need().defaultLocationId)
				.map((contact) => contact.id);
		case 'oauth': {
			const client = need().createOAuthClient({ scopes: message.scopes });
			const tokens = need().issueOAuthTokens({ clientId: client.clientId, scopes: message.scopes });
			return { client, tokens, tokenUrl: need().urls.token };
		}
		case 'reset':
			need().clearRequests();
			need().resetStats();
			need().webhooks.clearDeliveries();
			return null;
		case 'report': {
			const requests: LoggedRequest[] = need()
				.requests.filter((r) => !r.path.startsWith('/oauth') && !r.path.startsWith('/__sandbox'))
				.map((r) => ({
					at: Date.parse(r.time),
					method: r.method,
					path: r.path,
					status: r.status,
					durationMs: r.durationMs,
				}));
			return { stats: need().stats, requests };
		}
		case 'stop':
			await need().close();
			sandbox = undefined;
			return null;
	}
}

process.on('message', (message: SandboxCommand) => {
	handle(message).then(
		(result) => process.send?.({ id: message.id, result }),
		(error: Error) => process.send?.({ id: message.id, error: error.message }),
	);
});
process.on('disconnect', () => process.exit(0));
