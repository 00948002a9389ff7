// Credentials of one sandbox: v1 API keys (HTTP Basic, key as username, empty password) and v2
// OAuth clients whose client-credentials tokens are short-lived signed JWTs carrying scopes.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { drfDetail, jsonApiError, oauthError, type HttpError } from './errors';
import { newId } from './store';

/** The v2 scopes the sandbox knows (the ones the endpoints it serves require). */
export const V2_SCOPES = [
	'students:read',
	'students:write',
	'students:deactivate',
	'enrollments:read',
	'enrollments:write',
	'student-groups:read',
	'student-groups:write',
	'signup-fields:read',
	'signup-fields:write',
	'published-courses:read',
	'domains:read',
] as const;

export interface ApiKeyOptions {
	/** Fixed key (the CLI uses one so an n8n credential survives restarts). */
	key?: string;
	/** Read-only keys may only GET. */
	readOnly?: boolean;
}

export interface OAuthClientOptions {
	clientId?: string;
	clientSecret?: string;
	/** Scopes the client may be granted (default: all the sandbox knows). */
	scopes?: string[];
}

export interface OAuthClientCredentials {
	clientId: string;
	clientSecret: string;
	scopes: string[];
}

export interface TokenResponse {
	access_token: string;
	refresh_token: null;
	expires_in: number;
	token_type: 'Bearer';
}

export interface V2Grant {
	clientId: string;
	scopes: ReadonlySet<string>;
	tokenId: string;
}

export interface AuthSettings {
	accessTokenLifetimeSec: number;
}

