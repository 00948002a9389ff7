// Local Skilljar API sandbox (v1 and v2): start it, drive it, inspect it.
import type { FastifyInstance } from 'fastify';
import type { FaultConfig } from '../ghl/faults';
import type { RecordedRequest, SandboxStats } from '../ghl/recorder';
import type {
	ApiKeyOptions,
	OAuthClientCredentials,
	OAuthClientOptions,
	TokenResponse,
} from './auth';
import {
	SandboxContext,
	type ConfigPatch,
	type RuntimeConfig,
	type SkilljarSandboxOptions,
} from './context';
import type { SeedOptions, SeedResult } from './seed';
import { buildServer, INSPECT_PREFIX } from './server';
import type { SkilljarStore } from './store';
import type { Delivery, EventType } from './types';
import type { DeliveryTransport } from './webhooks';

export { V2_SCOPES } from './auth';
export { DEMO_COURSE } from './seed';
export type {
	ApiKeyOptions,
	OAuthClientCredentials,
	OAuthClientOptions,
	TokenResponse,
} from './auth';
export type {
	ConfigPatch,
	RateLimitConfig,
	RuntimeConfig,
	SkilljarSandboxOptions,
} from './context';
export type { SeedOptions, SeedResult } from './seed';
export type { SkilljarStore } from './store';
export type * from './types';
export type { DeliveryTransport, OutgoingRequest } from './webhooks';
export type { FaultConfig, RecordedRequest, SandboxStats };

export interface SkilljarSandboxUrls {
	/** API base, the stand-in for https://api.skilljar.com (v1 and v2 live under it). */
	api: string;
	/** v2 token endpoint. */
	token: string;
	inspect: string;
}

export class SkilljarSandbox {
	readonly url: string;
	readonly port: number;

	constructor(
		private readonly ctx: SandboxContext,
		private readonly app: FastifyInstance,
		port: number,
	) {
		this.port = port;
		this.url = `http://127.0.0.1:${port}`;
	}

	get urls(): SkilljarSandboxUrls {
		return {
			api: this.url,
			token: `${this.url}/v2/auth/token`,
			inspect: `${this.url}${INSPECT_PREFIX}`,
		};
	}

	/** Direct state access: users, domain members, groups, enrollments, webhooks, … */
	get store(): SkilljarStore {
		return this.ctx.store;
	}

	get defaultDomain(): string {
		return this.ctx.store.defaultDomain;
	}

	seed(options: SeedOptions): SeedResult {
		return this.ctx.seed(options);
	}

	/** A v1 API key (HTTP Basic username, empty password). */
	createApiKey(options: ApiKeyOptions = {}): string {
		return this.ctx.auth.createApiKey(options);
	}

	/** A v2 OAuth client for the client-credentials grant. */
	createOAuthClient(options: OAuthClientOptions = {}): OAuthClientCredentials {
		return this.ctx.auth.createOAuthClient(options);
	}

	/** A v2 access token as the token endpoint would issue it. */
	issueToken(clientId: string, scopes: string[]): TokenResponse {
		return this.ctx.auth.signToken(clientId, scopes);
	}

	/** Expires every v2 access token now; returns how many were live. */
	expireAccessTokens(): number {
		return this.ctx.auth.expireAccessTokens();
	}

	/** Snapshot of the request log (oldest first; the inspection API is not logged). */
	get requests(): RecordedRequest[] {
		return this.ctx.recorder.requests;
	}

	clearRequests(): void {
		this.ctx.recorder.clear();
	}

	get stats(): SandboxStats {
		return this.ctx.recorder.stats;
	}

	/** Replaces the fault config and restarts its request count and PRNG. */
	setFaults(faults: FaultConfig = {}): void {
		this.ctx.faults.set(faults);
	}

	configure(patch: ConfigPatch): void {
		this.ctx.configure(patch);
	}

	get config(): RuntimeConfig {
		return this.ctx.config;
	}

	// ---- webhooks ----

	/** Every webhook POST made so far. */
	get deliveries(): Delivery[] {
		return this.ctx.webhooks.deliveries;
	}

	clearDeliveries(): void {
		this.ctx.webhooks.clear();
	}

	/** Where deliveries go: by default a real HTTP POST; tests can hand them to an in-process receiver. */
	setDeliveryTransport(transport: DeliveryTransport | undefined): void {
		this.ctx.webhooks.setTransport(transport);
	}

	/** Sends an event to the subscribed hooks now (on demand); returns how many hooks got it. */
	deliverEvent(event: EventType, payload: Record<string, unknown>): number {
		return this.ctx.webhooks.dispatch(event, payload);
	}

	/** Waits until every delivery started so far has been answered. */
	async flushDeliveries(): Promise<void> {
		await this.ctx.webhooks.flush();
	}

	async close(): Promise<void> {
		await this.ctx.webhooks.flush();
		await this.app.close();
	}
}

export async function startSkilljarSandbox(
	options: SkilljarSandboxOptions = {},
): Promise<SkilljarSandbox> {
	const ctx = new SandboxContext(options);
	const app = buildServer(ctx);
	await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
	const address = app.server.address();
	const port = typeof address === 'object' && address ? address.port : Number(options.port);
	ctx.baseUrl = options.publicUrl?.replace(/\/$/, '') ?? `http://127.0.0.1:${port}`;
	return new SkilljarSandbox(ctx, app, port);
}
