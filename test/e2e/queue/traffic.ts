// What the GHL sandbox saw, summed up: the busiest 10-second window per location, and who sent what.
import type { RecordedRequest } from '../../../sandbox/ghl';
import { PROCESS_HEADER } from './requestTap';

export interface WindowPeak {
	/** Most requests that arrived in any window of `windowMs` (every window, not fixed ones). */
	count: number;
	/** When that window started (ISO). */
	from: string;
	/** How many of them each n8n process sent: one that sent most of them was pacing alone. */
	byProcess: Record<string, number>;
}

function processOf(request: RecordedRequest): string {
	return String(request.headers[PROCESS_HEADER] ?? 'direct');
}

/** The busiest window of `windowMs` over the requests' arrival times, checked at every request. */
export function busiestWindow(requests: RecordedRequest[], windowMs: number): WindowPeak {
	const sorted = requests
		.map((request) => ({ at: Date.parse(request.time), by: processOf(request) }))
		.sort((a, b) => a.at - b.at);
	let best = { count: 0, start: 0 };
	let end = 0;
	for (let start = 0; start < sorted.length; start++) {
		while (end < sorted.length && sorted[end].at < sorted[start].at + windowMs) end++;
		if (end - start > best.count) best = { count: end - start, start };
	}
	const byProcess: Record<string, number> = {};
	for (const { by } of sorted.slice(best.start, best.start + best.count)) byProcess[by] = (byProcess[by] ?? 0) + 1;
	return { count: best.count, from: new Date(sorted[best.start]?.at ?? 0).toISOString(), byProcess };
}

/**
 * When every process had started to send: the first request of the process that began last.
 * Until each one's answers show the others' spending it paces alone (see docs/scaling.md).
 */
export function allSendingFrom(requests: RecordedRequest[]): number {
	const firstByProcess = new Map<string, number>();
	for (const request of requests) {
		const at = Date.parse(request.time);
		const by = processOf(request);
		firstByProcess.set(by, Math.min(at, firstByProcess.get(by) ?? at));
	}
	return Math.max(...firstByProcess.values());
}

export interface ProcessTraffic {
	requests: number;
	/** 429s the sandbox answered this process (each one waited out and retried by the transport). */
	rateLimited: number;
}

export interface TrafficSummary {
	requests: number;
	rateLimited: number;
	durationMs: number;
	/** Per location (the rate-limit bucket): the busiest 10-s window of all requests, and of accepted ones. */
	locations: Record<string, { requests: number; busiestWindow: WindowPeak; busiestAcceptedWindow: WindowPeak }>;
	byProcess: Record<string, ProcessTraffic>;
}

/**
 * Sums up the API requests in the log. `locationOf` names a request's rate-limit bucket (for a
 * Private Integration token: the token's location).
 */
export function summarizeTraffic(
	requests: RecordedRequest[],
	locationOf: (request: RecordedRequest) => string,
	windowMs = 10_000,
): TrafficSummary {
	const times = requests.map((r) => Date.parse(r.time));
	const byLocation = new Map<string, RecordedRequest[]>();
	const byProcess: Record<string, ProcessTraffic> = {};
	for (const request of requests) {
		const location = locationOf(request);
		const list = byLocation.get(location) ?? [];
		list.push(request);
		byLocation.set(location, list);
		const name = processOf(request);
		byProcess[name] ??= { requests: 0, rateLimited: 0 };
		byProcess[name].requests++;
		if (request.status === 429) byProcess[name].rateLimited++;
	}
	const locations: TrafficSummary['locations'] = {};
	for (const [location, list] of byLocation) {
		locations[location] = {
			requests: list.length,
			busiestWindow: busiestWindow(list, windowMs),
			busiestAcceptedWindow: busiestWindow(
				list.filter((r) => r.status !== 429),
				windowMs,
			),
		};
	}
	return {
		requests: requests.length,
		rateLimited: requests.filter((r) => r.status === 429).length,
		durationMs: times.length ? Math.max(...times) - Math.min(...times) : 0,
		locations,
		byProcess,
	};
}
