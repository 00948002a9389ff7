// Rate limiting, fault injection, the request log and the HTTP inspection API.
import { API_VERSION, startGhlSandbox, type FaultConfig, type GhlSandbox, type SandboxStats } from '../../sandbox/ghl';
import { apiClient, outcome, type ErrorBody } from './ghl-helpers';

describe('rate limiting', () => {
	let sb: GhlSandbox;
	let clock: number;

	beforeEach(async () => {
		clock = Date.parse('2025-03-01T00:00:00.000Z');
		sb = await startGhlSandbox({ now: () => clock, rateLimit: { max: 5, intervalMs: 2000, daily: 8 } });
	});
	afterEach(() => sb.close());

	it('sends the limit headers, answers 429 past the burst budget and counts it', async () => {
		const api = apiClient(sb, sb.createPrivateToken());
		const list = `/contacts/?locationId=${sb.defaultLocationId}`;
		const remaining: Array<string | null> = [];
		for (let i = 0; i < 5; i++) remaining.push((await api.get(list)).headers.get('x-ratelimit-remaining'));
		expect(remaining).toEqual(['4', '3', '2', '1', '0']);

		const limited = await api.get<ErrorBody>(list);
		expect(limited.status).toBe(429);
		expect(limited.body).toMatchObject({ statusCode: 429, message: 'Too many requests' });
		expect(Object.fromEntries([...limited.headers].filter(([name]) => name.startsWith('x-ratelimit')))).toEqual({
			'x-ratelimit-max': '5',
			'x-ratelimit-remaining': '0',
			'x-ratelimit-interval-milliseconds': '2000',
			'x-ratelimit-limit-daily': '8',
			'x-ratelimit-daily-remaining': '3',
		});
		expect(limited.headers.get('retry-after')).toBeNull();
		expect(sb.stats.rateLimited).toBe(1);

		// A new window opens once the interval has passed; then the daily budget runs out.
		clock += 2000;
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push((await api.get(list)).status);
		expect(statuses).toEqual([200, 200, 200, 429]);
	});

	it('keeps one bucket per app and location, skips /__sandbox, and can send Retry-After', async () => {
		sb.setRateLimit({ max: 1, retryAfter: true });
		const other = sb.addLocation({ id: 'OtherLocation0000001' });
		const a = apiClient(sb, sb.createPrivateToken());
		const b = apiClient(sb, sb.createPrivateToken({ locationId: other.id }));
		expect((await a.get(`/contacts/?locationId=${sb.defaultLocationId}`)).status).toBe(200);
		expect((await b.get(`/contacts/?locationId=${other.id}`)).status).toBe(200);
		const limited = await a.get(`/contacts/?locationId=${sb.defaultLocationId}`);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('2');
		for (let i = 0; i < 3; i++) expect((await fetch(`${sb.url}/__sandbox/stats`)).status).toBe(200);
	});
});

describe('fault injection', () => {
	let sb: GhlSandbox;
	beforeAll(async () => {
		sb = await startGhlSandbox({ rateLimit: { max: 10_000 } });
	});
	afterAll(() => sb.close());

	async function run(sandbox: GhlSandbox, count: number): Promise<Array<number | 'dropped'>> {
		const init = { headers: { authorization: `Bearer ${sandbox.createPrivateToken()}`, version: API_VERSION } };
		const results: Array<number | 'dropped'> = [];
		for (let i = 0; i < count; i++) results.push(await outcome(`${sandbox.url}/contacts/?locationId=${sandbox.defaultLocationId}`, init));
		return results;
	}

	it('repeats the same fault sequence for the same seed', async () => {
		const faults: FaultConfig = { rate: { status5xx: 0.15, reset: 0.1, burst429: 0.1 }, seed: 42 };
		sb.setFaults(faults);
		const first = await run(sb, 40);
		sb.setFaults(faults);
		const second = await run(sb, 40);
		const twin = await startGhlSandbox({ faults, rateLimit: { max: 10_000 } });
		const third = await run(twin, 40);
		await twin.close();
		sb.setFaults({ ...faults, seed: 43 });
		const otherSeed = await run(sb, 40);
		sb.setFaults();

		expect(second).toEqual(first);
		expect(third).toEqual(first);
		expect(otherSeed).not.toEqual(first);
		expect(first).toEqual(expect.arrayContaining([200, 429, 'dropped']));
		expect(first.some((status) => typeof status === 'number' && status >= 500)).toBe(true);
	});

	it('follows a schedule: reset drops the connection, stall hangs then drops, 5xx answers', async () => {
		sb.setFaults({
			schedule: [
				{ atRequest: 2, kind: 'reset' },
				{ atRequest: 3, kind: 'stall' },
				{ atRequest: 4, kind: '5xx' },
			],
			stallMs: 150,
		});
		sb.resetStats();
		const started = Date.now();
		const results = await run(sb, 5);
		sb.setFaults();
		expect(results[0]).toBe(200);
		expect(results.slice(1, 3)).toEqual(['dropped', 'dropped']);
		expect([500, 502, 503]).toContain(results[3]);
		expect(results[4]).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(150);
		const stats: SandboxStats = sb.stats;
		expect(stats.faults).toEqual({ '5xx': 1, reset: 1, stall: 1, '429': 0, lostAnswer: 0, lostAnswer502: 0, emptyAnswer: 0 });
		expect(sb.requests.slice(-4, -1).map((r) => [r.status, r.fault])).toEqual([
			[null, 'reset'],
			[null, 'stall'],
			[results[3], '5xx'],
		]);
	});

	it('gives gateway 5xx an HTML body and app 500s a JSON body', async () => {
		sb.setFaults({ rate: { status5xx: 1 }, seed: 1 });
		const api = apiClient(sb, sb.createPrivateToken());
		const seen = new Map<number, string>();
		for (let i = 0; i < 12; i++) {
			const res = await api.get<unknown>(`/contacts/?locationId=${sb.defaultLocationId}`);
			seen.set(res.status, res.headers.get('content-type') ?? '');
		}
		// The inspection API is never faulted.
		expect((await fetch(`${sb.url}/__sandbox/state`)).status).toBe(200);
		sb.setFaults();
		for (const [status, type] of seen) expect(type).toContain(status === 500 ? 'application/json' : 'text/html');
		expect(seen.size).toBeGreaterThan(1);
	});
});

