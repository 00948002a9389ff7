// Tokens of one sandbox instance: Private Integration Tokens, OAuth clients, codes, access and refresh tokens.
import { INVALID_JWT, oauthError, unauthorized } from './errors';
import { randomHex, randomId, randomToken, uuid } from './random';
import type { Location } from './types';

export const DEFAULT_SCOPES = [
	'contacts.readonly',
	'contacts.write',
	'locations/customFields.readonly',
	'workflows.readonly',
	'campaigns.readonly',
	'users.readonly',
];
export const SANDBOX_USER_ID = 'SandboxUser000000001';
const CODE_LIFETIME_MS = 10 * 60_000;
const REFRESH_LIFETIME_SEC = 365 * 86_400;

/** What a bearer token stands for. */
export interface TokenGrant {
	kind: 'private' | 'oauth';
	/** The "app" GHL counts rate limits for: the OAuth client, or the private integration itself. */
	appId: string;
	locationId: string;
	companyId: string;
	userId: string;
	scopes: ReadonlySet<string>;
	/** Epoch ms; private tokens do not expire. */
	expiresAt?: number;
	/** API requests answered with this token (for `expireAccessTokensEvery`). */
	uses: number;
}

export interface OAuthClientCredentials {
	clientId: string;
	clientSecret: string;
}

export interface OAuthClientOptions {
	scopes?: string[];
	/** When set, authorize and token requests must use one of these. */
	redirectUris?: string[];
	/** Fixed credentials (the CLI uses them so an n8n credential survives restarts). */
	clientId?: string;
	clientSecret?: string;
}

interface OAuthClient extends OAuthClientCredentials {
	scopes: string[];
	redirectUris: string[];
}

export interface OAuthTokenResponse {
	access_token: string;
	token_type: 'Bearer';
	expires_in: number;
	refresh_token: string;
	scope: string;
	userType: 'Location';
	locationId: string;
	companyId: string;
	userId: string;
	isBulkInstallation: boolean;
}

/** Form fields of POST /oauth/token (client credentials already merged from a Basic header). */
export interface TokenRequest {
	client_id?: string;
	client_secret?: string;
	grant_type: 'authorization_code' | 'refresh_token' | 'client_credentials';
	code?: string;
	refresh_token?: string;
	user_type?: 'Location' | 'Company';
	redirect_uri?: string;
}

interface Installation {
	clientId: string;
	locationId: string;
	scopes: string[];
}

export interface AuthSettings {
	accessTokenLifetimeSec: number;
	/** An OAuth access token stops working after this many API requests (forces refresh in tests). */
	expireAccessTokensEvery?: number;
}

/** A `.write` scope also covers reads of the same resource. */
export function hasScope(grant: TokenGrant, required: string): boolean {
	return grant.scopes.has(required) || (required.endsWith('.readonly') && grant.scopes.has(required.replace(/\.readonly$/, '.write')));
}

