// What the GHL sandbox saw, summed up: the busiest 10-second window per location, and who sent what.
import type { RecordedRequest } from '../../../sandbox/ghl';
import { PROCESS_HEADER } from './requestTap';

export interface WindowPeak {
	/** Most requests that arrived in any window of `windowMs` (every window, not fixed ones). */
	count: number;
	/** When that window started (ISO). */
	from: string;
}

/** The busiest window of `windowMs` over the arrival times, checked at every request. */
export function busiestWindow(times: number[], windowMs: number): WindowPeak {
	const sorted = [...times].sort((a, b) => a - b);
	let best = { count: 0, from: sorted[0] ?? 0 };
	let end = 0;
	for (let start = 0; start < sorted.length; start++) {
		while (end < sorted.length && sorted[end] < sorted[start] + windowMs) end++;
		if (end - start > best.count) best = { count: end - start, from: sorted[start] };
	}
	return { count: best.count, from: new Date(best.from).toISOString() };
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
		const name = String(request.headers[PROCESS_HEADER] ?? 'direct');
		byProcess[name] ??= { requests: 0, rateLimited: 0 };
		byProcess[name].requests++;
		if (request.status === 429) byProcess[name].rateLimited++;
	}
	const locations: TrafficSummary['locations'] = {};
	for (const [location, list] of byLocation) {
		locations[location] = {
			requests: list.length,
			busiestWindow: busiestWindow(list.map((r) => Date.parse(r.time)), windowMs),
			busiestAcceptedWindow: busiestWindow(
				list.filter((r) => r.status !== 429).map((r) => Date.parse(r.time)),
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
