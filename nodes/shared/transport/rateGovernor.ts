import { pause, throwIfCanceled } from './cancel';

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
// While others spend the same budget (other n8n workers in queue mode, other apps), a tenth of
// what the service says is left stays unspent: their requests already on the way land in it...
const SHARED_RESERVE = 0.1;
// ...as each process keeps at most this many on the way while it shares, or has not yet heard
// what is left, which keeps answers fresh. 100 requests per 10 s need about one at a time.
const FEW_IN_FLIGHT = 2;
// Alone, we leave room for that many: a process that starts spending the same budget gets its
// first requests answered (not 429), and the counts in their answers tell both of us to share.
// Alone, one process still uses 98 of every 100 (less the arrival margin: 98 per 10.25 s).
const ALONE_RESERVE = FEW_IN_FLIGHT;
// A count this share of the budget below the previous answer's: the service's window restarted.
const RESET_DROP = 0.05;
// Readings of our own requests in a window before its count is used to tell how many share it.
const MIN_SAMPLE = 5;
const MAX_SHARERS = 10;
const SETTLE_POLL_MS = 5;

/**
 * Paces requests to one rate-limited bucket (for GHL: one location). A sliding log of our own send
 * times never lets more than `max` of them into any interval, so one process alone stays under the
 * service's counters. Every answer's X-RateLimit-Remaining also caps what goes out until the next
 * answer: what is left, less our requests still on the way.
 *
 * When the service counts more than we sent, others spend the same budget (n8n workers in queue
 * mode, several n8n instances with one token). Then, without talking to them: what they spent in
 * the last interval counts as ours for one interval, a reserve stays unspent, only a few requests
 * go out at a time, and our sliding log keeps to our part of the budget (less the reserve, split
 * between as many processes as the counts suggest), so that no interval holds more than the limit
 * even where the service's windows meet. Alone, a process leaves room for a newcomer's first
 * requests and spreads its own over the interval, so that both soon see each other's counts.
 */
export class RateGovernor {
	/** When this process sent each request still inside the window. */
	private readonly sent: number[] = [];

	/** Requests this process has sent so far; acquire() hands out the count as a ticket. */
	private issued = 0;

	private inFlight = 0;

	/** Requests over (answered or failed), and how many were over when each still out was sent. */
	private settled = 0;

	private readonly settledAtSend = new Map<number, number>();

	/** Whether any request has been answered yet, and whether answers say what is left. */
	private answered = false;

	private readsRemaining = false;

	/** How many more may go out on the newest answer, and until when that answer holds. */
	private allowance?: { left: number; until: number; ownFreeAt: number };

	private newestTicket = 0;

	/** How many were over when the newest answered request was sent. */
	private newestSettledAtSend = 0;

	/**
	 * How many of ours were over before the service's current window began, when we could tell:
	 * none of them is in its count. Unknown when the window was noticed by time alone.
	 */
	private settledBeforeWindow?: number;

	/** The count of the newest answer, and when we first heard from the service's current window. */
	private lastCounted = 0;

	private windowHeardAt = -Infinity;

	/** Our first request answered in that window. */
	private windowFirstTicket = 0;

	/** While shared: how many processes spend the budget, ours included, as the counts suggest. */
	private sharers = 2;

	/** When we last had to wait for budget: then we use all of our part. */
	private cappedAt = -Infinity;

	private sharedSince = -Infinity;

	private blockedUntil = 0;

	private max: number;

	private intervalMs: number;

	private dailyExhaustedAt?: number;

	constructor(policy: RateLimitPolicy) {
		this.max = policy.max;
		this.intervalMs = policy.intervalMs;
	}

	/**
	 * Waits until one more request fits the budget and records it as sent. Returns its ticket, to
	 * hand back to settle() once the request has been answered or has failed. A canceled execution
	 * stops waiting (and takes no slot).
	 */
	async acquire(signal?: AbortSignal): Promise<number> {
		for (;;) {
			throwIfCanceled(signal);
			const now = Date.now();
			this.prune(now);
			const forBudget = Math.max(this.waitForSlot(now), this.waitForAllowance(now));
			const wait = Math.max(this.blockedUntil - now, forBudget);
			// Waiting for budget (not for answers) means we would use more of it than we get.
			if (forBudget > SETTLE_POLL_MS) this.cappedAt = now;
			if (wait <= 0) {
				this.sent.push(now);
				this.inFlight++;
				if (this.allowance) this.allowance.left--;
				this.settledAtSend.set(++this.issued, this.settled);
				return this.issued;
			}
			await pause(Math.max(wait, 1), signal);
		}
	}

