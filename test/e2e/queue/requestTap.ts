// A pass-through HTTP proxy in front of a sandbox that tells which n8n process sent each request.
// Every n8n process uses the same credential (the same API base URL), so the sandbox alone cannot
// tell workers apart. The proxy looks up which process owns the other end of each connection
// (Linux: /proc/net/tcp gives the socket's inode, /proc/<pid>/fd names the process holding it) and
// adds `x-queue-process: <name>` to the request, which the sandbox's request log keeps.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';

export const PROCESS_HEADER = 'x-queue-process';

export interface RequestTap {
	readonly url: string;
	/** Names the processes whose connections are labelled; others are labelled `other`. */
	watch(name: string, pid: number): void;
	close(): Promise<void>;
}

function hexPort(port: number): string {
	return port.toString(16).toUpperCase().padStart(4, '0');
}

/** Inode of the IPv4/IPv6 socket whose local port is `clientPort` and remote port `serverPort`. */
function socketInode(clientPort: number, serverPort: number): string | undefined {
	const local = `:${hexPort(clientPort)}`;
	const remote = `:${hexPort(serverPort)}`;
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			if (fields.length < 10) continue;
			if (fields[1].endsWith(local) && fields[2].endsWith(remote)) return fields[9];
		}
	}
	return undefined;
}

function holds(pid: number, inode: string): boolean {
	const target = `socket:[${inode}]`;
	let fds: string[];
	try {
		fds = readdirSync(`/proc/${pid}/fd`);
	} catch {
		return false;
	}
	for (const fd of fds) {
		try {
			if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return true;
		} catch {
			// closed meanwhile
		}
	}
	return false;
}

export async function startRequestTap(targetPort: number): Promise<RequestTap> {
	const watched = new Map<string, number>();
	const labels = new WeakMap<Socket, string>();
	const upstream = new Agent({ keepAlive: true, maxSockets: 256 });
	let ownPort = 0;

	const labelOf = (socket: Socket): string => {
		let label = labels.get(socket);
		if (label === undefined) {
			const inode = socket.remotePort ? socketInode(socket.remotePort, ownPort) : undefined;
			label = 'other';
			if (inode) {
				for (const [name, pid] of watched) {
					if (holds(pid, inode)) {
						label = name;
						break;
					}
				}
			}
			labels.set(socket, label);
		}
		return label;
	};

	const server: Server = createServer((incoming, outgoing) => {
		const headers: IncomingHttpHeaders = { ...incoming.headers, [PROCESS_HEADER]: labelOf(incoming.socket) };
		const forward = request(
			{ host: '127.0.0.1', port: targetPort, method: incoming.method, path: incoming.url, headers, agent: upstream },
			(answer) => {
				outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(outgoing);
			},
		);
		// A connection the sandbox drops is dropped towards n8n too, as the real service would.
		forward.on('error', () => outgoing.destroy());
		incoming.pipe(forward);
	});
	// Label at accept time, while the client's socket certainly exists.
	server.on('connection', (socket: Socket) => {
		labelOf(socket);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	ownPort = (server.address() as { port: number }).port;

	return {
		url: `http://127.0.0.1:${ownPort}`,
		watch(name, pid) {
			watched.set(name, pid);
		},
		async close() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
			upstream.destroy();
		},
	};
}