describe('request log and inspection API', () => {
	let sb: GhlSandbox;
	beforeAll(async () => {
		sb = await startGhlSandbox();
	});
	afterAll(() => sb.close());

	const inspect = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const res = await fetch(`${sb.url}/__sandbox${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		expect(res.status).toBeLessThan(300);
		return (await res.json()) as T;
	};

	it('records method, path, query, lower-cased headers, parsed body and status', async () => {
		sb.clearRequests();
		const api = apiClient(sb, sb.createPrivateToken());
		await api.request('POST', `/contacts/?dryRun=1`, { locationId: sb.defaultLocationId, firstName: 'Logged' }, { 'X-Custom': 'yes' });
		await inspect('GET', '/state');
		expect(sb.requests).toHaveLength(1);
		expect(sb.requests[0]).toMatchObject({
			method: 'POST',
			path: '/contacts/',
			query: { dryRun: '1' },
			headers: { 'x-custom': 'yes', version: API_VERSION },
			body: { firstName: 'Logged' },
			status: 201,
		});
		expect((await inspect<{ requests: unknown[] }>('GET', '/requests')).requests).toHaveLength(1);
		await inspect('DELETE', '/requests');
		expect(sb.requests).toEqual([]);
	});

	it('seeds, issues tokens and changes config over HTTP', async () => {
		const { result } = await inspect<{ result: { contacts: number } }>('POST', '/seed', { contacts: 3, tasksPerContact: 1 });
		expect(result.contacts).toBe(3);
		const { token } = await inspect<{ token: string }>('POST', '/tokens/private', { scopes: ['contacts.readonly'] });
		expect(token).toMatch(/^pit-/);

		const { contacts } = await inspect<{ contacts: Array<{ id: string }> }>('GET', '/contacts');
		const detail = await inspect<{ contact: { id: string }; tasks: unknown[] }>('GET', `/contacts/${contacts[0].id}`);
		expect(detail.tasks).toHaveLength(1);

		const client = await inspect<{ clientId: string }>('POST', '/oauth/clients', {});
		const tokens = await inspect<{ access_token: string }>('POST', '/oauth/tokens', { clientId: client.clientId });
		const { config } = await inspect<{ config: { rateLimit: { max: number }; latencyMs: number } }>('PATCH', '/config', {
			rateLimit: { max: 1 },
			latencyMs: 20,
		});
		expect(config).toMatchObject({ rateLimit: { max: 1 }, latencyMs: 20 });

		const api = apiClient(sb, tokens.access_token);
		const started = Date.now();
		expect((await api.get(`/contacts/${contacts[0].id}`)).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(20);
		expect((await api.get(`/contacts/${contacts[0].id}`)).status).toBe(429);
		expect((await inspect<{ expired: number }>('POST', '/oauth/expire')).expired).toBe(1);
		expect((await inspect<{ stats: SandboxStats }>('GET', '/stats')).stats.rateLimited).toBe(1);
	});
});
