// Log of API requests received (the inspection API is left out), for tests to assert on.
import type { FaultKind } from './faults';

export interface RecordedRequest {
	id: string;
	method: string;
	path: string;
	query: Record<string, unknown>;
	/** Header names lower-cased, as Node delivers them. */
	headers: Record<string, string | string[] | undefined>;
	/** Parsed body, as received (a test may check the password a client sent). */
	body: unknown;
	/** Status answered; null while in flight or when the connection was dropped. */
	status: number | null;
	fault?: FaultKind;
	time: string;
	durationMs?: number;
}

const MAX_ENTRIES = 10_000;

export class RequestRecorder {
	private entries: RecordedRequest[] = [];

	start(entry: Omit<RecordedRequest, 'status'>): RecordedRequest {
		const recorded: RecordedRequest = { ...entry, status: null };
		this.entries.push(recorded);
		if (this.entries.length > MAX_ENTRIES) this.entries.shift();
		return recorded;
	}

	finish(entry: RecordedRequest, status: number | null, body: unknown): void {
		entry.status = status;
		entry.body = body;
		entry.durationMs = Date.now() - Date.parse(entry.time);
	}

	get requests(): RecordedRequest[] {
		return [...this.entries];
	}

	clear(): void {
		this.entries = [];
	}
}
