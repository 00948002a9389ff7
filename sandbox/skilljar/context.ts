// Everything one sandbox instance holds, shared by the routes, the inspection API and the in-process handle.
import { FaultInjector, type FaultConfig } from '../ghl/faults';
import { RequestRecorder } from '../ghl/recorder';
import { AuthRegistry } from './auth';
import { seedStore, type SeedOptions, type SeedResult } from './seed';
import { SkilljarStore } from './store';
import { WebhookDispatcher } from './webhooks';

/** Skilljar publishes no rate-limit figures; the sandbox can throttle to exercise 429 handling. */
export interface RateLimitConfig {
	/** Requests per window per credential; 0 = no limit (default). */
	max: number;
	intervalMs: number;
	/** Seconds sent in Retry-After on 429 (omitted when 0). */
	retryAfterSec: number;
}

/** Settings that can change while the sandbox runs (configure() / PATCH /__sandbox/config). */
export interface RuntimeConfig {
	/** Added before every API response. */
	latencyMs: number;
	/**
	 * Sandbox-only guard: a v1 cursor (GET /v1/users) or v2 page[cursor] must come back with the
	 * query it was issued for, else 400. Catches clients that rebuild `next` instead of following it.
	 */
	strictPaging: boolean;
	/**
	 * Shape of v1 list answers: `envelope` ({count, next, previous, results}, as the API docs
	 * describe) or `array` (a bare array with the next page in a `Link: <…>; rel="next"` header,
	 * as the spec's `type: array` for GET /v1/users allows).
	 */
	v1ListShape: 'envelope' | 'array';
	/** v1 page size when a request sends no `page_size` (live: 100); small values force paging. */
	v1DefaultPageSize: number;
	/**
	 * Bodies POST /v2/auth/token accepts: `json` (the spec's only request body, TokenRequest, no
	 * `scope`), `form` (RFC 6749's encoding, with `scope`), or `both` (what NOTES.md reports live).
	 */
	tokenBody: 'json' | 'form' | 'both';
	/** v2 access-token lifetime (live: 900 s). */
	accessTokenLifetimeSec: number;
	/**
	 * A permanent-error class for tests: regular expressions (case-insensitive) of emails Skilljar
	 * refuses with a 400 in DRF's validation shape when a write sets them (domain-user create, user
	 * update), as it does for addresses it deems invalid; a retry can never heal it.
	 */
	refusedEmails: string[];
	rateLimit: RateLimitConfig;
	faults: FaultConfig;
}

export type ConfigPatch = Partial<Omit<RuntimeConfig, 'rateLimit'>> & {
	rateLimit?: Partial<RateLimitConfig>;
};

export interface SkilljarSandboxOptions extends ConfigPatch {
	/** 0 (default) picks a free port. The sandbox listens on 127.0.0.1 only. */
	port?: number;
	/** Base of the absolute URLs the API returns (v1 `next`, v2 `links`); default http://127.0.0.1:<port>. */
	publicUrl?: string;
	/** Name of the training domain that always exists (default academy.example.com). */
	defaultDomain?: string;
	/** Data to seed at start. */
	seed?: SeedOptions;
	/** Time source (epoch ms), for tests that move time. */
	now?: () => number;
}

interface Window {
	start: number;
	count: number;
}

export class SandboxContext {
	readonly clock: () => number;
	readonly store: SkilljarStore;
	readonly auth: AuthRegistry;
	readonly faults: FaultInjector;
	readonly recorder = new RequestRecorder();
	readonly webhooks: WebhookDispatcher;
	readonly settings: Pick<
		RuntimeConfig,
		'latencyMs' | 'strictPaging' | 'v1ListShape' | 'v1DefaultPageSize' | 'tokenBody' | 'refusedEmails'
	>;
	rateLimit: RateLimitConfig;
	private readonly windows = new Map<string, Window>();
	/** Set once the server listens. */
	baseUrl = '';
	private seedRounds = 0;

	constructor(options: SkilljarSandboxOptions) {
		this.clock = options.now ?? Date.now;
		this.store = new SkilljarStore(this.clock, options.defaultDomain ?? 'academy.example.com');
		this.auth = new AuthRegistry(this.clock, {
			accessTokenLifetimeSec: options.accessTokenLifetimeSec ?? 900,
		});
		this.faults = new FaultInjector(options.faults);
		this.webhooks = new WebhookDispatcher(this.store, this.clock);
		this.settings = {
			latencyMs: options.latencyMs ?? 0,
			strictPaging: options.strictPaging ?? true,
			v1ListShape: options.v1ListShape ?? 'envelope',
			v1DefaultPageSize: options.v1DefaultPageSize ?? 100,
			tokenBody: options.tokenBody ?? 'both',
			refusedEmails: options.refusedEmails ?? [],
		};
		this.rateLimit = { max: 0, intervalMs: 1000, retryAfterSec: 1, ...options.rateLimit };
		if (options.seed) this.seed(options.seed);
	}

	seed(options: SeedOptions): SeedResult {
		return seedStore(this.store, options, this.seedRounds++);
	}

	/** Counts one request against the caller's window; false when it is over the limit. */
	takeRate(caller: string): boolean {
		const { max, intervalMs } = this.rateLimit;
		if (max <= 0) return true;
		const now = this.clock();
		let window = this.windows.get(caller);
		if (!window || now - window.start >= intervalMs) {
			window = { start: now, count: 0 };
			this.windows.set(caller, window);
		}
		window.count++;
		return window.count <= max;
	}

	/** Whether a write setting this email is refused (see RuntimeConfig.refusedEmails). */
	refusesEmail(email: string): boolean {
		return this.settings.refusedEmails.some((pattern) => new RegExp(pattern, 'i').test(email));
	}

	configure(patch: ConfigPatch): void {
		const { rateLimit, faults, accessTokenLifetimeSec, ...settings } = patch;
		if (rateLimit) {
			this.rateLimit = { ...this.rateLimit, ...rateLimit };
			this.windows.clear();
		}
		if (faults) this.faults.set(faults);
		if (accessTokenLifetimeSec !== undefined)
			this.auth.settings.accessTokenLifetimeSec = accessTokenLifetimeSec;
		for (const [key, value] of Object.entries(settings)) {
			if (value !== undefined) Object.assign(this.settings, { [key]: value });
		}
	}

	get config(): RuntimeConfig {
		return {
			...this.settings,
			accessTokenLifetimeSec: this.auth.settings.accessTokenLifetimeSec,
			rateLimit: { ...this.rateLimit },
			faults: this.faults.current,
		};
	}
}
