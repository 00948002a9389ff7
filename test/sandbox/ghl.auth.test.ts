// Tokens, scopes, location access and the OAuth 2.0 code flow with rotating refresh tokens.
import { startGhlSandbox, type GhlSandbox, type OAuthTokenResponse } from '../../sandbox/ghl';
import { apiClient, type ErrorBody } from './ghl-helpers';

type OAuthError = { error: string; error_description: string };

let sb: GhlSandbox;
let clock: number;
let locationA: string;
const locationB = 'SecondLocation000001';

beforeAll(async () => {
	clock = Date.parse('2025-03-01T00:00:00.000Z');
	sb = await startGhlSandbox({ now: () => clock, accessTokenLifetimeSec: 3600, rateLimit: { max: 10_000 } });
	locationA = sb.defaultLocationId;
	sb.addLocation({ id: locationB });
});
afterAll(() => sb.close());

async function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
	const res = await fetch(`${sb.url}/oauth/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(form).toString(),
	});
	return { status: res.status, body: (await res.json()) as OAuthTokenResponse & OAuthError };
}

describe('bearer tokens', () => {
	it('answers 401 "Invalid JWT" for unknown tokens, including tokens of another sandbox', async () => {
		const res = await apiClient(sb, 'pit-not-a-real-token').get<ErrorBody>(`/contacts/?locationId=${locationA}`);
		expect(res.body).toMatchObject({ statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' });

		const other = await startGhlSandbox();
		const foreign = other.createPrivateToken();
		await other.close();
		expect((await apiClient(sb, foreign).get(`/contacts/?locationId=${locationA}`)).status).toBe(401);
	});

	it('needs contacts.write for writes and contacts.readonly (or write) for reads', async () => {
		const readOnly = apiClient(sb, sb.createPrivateToken({ scopes: ['contacts.readonly'] }));
		expect((await readOnly.get(`/contacts/?locationId=${locationA}`)).status).toBe(200);
		const write = await readOnly.post<ErrorBody>('/contacts/', { locationId: locationA, firstName: 'No' });
		expect(write.body).toEqual(expect.objectContaining({ statusCode: 401, message: 'The token is not authorized for this scope.', error: 'Unauthorized' }));

		const writeOnly = apiClient(sb, sb.createPrivateToken({ scopes: ['contacts.write'] }));
		expect((await writeOnly.get(`/contacts/?locationId=${locationA}`)).status).toBe(200);
		expect((await writeOnly.get<ErrorBody>(`/locations/${locationA}/customFields`)).status).toBe(401);
	});

	it('answers 403 when the token is used on another location', async () => {
		const tokenB = apiClient(sb, sb.createPrivateToken({ locationId: locationB }));
		const contactOfA = sb.store.addContact({ locationId: locationA, firstName: 'A' });
		const forbidden = { statusCode: 403, message: 'The token does not have access to this location.' };
		expect((await tokenB.get<ErrorBody>(`/contacts/?locationId=${locationA}`)).body).toMatchObject(forbidden);
		expect((await tokenB.post<ErrorBody>('/contacts/', { locationId: locationA })).body).toMatchObject(forbidden);
		expect((await tokenB.get<ErrorBody>(`/contacts/${contactOfA.id}`)).body).toMatchObject(forbidden);
		expect((await tokenB.post<ErrorBody>('/contacts/search', { locationId: locationA, pageLimit: 1 })).body).toMatchObject(forbidden);
	});
});

describe('OAuth 2.0', () => {
	const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';

	async function authorize(clientId: string, scope: string): Promise<string> {
		const res = await fetch(sb.authorizeUrl({ clientId, redirectUri, scope, state: 'xyz' }), { redirect: 'manual' });
		expect(res.status).toBe(302);
		const location = new URL(res.headers.get('location') ?? '');
		expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
		expect(location.searchParams.get('state')).toBe('xyz');
		return location.searchParams.get('code') ?? '';
	}

	it('runs the code flow; codes and refresh tokens are single-use and refresh tokens rotate', async () => {
		const client = sb.createOAuthClient({ scopes: ['contacts.readonly', 'contacts.write'] });
		const credentials = { client_id: client.clientId, client_secret: client.clientSecret };
		const code = await authorize(client.clientId, 'contacts.readonly contacts.write users.readonly');

		const first = await tokenRequest({ ...credentials, grant_type: 'authorization_code', code, user_type: 'Location', redirect_uri: redirectUri });
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'contacts.readonly contacts.write', userType: 'Location', locationId: locationA });
		expect(first.body.access_token.split('.')).toHaveLength(3);

		const reusedCode = await tokenRequest({ ...credentials, grant_type: 'authorization_code', code });
		expect(reusedCode.body.error).toBe('invalid_grant');

		expect((await apiClient(sb, first.body.access_token).get(`/contacts/?locationId=${locationA}`)).status).toBe(200);

		// Credentials by HTTP Basic work too.
		const basic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
		const second = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token }, { authorization: basic });
		expect(second.status).toBe(200);
		expect(second.body.refresh_token).not.toBe(first.body.refresh_token);

		const reused = await tokenRequest({ ...credentials, grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
		expect(reused.status).toBe(400);
		expect(reused.body.error).toBe('invalid_grant');

		const third = await tokenRequest({ ...credentials, grant_type: 'refresh_token', refresh_token: second.body.refresh_token });
		expect(third.status).toBe(200);
	});

	it('rejects unknown clients and wrong secrets with 401 invalid_client', async () => {
		const client = sb.createOAuthClient();
		const tokens = sb.issueOAuthTokens({ clientId: client.clientId });
		const wrong = await tokenRequest({ client_id: client.clientId, client_secret: 'nope', grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
		expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
		const unknown = await tokenRequest({ client_id: 'who', client_secret: 'x', grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
		expect(unknown.status).toBe(401);
	});

	it('expires access tokens by time, on demand, and after N requests', async () => {
		const client = sb.createOAuthClient();
		const tokens = sb.issueOAuthTokens({ clientId: client.clientId });
		const api = apiClient(sb, tokens.access_token);
		const list = `/contacts/?locationId=${locationA}`;
		expect((await api.get(list)).status).toBe(200);
		clock += 3600 * 1000;
		expect((await api.get<ErrorBody>(list)).body.message).toBe('Invalid JWT');

		const fresh = sb.issueOAuthTokens({ clientId: client.clientId });
		expect(sb.expireAccessTokens()).toBeGreaterThanOrEqual(1);
		expect((await apiClient(sb, fresh.access_token).get(list)).status).toBe(401);

		sb.configure({ expireAccessTokensEvery: 2 });
		const limited = apiClient(sb, sb.issueOAuthTokens({ clientId: client.clientId }).access_token);
		const statuses = [(await limited.get(list)).status, (await limited.get(list)).status, (await limited.get(list)).status];
		sb.configure({ expireAccessTokensEvery: undefined });
		expect(statuses).toEqual([200, 200, 401]);

		// Private Integration Tokens are static.
		expect((await apiClient(sb, sb.createPrivateToken()).get(list)).status).toBe(200);
	});

	it('does not rate-limit or fault the OAuth endpoints, but logs them', async () => {
		sb.setFaults({ rate: { status5xx: 1 } });
		sb.setRateLimit({ max: 1 });
		const client = sb.createOAuthClient();
		const tokens = sb.issueOAuthTokens({ clientId: client.clientId });
		const refreshed = await tokenRequest({ client_id: client.clientId, client_secret: client.clientSecret, grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
		sb.setFaults();
		sb.setRateLimit({ max: 10_000 });
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.access_token).toBeDefined();
		const logged = sb.requests.at(-1);
		expect(logged).toMatchObject({ method: 'POST', path: '/oauth/token', status: 200, body: { grant_type: 'refresh_token' } });
	});
});
