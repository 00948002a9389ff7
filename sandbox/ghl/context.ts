// Everything one sandbox instance holds, shared by the routes, the inspection API and the in-process handle.
import { AuthRegistry } from './auth';
import { FaultInjector, type FaultConfig } from './faults';
import { RateLimiter, type RateLimitConfig } from './limits';
import { RequestRecorder } from './recorder';
import { seedStore, type SeedOptions, type SeedResult } from './seed';
import { GhlStore } from './store';
import { WebhookSender } from './webhooks';

/** Settings that can change while the sandbox runs (configure() / PATCH /__sandbox/config). */
export interface RuntimeConfig {
	/** Added before every API response. */
	latencyMs: number;
	/** Writes become visible to POST /contacts/search after this long. */
	searchLagMs: number;
	/** Status for an unknown contact id; live has been seen to answer 400. */
	unknownContactStatus: 400 | 404;
	/** Status for a missing/invalid Version header; captured live traffic shows 401. */
	versionHeaderErrorStatus: 400 | 401;
	/**
	 * Sandbox-only guard: a GET /contacts/ page whose cursor this sandbox issued must repeat the
	 * limit and query of the page that issued it, else 400. Catches clients that drop them on page 2.
	 */
	strictPaging: boolean;
	accessTokenLifetimeSec: number;
	/** OAuth access tokens stop working after this many API requests (0/undefined: never). */
	expireAccessTokensEvery?: number;
	rateLimit: RateLimitConfig;
	faults: FaultConfig;
}

export type ConfigPatch = Partial<Omit<RuntimeConfig, 'rateLimit'>> & { rateLimit?: Partial<RateLimitConfig> };

export interface GhlSandboxOptions extends ConfigPatch {
	/** 0 (default) picks a free port. The sandbox listens on 127.0.0.1 only. */
	port?: number;
	/** Base of absolute URLs the API returns (meta.nextPageUrl); default http://127.0.0.1:<port>. */
	publicUrl?: string;
	/** Id and duplicate setting of the location that always exists. */
	defaultLocationId?: string;
	allowDuplicateContact?: boolean;
	/** Data to seed at start. */
	seed?: SeedOptions;
	/** Time source (epoch ms), for tests that move time. */
	now?: () => number;
	/** The marketplace app id in every webhook delivery (default `SandboxMarketplaceApp1`). */
	appId?: string;
}

export class SandboxContext {
	readonly clock: () => number;
	readonly store: GhlStore;
	readonly auth: AuthRegistry;
	readonly limiter: RateLimiter;
	readonly faults: FaultInjector;
	readonly recorder = new RequestRecorder();
	/** Webhooks HighLevel would send for changes in `store`, and on demand. */
	readonly webhooks: WebhookSender;
	readonly settings: Pick<RuntimeConfig, 'latencyMs' | 'unknownContactStatus' | 'versionHeaderErrorStatus' | 'strictPaging'>;
	/** Set once the server listens. */
	baseUrl = '';
	private seedRounds = 0;

	constructor(options: GhlSandboxOptions) {
		this.clock = options.now ?? Date.now;
		this.store = new GhlStore(this.clock, {
			searchLagMs: options.searchLagMs,
			defaultLocation: {
				...(options.defaultLocationId ? { id: options.defaultLocationId } : {}),
				allowDuplicateContact: options.allowDuplicateContact ?? false,
			},
		});
		this.webhooks = new WebhookSender(this.store, this.clock, options.appId);
		this.store.onChange(this.webhooks.listener);
		this.auth = new AuthRegistry(
			this.clock,
			{ accessTokenLifetimeSec: options.accessTokenLifetimeSec ?? 86_399, expireAccessTokensEvery: options.expireAccessTokensEvery },
			(id) => this.store.getLocation(id),
		);
		this.limiter = new RateLimiter(this.clock, options.rateLimit);
		this.faults = new FaultInjector(options.faults);
		this.settings = {
			latencyMs: options.latencyMs ?? 0,
			unknownContactStatus: options.unknownContactStatus ?? 400,
			versionHeaderErrorStatus: options.versionHeaderErrorStatus ?? 401,
			strictPaging: options.strictPaging ?? true,
		};
		if (options.seed) this.seed(options.seed);
	}

	seed(options: SeedOptions): SeedResult {
		// Seeded records are history, not news: HighLevel would not announce them.
		return this.store.quietly(() => seedStore(this.store, options, this.seedRounds++));
	}

	configure(patch: ConfigPatch): void {
		const { rateLimit, faults, searchLagMs, accessTokenLifetimeSec, expireAccessTokensEvery, ...settings } = patch;
		if (rateLimit) this.limiter.configure(rateLimit);
		if (faults) this.faults.set(faults);
		if (searchLagMs !== undefined) this.store.searchLagMs = searchLagMs;
		if (accessTokenLifetimeSec !== undefined) this.auth.settings.accessTokenLifetimeSec = accessTokenLifetimeSec;
		// null (from JSON) switches it off like undefined.
		if ('expireAccessTokensEvery' in patch) this.auth.settings.expireAccessTokensEvery = expireAccessTokensEvery ?? undefined;
		for (const [key, value] of Object.entries(settings)) {
			if (value !== undefined) Object.assign(this.settings, { [key]: value });
		}
	}

	get config(): RuntimeConfig {
		return {
			...this.settings,
			searchLagMs: this.store.searchLagMs,
			accessTokenLifetimeSec: this.auth.settings.accessTokenLifetimeSec,
			expireAccessTokensEvery: this.auth.settings.expireAccessTokensEvery,
			rateLimit: this.limiter.current,
			faults: this.faults.current,
		};
	}
}
