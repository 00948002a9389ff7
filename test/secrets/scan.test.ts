// The scan the secrets tests rely on finds a secret wherever a careless node or n8n would put it:
// printed by console or by n8n's logger (with its metadata), hidden in an error's cause, in a
// basic-auth header, URL-encoded, or cut short.
import { basicAuthPair, capturingOutput, leaksIn, leaksInValues, secret } from './secrets';

import { Container } from '@n8n/di';
import { ErrorReporter } from 'n8n-core';
import { LoggerProxy, NodeApiError } from 'n8n-workflow';

const TOKEN = secret('planted token', 'SECRET-PLANTED-4d3c2b1a0f9e8d7c6b5a');

describe('the secrets scan', () => {
	test('finds a secret printed by console.log, by process.stderr, or by n8n\'s logger as metadata', async () => {
		// n8n's logger exists once something asks for it, as every n8n process does at start.
		Container.get(ErrorReporter);
		const viaConsole = await capturingOutput(async () => console.log(`token=${TOKEN}`));
		const viaStderr = await capturingOutput(async () => {
			process.stderr.write(`token=${TOKEN}\n`);
		});
		const viaLogger = await capturingOutput(async () => LoggerProxy.debug('Refreshing', { request: { headers: { authorization: `Bearer ${TOKEN}` } } }));
		for (const { printed } of [viaConsole, viaStderr, viaLogger]) expect(leaksIn(printed)).toEqual(['planted token']);
		expect(viaLogger.printed).toMatch(/"level":"debug"/);
	});

	test('finds a secret in an error cause that only inspection shows, in JSON, and in an error n8n reports', async () => {
		const hidden = new Error('Request failed', { cause: { config: { headers: { Authorization: `Bearer ${TOKEN}` } } } });
		expect(JSON.stringify(hidden)).toBe('{}');
		expect(leaksInValues(hidden)).toEqual(['planted token']);
		const node = { id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		expect(leaksInValues(new NodeApiError(node, { message: `invalid token ${TOKEN}` }))).toEqual(['planted token']);
		const reported = await capturingOutput(async () => Container.get(ErrorReporter).error(new Error(`token ${TOKEN} refused`)));
		expect(leaksIn(reported.printed)).toEqual(['planted token']);
	});

	test('finds a secret base64-encoded in a basic-auth header, URL-encoded, JSON-escaped, or cut short', () => {
		basicAuthPair('planted password', 'n8n-user', 'SECRET-PLANTED-PASSWORD-99');
		expect(leaksIn(`Authorization: Basic ${Buffer.from('n8n-user:SECRET-PLANTED-PASSWORD-99').toString('base64')}`)).toContain('planted password (Authorization header)');
		expect(leaksIn(`Authorization: Basic ${Buffer.from(`${TOKEN}:`).toString('base64')}`)).toEqual(['planted token']);
		expect(leaksIn(`?token=${encodeURIComponent(`${TOKEN}/`)}`)).toEqual(['planted token']);
		expect(leaksIn(`token "${TOKEN.slice(0, 20)}…" is invalid`)).toEqual(['planted token']);
		expect(leaksIn('nothing to see here')).toEqual([]);
	});
});
