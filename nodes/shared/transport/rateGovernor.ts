import { sleep } from 'n8n-workflow';

export interface RateLimitPolicy {
	/** Requests allowed per interval before the service answers 429. */
	max: number;
	intervalMs: number;
}

/** What a response's rate-limit headers said, when it had them. */
export interface RateLimitReading {
	max?: number;
	remaining?: number;
	intervalMs?: number;
	dailyRemaining?: number;
}

// Requests reach the service a little after we send them; counting our window this much longer
// than the service's keeps its count under the limit even when arrival times drift.
const ARRIVAL_MARGIN_MS = 250;
const DAILY_RECHECK_MS = 60_000;

/**
 * Paces requests to one rate-limited bucket (for GHL: one location) with a sliding log of send
 * times. A sliding log never lets more than `max` requests into any interval, so it also stays
 * under fixed-window counters. Readings from response headers correct the local view when other
 * workflows or apps spend the same budget.
 */
export class RateGovernor {
	private readonly sent: number[] = [];

	private blockedUntil = 0;

	private max: number;

	private intervalMs: number;

	private dailyExhaustedAt?: number;

	constructor(policy: RateLimitPolicy) {
		this.max = policy.max;
		this.intervalMs = policy.intervalMs;
	}

	/** Waits until one more request fits the budget, then records it as sent. */
	async acquire(): Promise<void> {
		for (;;) {
			const now = Date.now();
			this.prune(now);
			const waitForBlock = this.blockedUntil - now;
			if (waitForBlock <= 0 && this.sent.length < this.max) {
				this.sent.push(now);
				return;
			}
			const waitForSlot = this.sent.length >= this.max ? this.sent[0] + this.windowMs() - now : 0;
			await sleep(Math.max(waitForBlock, waitForSlot, 1));
		}
	}

	observe(reading: RateLimitReading): void {
		if (reading.max && reading.max > 0) this.max = reading.max;
		if (reading.intervalMs && reading.intervalMs > 0) this.intervalMs = reading.intervalMs;
		if (reading.dailyRemaining !== undefined) {
			this.dailyExhaustedAt = reading.dailyRemaining <= 0 ? Date.now() : undefined;
		}
		if (reading.remaining === undefined) return;
		const now = Date.now();
		this.prune(now);
		// Spent elsewhere = what the service counts beyond what we sent. A small slack absorbs
		// requests the service has not yet aged out of its own window.
		const spentElsewhere = this.max - reading.remaining - this.sent.length;
		const slack = Math.max(2, Math.ceil(this.max * 0.05));
		if (spentElsewhere > slack) {
			for (let i = 0; i < spentElsewhere - slack; i++) this.sent.push(now);
		}
	}

	/**
	 * Whether the service said the daily quota is spent. Services do not say when it resets, so
	 * after a minute one request may go out to ask again.
	 */
	get dailyExhausted(): boolean {
		return (
			this.dailyExhaustedAt !== undefined && Date.now() - this.dailyExhaustedAt < DAILY_RECHECK_MS
		);
	}

	/** After a 429: nothing more goes out until the service's window has passed. */
	backOff(retryAfterMs?: number): void {
		const until = Date.now() + (retryAfterMs ?? this.windowMs());
		this.blockedUntil = Math.max(this.blockedUntil, until);
	}

	private windowMs(): number {
		return this.intervalMs + ARRIVAL_MARGIN_MS;
	}

	private prune(now: number): void {
		const horizon = now - this.windowMs();
		let drop = 0;
		while (drop < this.sent.length && this.sent[drop] <= horizon) drop++;
		if (drop > 0) this.sent.splice(0, drop);
	}
}

// One governor per bucket for the whole n8n process, so parallel executions share a budget.
const governors = new Map<string, RateGovernor>();

export function governorFor(bucket: string, policy: RateLimitPolicy): RateGovernor {
	let governor = governors.get(bucket);
	if (!governor) {
		governor = new RateGovernor(policy);
		governors.set(bucket, governor);
	}
	return governor;
}
