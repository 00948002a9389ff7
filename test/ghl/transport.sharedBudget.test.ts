import type { IDataObject } from 'n8n-workflow';

import { RateGovernor, type RateLimitReading } from '../../nodes/shared/transport/rateGovernor';
import { startGhlSandbox, type GhlSandbox } from '../../sandbox/ghl';

// n8n's queue mode runs executions in several worker processes, each with its own governor per
// location; they share only what HighLevel's headers say. Two governors here stand for two
// workers, each sending with ten requests at a time, against the sandbox's limit scaled to 50 per
// second (GHL: 100 per 10 s). These run in real time, so they check only safety (no 429, no
// interval over the limit); how much of the budget is used is measured on a simulated clock in
// transport.sharedBudget.scale.test.ts. Intervals are counted at the moment each governor lets a
// request go: on a loaded machine requests sent apart can arrive together, which says nothing about
// the governors.
const LIMIT = { max: 50, intervalMs: 1000 };
const RUN_MS = 4000;

function reading(headers: Headers): RateLimitReading {
	const number = (name: string) => (headers.has(name) ? Number(headers.get(name)) : undefined);
	return {
		max: number('x-ratelimit-max'),
		remaining: number('x-ratelimit-remaining'),
		intervalMs: number('x-ratelimit-interval-milliseconds'),
		dailyRemaining: number('x-ratelimit-daily-remaining'),
	};
}

/** When the governors let each request go, across all workers of a test. */
let sentAt: number[] = [];

/**
 * What the sandbox saw (requests, 429s), and the most requests let go in any one interval (of
 * those let go from `from` on).
 */
function seen(sandbox: GhlSandbox, from = 0) {
	const times = sentAt.filter((time) => time >= from).sort((a, b) => a - b);
	let busiest = 0;
	for (let start = 0, end = 0; start < times.length; start++) {
		while (end < times.length && times[end] < times[start] + LIMIT.intervalMs) end++;
		busiest = Math.max(busiest, end - start);
	}
	return { requests: sandbox.requests.length, rateLimited: sandbox.stats.rateLimited, busiest };
}

describe('two processes share one location budget through the rate-limit headers', () => {
	let sandbox: GhlSandbox;
	let url: string;
	let headers: IDataObject;

	beforeAll(async () => {
		sandbox = await startGhlSandbox({ port: 0, rateLimit: LIMIT });
		sandbox.seed({ contacts: 1 });
		const [contact] = sandbox.store.listContacts(sandbox.defaultLocationId);
		url = `${sandbox.url}/contacts/${contact.id}`;
		headers = { Authorization: `Bearer ${sandbox.createPrivateToken()}`, Version: '2021-07-28' };
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.clearRequests();
		sandbox.resetStats();
		sandbox.setRateLimit(LIMIT);
		sentAt = [];
	});

	/** One "worker": ten loops that acquire, send, and hand the answer back, as the transport does. */
	async function worker(governor: RateGovernor, readHeaders: boolean, until: number): Promise<void> {
		const loop = async () => {
			while (Date.now() < until) {
				const ticket = await governor.acquire();
				sentAt.push(Date.now());
				const response = await fetch(url, { headers: headers as Record<string, string> });
				await response.arrayBuffer();
				governor.settle(ticket, readHeaders ? reading(response.headers) : undefined);
				if (response.status === 429) governor.backOff();
			}
		};
		await Promise.all(Array.from({ length: 10 }, loop));
	}

	test('reading X-RateLimit-Remaining, neither overruns the limit: no 429, no interval over 50', async () => {
		const until = Date.now() + RUN_MS;
		await Promise.all([worker(new RateGovernor(LIMIT), true, until), worker(new RateGovernor(LIMIT), true, until)]);

		const { requests, rateLimited, busiest } = seen(sandbox);
		expect(requests).toBeGreaterThan(0);
		expect(rateLimited).toBe(0);
		expect(busiest).toBeLessThanOrEqual(LIMIT.max);
	});

	test('one joining while the other spends: the sandbox answers no more than a 429 or two, and once both share no interval holds over 50', async () => {
		const until = Date.now() + RUN_MS + 2 * LIMIT.intervalMs;
		const first = worker(new RateGovernor(LIMIT), true, until);
		await new Promise((resolve) => setTimeout(resolve, 1.5 * LIMIT.intervalMs));
		const joinedAt = Date.now();
		await Promise.all([first, worker(new RateGovernor(LIMIT), true, until)]);

		// The sandbox counts in fixed windows, as HighLevel documents: within them the two stay
		// under the limit but for a request or two at the moment of joining.
		expect(seen(sandbox).rateLimited).toBeLessThanOrEqual(2);
		// The newcomer cannot see what the first one spent before the sandbox's window began, so
		// for an interval after it joins a sliding window can hold more; later none does.
		expect(seen(sandbox, joinedAt + 2 * LIMIT.intervalMs).busiest).toBeLessThanOrEqual(LIMIT.max);
	});

	test('without the headers each paces only itself, and together they run into 429s', async () => {
		const until = Date.now() + RUN_MS;
		await Promise.all([worker(new RateGovernor(LIMIT), false, until), worker(new RateGovernor(LIMIT), false, until)]);

		expect(seen(sandbox).rateLimited).toBeGreaterThan(0);
	});

	test('alone, a process reading the headers never overruns the limit', async () => {
		const until = Date.now() + RUN_MS;
		await worker(new RateGovernor(LIMIT), true, until);

		const { requests, rateLimited, busiest } = seen(sandbox);
		expect(requests).toBeGreaterThan(0);
		expect(rateLimited).toBe(0);
		expect(busiest).toBeLessThanOrEqual(LIMIT.max);
	});
});
