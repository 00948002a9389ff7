// A stand-in for the team's chat channel: the incoming-webhook URL template 13 posts its alerts to
// (Slack, Teams, Google Chat, Discord and Mattermost all take `{ "text": … }`). It keeps every
// message's text, so tests can check what the team was told, and that no secret was in it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AlertInbox {
	url: string;
	/** The `text` of every message, in arrival order (the raw body when it has none). */
	messages: string[];
	close(): Promise<void>;
}

export async function startAlertInbox(): Promise<AlertInbox> {
	const messages: string[] = [];
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			try {
				const parsed = JSON.parse(body) as { text?: unknown };
				messages.push(typeof parsed.text === 'string' ? parsed.text : body);
			} catch {
				messages.push(body);
			}
			// What Slack's incoming webhooks answer.
			response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/services/T000/B000/alerts`,
		messages,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
