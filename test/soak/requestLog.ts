// Every request a sandbox received during a run, and what the faults did to them.
// A sandbox's own log keeps the newest 10,000 requests; a soak sends more, so the log is sampled
// often and kept here whole (the entries are the sandbox's objects: their status arrives later).
import type { FaultKind, RecordedRequest } from '../../sandbox/ghl';

export class RequestLog {
	readonly entries: RecordedRequest[] = [];
	private readonly seen = new WeakSet<RecordedRequest>();
	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly source: () => RecordedRequest[]) {}

	start(): void {
		this.timer = setInterval(() => this.take(), 250);
	}

	stop(): void {
		clearInterval(this.timer);
		this.take();
	}

	private take(): void {
		for (const entry of this.source()) {
			if (this.seen.has(entry)) continue;
			this.seen.add(entry);
			this.entries.push(entry);
		}
	}
}

export interface RequestFigures {
	requests: number;
	faults: Record<FaultKind, number>;
	/** 429s the service's own rate limiter answered (not injected). */
	limiter429: number;
	/** 401s: expired access tokens. */
	unauthorized: number;
	/** Requests that repeat an earlier failed one (same method, path, query and body). */
	retries: { afterFailure: number; after429: number; after401: number };
	/** Refresh-token grants at the token endpoint. */
	refreshes: number;
}

const failed = (entry: RecordedRequest) =>
	entry.status === null || entry.status >= 500 || entry.status === 429 || entry.status === 401;

/**
 * Counts what the sandbox saw. A retry is a request identical to an earlier one that failed and
 * was not repeated yet; requests are taken in the order they arrived.
 */
export function figures(entries: RecordedRequest[]): RequestFigures {
	const result: RequestFigures = {
		requests: 0,
		faults: { '5xx': 0, reset: 0, stall: 0, '429': 0, lostAnswer: 0, lostAnswer502: 0, emptyAnswer: 0 },
		limiter429: 0,
		unauthorized: 0,
		retries: { afterFailure: 0, after429: 0, after401: 0 },
		refreshes: 0,
	};
	const pending = new Map<string, Array<number | null>>();
	for (const entry of entries) {
		if (entry.path.startsWith('/oauth/token') || entry.path.startsWith('/v2/auth/token')) {
			const body = entry.body as { grant_type?: string } | undefined;
			if (body?.grant_type === 'refresh_token') result.refreshes++;
			continue;
		}
		result.requests++;
		if (entry.fault) result.faults[entry.fault]++;
		else if (entry.status === 429) result.limiter429++;
		if (entry.status === 401) result.unauthorized++;
		const key = `${entry.method} ${entry.path} ${JSON.stringify(entry.query ?? {})} ${JSON.stringify(entry.body ?? null)}`;
		const earlier = pending.get(key);
		if (earlier && earlier.length > 0) {
			const status = earlier.shift();
			if (status === 429) result.retries.after429++;
			else if (status === 401) result.retries.after401++;
			else result.retries.afterFailure++;
		}
		if (failed(entry)) {
			const list = pending.get(key) ?? [];
			list.push(entry.status);
			pending.set(key, list);
		}
	}
	return result;
}
