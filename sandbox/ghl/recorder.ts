// Log of requests received (except the inspection API itself) and counters, for tests to assert on.
import { FAULT_KINDS, type FaultKind } from './faults';

export interface RecordedRequest {
	/** The traceId sent back in the response body. */
	traceId: string;
	method: string;
	path: string;
	query: Record<string, unknown>;
	/** Header names lower-cased, as Node delivers them. */
	headers: Record<string, string | string[] | undefined>;
	/** Parsed body (JSON or form); undefined when none was read. */
	body: unknown;
	/** Status answered; null while in flight or when the connection was dropped by a fault. */
	status: number | null;
	fault?: FaultKind;
	time: string;
	durationMs?: number;
}

export interface SandboxStats {
	requests: number;
	/** 429s from the rate limiter (injected 429s are counted under faults). */
	rateLimited: number;
	faults: Record<FaultKind, number>;
	byStatus: Record<string, number>;
}

/** Oldest entries are dropped beyond this, so a long-running CLI sandbox does not grow without bound. */
const MAX_ENTRIES = 10_000;

function emptyStats(): SandboxStats {
	return { requests: 0, rateLimited: 0, faults: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>, byStatus: {} };
}

export class RequestRecorder {
	private entries: RecordedRequest[] = [];
	private counters = emptyStats();

	start(entry: Omit<RecordedRequest, 'status'>): RecordedRequest {
		const recorded: RecordedRequest = { ...entry, status: null };
		this.entries.push(recorded);
		if (this.entries.length > MAX_ENTRIES) this.entries.shift();
		this.counters.requests++;
		return recorded;
	}

	finish(entry: RecordedRequest, status: number | null, body: unknown): void {
		entry.status = status;
		entry.body = body;
		entry.durationMs = Date.now() - Date.parse(entry.time);
		if (status !== null) this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
	}

	countFault(entry: RecordedRequest, kind: FaultKind): void {
		entry.fault = kind;
		this.counters.faults[kind]++;
	}

	countRateLimited(): void {
		this.counters.rateLimited++;
	}

	get requests(): RecordedRequest[] {
		return [...this.entries];
	}

	get stats(): SandboxStats {
		return structuredClone(this.counters);
	}

	clear(): void {
		this.entries = [];
	}

	resetStats(): void {
		this.counters = emptyStats();
	}
}