/** Real access and refresh tokens are JWTs; clients may decode them, so these look the part. The signature is random. */
function fakeJwt(payload: Record<string, unknown>): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.${randomToken(32)}`;
}

export class AuthRegistry {
	private readonly grants = new Map<string, TokenGrant>();
	private readonly clients = new Map<string, OAuthClient>();
	private readonly codes = new Map<string, Installation & { redirectUri?: string; expiresAt: number }>();
	private readonly refreshTokens = new Map<string, Installation>();

	constructor(
		private readonly clock: () => number,
		readonly settings: AuthSettings,
		private readonly findLocation: (id: string) => Location | undefined,
	) {}

	createPrivateToken(options: { locationId: string; scopes?: string[]; token?: string }): string {
		const location = this.requireLocation(options.locationId);
		const token = options.token ?? `pit-${uuid()}`;
		this.grants.set(token, {
			kind: 'private',
			appId: token,
			locationId: location.id,
			companyId: location.companyId,
			userId: SANDBOX_USER_ID,
			scopes: new Set(options.scopes ?? DEFAULT_SCOPES),
			uses: 0,
		});
		return token;
	}

	createOAuthClient(options: OAuthClientOptions = {}): OAuthClientCredentials {
		// Real client ids look like "<24 hex>-<8 alnum>".
		const clientId = options.clientId ?? `${randomHex(12)}-${randomId(8).toLowerCase()}`;
		const client: OAuthClient = {
			clientId,
			clientSecret: options.clientSecret ?? uuid(),
			scopes: options.scopes ?? DEFAULT_SCOPES,
			redirectUris: options.redirectUris ?? [],
		};
		this.clients.set(clientId, client);
		return { clientId, clientSecret: client.clientSecret };
	}

	/** The consent step of /oauth/chooselocation, approved at once. Returns the authorization code. */
	authorize(params: { clientId?: string; redirectUri?: string; scope?: string; locationId: string }): string {
		const client = params.clientId ? this.clients.get(params.clientId) : undefined;
		if (!client) throw oauthError(400, 'invalid_client', 'Unknown client_id');
		this.checkRedirect(client, params.redirectUri);
		const code = randomToken(20);
		this.codes.set(code, {
			clientId: client.clientId,
			locationId: this.requireLocation(params.locationId).id,
			scopes: this.grantableScopes(client, params.scope),
			redirectUri: params.redirectUri,
			expiresAt: this.clock() + CODE_LIFETIME_MS,
		});
		return code;
	}

	/** POST /oauth/token. Codes and refresh tokens are single-use; a refresh rotates the refresh token. */
	exchange(request: TokenRequest): OAuthTokenResponse {
		const client = request.client_id ? this.clients.get(request.client_id) : undefined;
		if (!client || client.clientSecret !== request.client_secret) {
			throw oauthError(401, 'invalid_client', 'Client authentication failed');
		}
		if (request.grant_type === 'authorization_code') {
			const code = request.code ? this.codes.get(request.code) : undefined;
			if (request.code) this.codes.delete(request.code);
			if (!code || code.clientId !== client.clientId || code.expiresAt < this.clock()) {
				throw oauthError(400, 'invalid_grant', 'Invalid grant: authorization code is invalid or expired');
			}
			if (code.redirectUri !== undefined && request.redirect_uri !== undefined && code.redirectUri !== request.redirect_uri) {
				throw oauthError(400, 'invalid_grant', 'Invalid grant: redirect_uri does not match the authorization request');
			}
			return this.issue(code);
		}
		if (request.grant_type === 'refresh_token') {
			const installation = request.refresh_token ? this.refreshTokens.get(request.refresh_token) : undefined;
			if (!installation || installation.clientId !== client.clientId) {
				throw oauthError(400, 'invalid_grant', 'Invalid grant: refresh token is invalid');
			}
			this.refreshTokens.delete(request.refresh_token as string);
			return this.issue(installation);
		}
		throw oauthError(400, 'unsupported_grant_type', `grant_type ${request.grant_type} is not supported`);
	}

	/** Tokens for tests, skipping the browser step. */
	issueTokens(options: { clientId: string; locationId: string; scopes?: string[] }): OAuthTokenResponse {
		const client = this.clients.get(options.clientId);
		if (!client) throw oauthError(400, 'invalid_client', `Unknown client_id ${options.clientId}`);
		const scopes = options.scopes ? options.scopes.filter((scope) => client.scopes.includes(scope)) : client.scopes;
		return this.issue({ clientId: client.clientId, locationId: this.requireLocation(options.locationId).id, scopes });
	}

	/** Resolves `Authorization: Bearer …`; unknown, expired or used-up tokens answer 401 "Invalid JWT". */
	authenticate(authorization: string | undefined): TokenGrant {
		const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
		const grant = token ? this.grants.get(token) : undefined;
		if (!grant) throw unauthorized(INVALID_JWT);
		const every = this.settings.expireAccessTokensEvery;
		const expired = grant.expiresAt !== undefined && grant.expiresAt <= this.clock();
		const usedUp = grant.kind === 'oauth' && every !== undefined && every > 0 && grant.uses >= every;
		if (expired || usedUp) throw unauthorized(INVALID_JWT);
		grant.uses++;
		return grant;
	}

	/** Expires every OAuth access token now (private tokens are static). Returns how many. */
	expireAccessTokens(): number {
		let count = 0;
		const now = this.clock();
		for (const grant of this.grants.values()) {
			if (grant.kind === 'oauth' && (grant.expiresAt ?? Infinity) > now) {
				grant.expiresAt = now;
				count++;
			}
		}
		return count;
	}

	private issue(installation: Installation): OAuthTokenResponse {
		const location = this.requireLocation(installation.locationId);
		const now = this.clock();
		const lifetime = this.settings.accessTokenLifetimeSec;
		const claims = {
			authClass: 'Location',
			authClassId: location.id,
			source: 'INTEGRATION',
			sourceId: installation.clientId,
			channel: 'OAUTH',
			primaryAuthClassId: location.id,
			oauthMeta: { scopes: installation.scopes, client: installation.clientId },
			iat: Math.floor(now / 1000),
		};
		const accessToken = fakeJwt({ ...claims, exp: Math.floor(now / 1000) + lifetime });
		const refreshToken = fakeJwt({ ...claims, exp: Math.floor(now / 1000) + REFRESH_LIFETIME_SEC });
		this.grants.set(accessToken, {
			kind: 'oauth',
			appId: installation.clientId,
			locationId: location.id,
			companyId: location.companyId,
			userId: SANDBOX_USER_ID,
			scopes: new Set(installation.scopes),
			expiresAt: now + lifetime * 1000,
			uses: 0,
		});
		this.refreshTokens.set(refreshToken, installation);
		return {
			access_token: accessToken,
			token_type: 'Bearer',
			expires_in: lifetime,
			refresh_token: refreshToken,
			scope: installation.scopes.join(' '),
			userType: 'Location',
			locationId: location.id,
			companyId: location.companyId,
			userId: SANDBOX_USER_ID,
			isBulkInstallation: false,
		};
	}

	/** Requested (space-separated) scopes the client may have; none requested means all of them. */
	private grantableScopes(client: OAuthClient, requested: string | undefined): string[] {
		const wanted = (requested ?? '').split(/[\s+]+/).filter(Boolean);
		if (wanted.length === 0) return client.scopes;
		const granted = wanted.filter((scope) => client.scopes.includes(scope));
		if (granted.length === 0) throw oauthError(400, 'invalid_scope', 'None of the requested scopes is allowed for this client');
		return granted;
	}

	private checkRedirect(client: OAuthClient, redirectUri: string | undefined): void {
		if (client.redirectUris.length > 0 && (!redirectUri || !client.redirectUris.includes(redirectUri))) {
			throw oauthError(400, 'invalid_request', 'redirect_uri is not registered for this client');
		}
	}

	private requireLocation(id: string): Location {
		const location = this.findLocation(id);
		if (!location) throw oauthError(400, 'invalid_request', `Unknown location ${id}`);
		return location;
	}
}