interface IssuedToken {
	expiresAt: number;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export class AuthRegistry {
	private readonly apiKeys = new Map<string, { readOnly: boolean }>();
	private readonly clients = new Map<string, OAuthClientCredentials>();
	private readonly issued = new Map<string, IssuedToken>();
	private readonly signingKey = randomBytes(32);

	constructor(
		private readonly clock: () => number,
		readonly settings: AuthSettings,
	) {}

	// ---- v1 ----

	createApiKey(options: ApiKeyOptions = {}): string {
		const key = options.key ?? `sk-${randomBytes(20).toString('hex')}`;
		this.apiKeys.set(key, { readOnly: options.readOnly ?? false });
		return key;
	}

	/** Checks a v1 Authorization header; throws the DRF 401/403 live answers with. */
	authenticateV1(header: string | undefined, method: string): { key: string; readOnly: boolean } {
		const challenge = { 'www-authenticate': 'Basic realm="api"' };
		if (!header) throw drfDetail(401, 'Authentication credentials were not provided.', challenge);
		const [scheme, value = ''] = header.split(' ');
		if (scheme.toLowerCase() !== 'basic') throw drfDetail(401, 'Invalid token.', challenge);
		const decoded = Buffer.from(value, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const username = colon < 0 ? decoded : decoded.slice(0, colon);
		const password = colon < 0 ? '' : decoded.slice(colon + 1);
		const key = this.apiKeys.get(username);
		// The key goes in the username; a key sent as the password is rejected like a wrong one.
		if (!key || password !== '') throw drfDetail(401, 'Invalid username/password.', challenge);
		if (key.readOnly && method !== 'GET' && method !== 'HEAD') {
			throw drfDetail(403, 'You do not have permission to perform this action.');
		}
		return { key: username, readOnly: key.readOnly };
	}

	// ---- v2 ----

	createOAuthClient(options: OAuthClientOptions = {}): OAuthClientCredentials {
		const client: OAuthClientCredentials = {
			clientId: options.clientId ?? `cl_${newId(20)}`,
			clientSecret: options.clientSecret ?? randomBytes(24).toString('base64url'),
			scopes: options.scopes ?? [...V2_SCOPES],
		};
		this.clients.set(client.clientId, client);
		return client;
	}

	/**
	 * POST /v2/auth/token with grant_type client_credentials. The token carries the requested
	 * scopes the client holds (all of the client's when none are requested).
	 */
	issueToken(request: {
		client_id?: string;
		client_secret?: string;
		grant_type?: string;
		scope?: string;
	}): TokenResponse {
		const grantType = request.grant_type ?? 'client_credentials';
		if (grantType !== 'client_credentials') {
			throw oauthError(
				400,
				'unsupported_grant_type',
				`The sandbox supports client_credentials only, not ${grantType}.`,
			);
		}
		if (!request.client_id || !request.client_secret) {
			throw oauthError(
				400,
				'invalid_request',
				'client_id and client_secret are required for client_credentials.',
			);
		}
		const client = this.clients.get(request.client_id);
		if (!client || !sameSecret(client.clientSecret, request.client_secret)) {
			throw oauthError(401, 'invalid_client', 'Client authentication failed.');
		}
		const requested = (request.scope ?? '').split(/[\s,]+/).filter(Boolean);
		const scopes =
			requested.length > 0
				? client.scopes.filter((scope) => requested.includes(scope))
				: client.scopes;
		return this.signToken(client.clientId, scopes);
	}

	/** A token as the token endpoint would issue it, without the HTTP round trip. */
	signToken(clientId: string, scopes: string[]): TokenResponse {
		const now = this.clock();
		const lifetime = this.settings.accessTokenLifetimeSec;
		const jti = newId(16);
		const payload = {
			iss: 'skilljar-sandbox',
			sub: clientId,
			scopes,
			iat: Math.floor(now / 1000),
			exp: Math.floor(now / 1000) + lifetime,
			jti,
		};
		const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
		const signature = createHmac('sha256', this.signingKey).update(unsigned).digest('base64url');
		this.issued.set(jti, { expiresAt: now + lifetime * 1000 });
		return {
			access_token: `${unsigned}.${signature}`,
			refresh_token: null,
			expires_in: lifetime,
			token_type: 'Bearer',
		};
	}

	/** Checks a v2 bearer token; throws the JSON:API 401 live answers with. */
	authenticateV2(header: string | undefined): V2Grant {
		const [scheme, token = ''] = (header ?? '').split(' ');
		if (!header || scheme.toLowerCase() !== 'bearer') {
			throw jsonApiError(
				401,
				'not_authenticated',
				'Unauthorized',
				'Authentication credentials were not provided. Send a Bearer access token.',
			);
		}
		const parts = token.split('.');
		const invalid = () =>
			jsonApiError(401, 'invalid_token', 'Unauthorized', 'The access token is invalid.');
		if (parts.length !== 3) throw invalid();
		const expected = createHmac('sha256', this.signingKey)
			.update(`${parts[0]}.${parts[1]}`)
			.digest('base64url');
		if (!sameSecret(expected, parts[2])) throw invalid();
		let payload: { sub: string; scopes: string[]; jti: string };
		try {
			payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as typeof payload;
		} catch {
			throw invalid();
		}
		const issued = this.issued.get(payload.jti);
		if (!issued) throw invalid();
		if (issued.expiresAt <= this.clock()) {
			throw jsonApiError(
				401,
				'token_expired',
				'Unauthorized',
				'The access token has expired. Request a new one from /v2/auth/token.',
			);
		}
		return { clientId: payload.sub, scopes: new Set(payload.scopes), tokenId: payload.jti };
	}

	/** Expires every v2 access token now; returns how many were live. */
	expireAccessTokens(): number {
		const now = this.clock();
		let count = 0;
		for (const token of this.issued.values()) {
			if (token.expiresAt > now) count++;
			token.expiresAt = 0;
		}
		return count;
	}
}

/** x-required-scope is any-of: one of the listed scopes suffices. */
export function scopeError(grant: V2Grant, required: readonly string[]): HttpError | undefined {
	if (required.some((scope) => grant.scopes.has(scope))) return undefined;
	return jsonApiError(
		403,
		'insufficient_scope',
		'Forbidden',
		`This action requires the OAuth scope ${required.join(' or ')}, which the access token does not carry.`,
	);
}

function sameSecret(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}