	/**
	 * A request is over: answered (`reading` holds the rate-limit headers it had, maybe none) or
	 * failed without an answer (no `reading`).
	 */
	settle(ticket: number, reading?: RateLimitReading): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.settled++;
		const settledAtSend = this.settledAtSend.get(ticket) ?? 0;
		this.settledAtSend.delete(ticket);
		if (!reading) return;
		this.answered = true;
		this.observe(reading, ticket, settledAtSend);
	}

	private observe(reading: RateLimitReading, ticket: number, settledAtSend: number): void {
		if (reading.max && reading.max > 0) this.max = reading.max;
		if (reading.intervalMs && reading.intervalMs > 0) this.intervalMs = reading.intervalMs;
		if (reading.dailyRemaining !== undefined) {
			this.dailyExhaustedAt = reading.dailyRemaining <= 0 ? Date.now() : undefined;
		}
		if (reading.remaining === undefined) return;
		this.readsRemaining = true;
		// Answers arrive out of order; an older request's answer knows less than a newer one's.
		if (ticket < this.newestTicket) return;
		const previousSettledAtSend = this.newestSettledAtSend;
		this.newestTicket = ticket;
		this.newestSettledAtSend = settledAtSend;
		const now = Date.now();
		this.prune(now);
		const counted = this.max - reading.remaining;
		// A count well below the last one means a new window. Answers arriving out of order make
		// dips of up to as many as we keep on the way at once, so a smaller one says nothing. An
		// answer more than an interval after the first one is from a new window too.
		const dipOutOfOrder = Math.max(Math.ceil(this.max * RESET_DROP), this.inFlightCap(false, false));
		const dropped = counted < this.lastCounted - dipOutOfOrder;
		if (dropped || now - this.windowHeardAt >= this.windowMs()) {
			this.windowHeardAt = now;
			this.windowFirstTicket = ticket;
			// The previous answer was counted in the previous window, so the service had answered
			// it, and all that were over before we sent it, before this window began.
			this.settledBeforeWindow = dropped ? previousSettledAtSend : undefined;
		}
		this.lastCounted = counted;
		// Every request we sent in the window may be in the service's count, also those still on
		// the way; only a count beyond all of them is someone else's. Alone, this never fires.
		// Those over before the window began are not in it: without them a few spent by another
		// process show, also while our log holds more of ours than the service's window does.
		const mayBeCounted = Math.min(
			this.sent.length,
			this.issued - (this.settledBeforeWindow ?? 0),
		);
		if (counted > mayBeCounted) {
			// Newly sharing: the others may have spent most of the last interval, also before the
			// service's window began, where no count of ours shows it. Taking what we see of it as
			// sent just now keeps us from adding to it until it has surely passed.
			if (!this.shared(now)) while (this.sent.length < counted) this.sent.push(now);
			this.sharedSince = now;
		}
		// Ours in this window: from its first answered one up to this one. While we use all of our
		// part and there are enough to go by, the others' part of the count says how many share it
		// (when we need less, a large count elsewhere says nothing about how many they are).
		const ours = ticket - this.windowFirstTicket + 1;
		const usingAllOfOurs = now - this.cappedAt < this.windowMs();
		if (this.shared(now) && usingAllOfOurs && ours >= MIN_SAMPLE) {
			const othersPerOurs = Math.max(0, counted - ours) / ours;
			this.sharers = Math.min(MAX_SHARERS, 1 + Math.max(1, Math.round(othersPerOurs)));
		}
		// Ours still on the way may not be counted yet (older ones too: answers arrive out of
		// order); others' on the way land in the reserve.
		const onTheWay = this.inFlight;
		const reserve = this.shared(now) ? this.reserve() : ALONE_RESERVE;
		// The window began before we first heard from it, so one interval later it has restarted.
		// Alone, the answer only mirrors our own log: a slot frees when our oldest request leaves it.
		this.allowance = {
			left: reading.remaining - onTheWay - reserve,
			until: this.windowHeardAt + this.windowMs(),
			ownFreeAt: (this.sent[0] ?? now) + this.windowMs(),
		};
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

	/** What stays unspent while others spend: their requests on the way land in it. */
	private reserve(): number {
		return Math.max(Math.ceil(this.max * SHARED_RESERVE), (this.sharers - 1) * FEW_IN_FLIGHT);
	}

	/** Others were seen spending within the last two windows. */
	private shared(now: number): boolean {
		return now - this.sharedSince < 2 * this.windowMs();
	}

	/**
	 * Our own sliding log is exact, so while the budget is shared each process keeps to its part of
	 * it: then no interval holds more than the limit, also where the service's windows meet and
	 * whenever the others sent while we were not looking.
	 */
	private waitForSlot(now: number): number {
		const shared = this.shared(now);
		const mine = shared
			? Math.floor((this.max - this.reserve()) / this.sharers)
			: this.max - ALONE_RESERVE;
		if (this.sent.length >= Math.max(1, mine)) return this.sent[0] + this.windowMs() - now;
		if (shared) return 0;
		// Alone, at most half of it goes out in any half interval (the same over a whole one). A
		// process that starts to spend the same budget then lands between our bursts rather than
		// after all of ours in the service's window, so our next answers count it and we share;
		// else it would be left the reserve for as long as we are busy.
		const half = Math.ceil(mine / 2);
		const halfMs = this.windowMs() / 2;
		const recent = this.sent.length >= half ? this.sent[this.sent.length - half] : -Infinity;
		return Math.max(0, recent + halfMs - now);
	}

	private waitForAllowance(now: number): number {
		const shared = this.shared(now);
		const heard = this.allowance !== undefined && now < this.allowance.until;
		const unsure = !this.answered || (this.readsRemaining && !heard);
		// Shared, or before the service has said how much is left, only a few go out at a time.
		// Alone, no more than the shared reserve: what we go by is never older than that many
		// requests, so one that starts to spend with us is seen before we overrun it.
		// Settling a request ends this wait; poll for it.
		if (this.inFlight >= this.inFlightCap(shared, unsure)) return SETTLE_POLL_MS;
		if (!this.allowance || !heard || this.allowance.left > 0) return 0;
		const until = shared
			? this.allowance.until
			: Math.min(this.allowance.until, this.allowance.ownFreeAt);
		return until - now;
	}

	private inFlightCap(shared: boolean, unsure: boolean): number {
		if (shared || unsure) return FEW_IN_FLIGHT;
		return this.readsRemaining ? Math.max(FEW_IN_FLIGHT, Math.ceil(this.max * SHARED_RESERVE)) : Infinity;
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
