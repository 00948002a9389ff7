// GHL's documented limits: a burst budget per interval and a daily budget, per app and location.
//
// Windows are fixed and start at the first request of a bucket: the burst window at that request
// and lasting `intervalMs`, the daily window lasting 24 h. When a window has passed, the next
// request opens a new one. X-RateLimit-Remaining is what is left in the current window, so a
// client that reads it never gets a 429 while it still shows budget.

export interface RateLimitConfig {
	/** Requests per burst window (GHL: 100). */
	max: number;
	/** Burst window length (GHL: 10,000 ms). */
	intervalMs: number;
	/** Requests per day (GHL: 200,000). */
	daily: number;
	/** Send Retry-After (seconds) on 429. GHL documents none, so off by default. */
	retryAfter: boolean;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { max: 100, intervalMs: 10_000, daily: 200_000, retryAfter: false };
const DAY_MS = 86_400_000;

interface Bucket {
	windowStart: number;
	count: number;
	dayStart: number;
	dayCount: number;
}

export interface RateDecision {
	allowed: boolean;
	headers: Record<string, string>;
}

export class RateLimiter {
	private config: RateLimitConfig;
	private readonly buckets = new Map<string, Bucket>();

	constructor(
		private readonly clock: () => number,
		config: Partial<RateLimitConfig> = {},
	) {
		this.config = { ...DEFAULT_RATE_LIMIT, ...config };
	}

	get current(): RateLimitConfig {
		return { ...this.config };
	}

	/** New limits start from empty buckets. */
	configure(config: Partial<RateLimitConfig>): void {
		this.config = { ...this.config, ...config };
		this.buckets.clear();
	}

	/** Counts one request against `key` unless a budget is spent; headers describe the state after it. */
	take(key: string): RateDecision {
		const now = this.clock();
		const { max, intervalMs, daily, retryAfter } = this.config;
		const bucket = this.buckets.get(key) ?? { windowStart: now, count: 0, dayStart: now, dayCount: 0 };
		this.buckets.set(key, bucket);
		if (now - bucket.windowStart >= intervalMs) Object.assign(bucket, { windowStart: now, count: 0 });
		if (now - bucket.dayStart >= DAY_MS) Object.assign(bucket, { dayStart: now, dayCount: 0 });

		const allowed = bucket.count < max && bucket.dayCount < daily;
		if (allowed) {
			bucket.count++;
			bucket.dayCount++;
		}
		const headers: Record<string, string> = {
			'x-ratelimit-max': String(max),
			'x-ratelimit-remaining': String(Math.max(0, max - bucket.count)),
			'x-ratelimit-interval-milliseconds': String(intervalMs),
			'x-ratelimit-limit-daily': String(daily),
			'x-ratelimit-daily-remaining': String(Math.max(0, daily - bucket.dayCount)),
		};
		if (!allowed && retryAfter) {
			const resetAt = bucket.dayCount >= daily ? bucket.dayStart + DAY_MS : bucket.windowStart + intervalMs;
			headers['retry-after'] = String(Math.max(1, Math.ceil((resetAt - now) / 1000)));
		}
		return { allowed, headers };
	}
}
