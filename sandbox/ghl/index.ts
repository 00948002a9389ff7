// Local GHL (LeadConnector) Contacts API v2 sandbox: start it, drive it, inspect it.
import type { FastifyInstance } from 'fastify';
import type { OAuthClientCredentials, OAuthClientOptions, OAuthTokenResponse } from './auth';
import { SandboxContext, type ConfigPatch, type GhlSandboxOptions, type RuntimeConfig } from './context';
import type { FaultConfig } from './faults';
import type { RateLimitConfig } from './limits';
import type { RecordedRequest, SandboxStats } from './recorder';
import type { SeedOptions, SeedResult } from './seed';
import { buildServer, INSPECT_PREFIX } from './server';
import type { GhlStore } from './store';
import type { Location } from './types';
import type { WebhookSender } from './webhooks';

export { API_VERSION } from './pipeline';
export { ManualClock } from './clock';
export { DEFAULT_SCOPES } from './auth';
export type { OAuthClientCredentials, OAuthClientOptions, OAuthTokenResponse } from './auth';
export type { ConfigPatch, GhlSandboxOptions, RuntimeConfig } from './context';
export type { FaultConfig, FaultKind } from './faults';
export type { RateLimitConfig } from './limits';
export type { RecordedRequest, SandboxStats } from './recorder';
export type { SeedOptions, SeedResult } from './seed';
export type { GhlStore, StoreChange } from './store';
export { SANDBOX_APP_ID, SIGNATURE_HEADERS, WEBHOOK_EVENT_TYPES } from './webhooks';
export type {
	AutomationOptions,
	DeliveryOptions,
	DeliveryTarget,
	SignatureKind,
	WebhookDelivery,
	WebhookEventType,
	WebhookSender,
	WebhookSubject,
	WebhookSubscription,
} from './webhooks';
export type * from './types';
export type { Campaign, CampaignMembership, ContactAutomation, User, Workflow, WorkflowEnrollment } from './automation';

export interface GhlSandboxUrls {
	/** API base, the stand-in for https://services.leadconnectorhq.com */
	api: string;
	/** OAuth consent page (approves at once). */
	authorize: string;
	token: string;
	inspect: string;
}

export class GhlSandbox {
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

	get urls(): GhlSandboxUrls {
		return {
			api: this.url,
			authorize: `${this.url}/oauth/chooselocation`,
			token: `${this.url}/oauth/token`,
			inspect: `${this.url}${INSPECT_PREFIX}`,
		};
	}

	/**
	 * Webhooks as HighLevel sends them: test public keys, subscriptions, the outbox of deliveries
	 * (made on every data change), and on-demand, duplicated, delayed, tampered or automation sends.
	 */
	get webhooks(): WebhookSender {
		return this.ctx.webhooks;
	}

	/** Direct state access: getContact, listContacts, addContact, addTask, addLocation, … */
	get store(): GhlStore {
		return this.ctx.store;
	}

	get defaultLocationId(): string {
		return this.ctx.store.defaultLocationId;
	}

	seed(options: SeedOptions): SeedResult {
		return this.ctx.seed(options);
	}

	addLocation(location: Partial<Location>): Location {
		return this.ctx.store.addLocation(location);
	}

	/** A Private Integration Token ("pit-…") for a location (default location, default scopes). */
	createPrivateToken(options: { locationId?: string; scopes?: string[]; token?: string } = {}): string {
		return this.ctx.auth.createPrivateToken({ ...options, locationId: options.locationId ?? this.defaultLocationId });
	}

	createOAuthClient(options: OAuthClientOptions = {}): OAuthClientCredentials {
		return this.ctx.auth.createOAuthClient(options);
	}

	/** Access + refresh token as POST /oauth/token would return them, without the browser step. */
	issueOAuthTokens(options: { clientId: string; locationId?: string; scopes?: string[] }): OAuthTokenResponse {
		return this.ctx.auth.issueTokens({ ...options, locationId: options.locationId ?? this.defaultLocationId });
	}

	authorizeUrl(params: { clientId: string; redirectUri: string; scope?: string; state?: string; locationId?: string }): string {
		const query = new URLSearchParams({ response_type: 'code', client_id: params.clientId, redirect_uri: params.redirectUri });
		if (params.scope) query.set('scope', params.scope);
		if (params.state) query.set('state', params.state);
		if (params.locationId) query.set('locationId', params.locationId);
		return `${this.urls.authorize}?${query}`;
	}

	/** Expires every OAuth access token now; returns how many. */
	expireAccessTokens(): number {
		return this.ctx.auth.expireAccessTokens();
	}

	/** Snapshot of the request log (oldest first). */
	get requests(): RecordedRequest[] {
		return this.ctx.recorder.requests;
	}

	clearRequests(): void {
		this.ctx.recorder.clear();
	}

	get stats(): SandboxStats {
		return this.ctx.recorder.stats;
	}

	resetStats(): void {
		this.ctx.recorder.resetStats();
	}

	/** Replaces the fault config and restarts its request count and PRNG. */
	setFaults(faults: FaultConfig = {}): void {
		this.ctx.faults.set(faults);
	}

	/** Changes limits; buckets start empty. */
	setRateLimit(limits: Partial<RateLimitConfig>): void {
		this.ctx.limiter.configure(limits);
	}

	configure(patch: ConfigPatch): void {
		this.ctx.configure(patch);
	}

	get config(): RuntimeConfig {
		return this.ctx.config;
	}

	async close(): Promise<void> {
		await this.ctx.webhooks.flush();
		await this.app.close();
	}
}

export async function startGhlSandbox(options: GhlSandboxOptions = {}): Promise<GhlSandbox> {
	const ctx = new SandboxContext(options);
	const app = buildServer(ctx);
	await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
	const address = app.server.address();
	const port = typeof address === 'object' && address ? address.port : Number(options.port);
	ctx.baseUrl = options.publicUrl?.replace(/\/$/, '') ?? `http://127.0.0.1:${port}`;
	return new GhlSandbox(ctx, app, port);
}
