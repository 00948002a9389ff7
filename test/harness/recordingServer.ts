import {
	createServer,
	type IncomingHttpHeaders,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingServer {
	url: string;
	/** Every request that arrived, in order. */
	received: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }>;
	close: () => Promise<void>;
}

/** A server on its own port (so its own origin) that records what arrives and answers `answer`. */
export async function startRecordingServer(
	answer: (response: ServerResponse) => void,
): Promise<RecordingServer> {
	const received: RecordingServer['received'] = [];
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			received.push({ method: request.method, url: request.url, headers: request.headers, body });
			answer(response);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
