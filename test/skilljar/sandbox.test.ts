import { startSkilljarSandbox, type SkilljarSandbox } from '../../sandbox/skilljar';

/** The Skilljar sandbox itself, over HTTP: the behaviour NOTES.md describes. */
describe('Skilljar sandbox', () => {
	let sandbox: SkilljarSandbox;
	let key: string;
	let client: { clientId: string; clientSecret: string };

	beforeAll(async () => {
		sandbox = await startSkilljarSandbox({ seed: { users: 3, courses: 2, signupFields: true } });
		key = sandbox.createApiKey();
		client = sandbox.createOAuthClient({
			scopes: ['students:read', 'students:write', 'student-groups:write'],
		});
	});
	afterAll(async () => await sandbox.close());

	const basic = (user: string, password = '') =>
		`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
	const v1 = async (
		path: string,
		init: { method?: string; body?: unknown; auth?: string } = {},
	) => {
		const response = await fetch(`${sandbox.url}${path}`, {
			method: init.method ?? 'GET',
			headers: {
				authorization: init.auth ?? basic(key),
				...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
			},
			body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
		});
		const text = await response.text();
		return {
			status: response.status,
			body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
			headers: response.headers,
		};
	};
	const token = async (scopes: string[]) =>
		sandbox.issueToken(client.clientId, scopes).access_token;

	describe('v1 authentication', () => {
		test('the key as Basic username with an empty password is accepted; as password or bearer it is not', async () => {
			expect((await v1('/v1/ping')).status).toBe(200);
			expect(await v1('/v1/ping', { auth: basic('', key) })).toMatchObject({
				status: 401,
				body: { detail: 'Invalid username/password.' },
			});
			expect((await v1('/v1/ping', { auth: `Bearer ${key}` })).status).toBe(401);
			expect(await v1('/v1/ping', { auth: '' })).toMatchObject({
				status: 401,
				body: { detail: 'Authentication credentials were not provided.' },
			});
		});

		test('a read-only key may GET but not write', async () => {
			const readOnly = sandbox.createApiKey({ readOnly: true });
			expect((await v1('/v1/groups', { auth: basic(readOnly) })).status).toBe(200);
			expect(
				(await v1('/v1/groups', { method: 'POST', body: { name: 'x' }, auth: basic(readOnly) }))
					.status,
			).toBe(403);
		});

		test('a v2 access token is not accepted on v1', async () => {
			expect(
				(await v1('/v1/ping', { auth: `Bearer ${await token(['students:read'])}` })).status,
			).toBe(401);
		});
	});

	describe('v1 behaviour', () => {
		test('POST domain users is an upsert: a known email comes back with its id and names unchanged', async () => {
			const first = await v1(`/v1/domains/${sandbox.defaultDomain}/users`, {
				method: 'POST',
				body: { user: { email: 'Upsert@Example.com', first_name: 'A' } },
			});
			const again = await v1(`/v1/domains/${sandbox.defaultDomain}/users`, {
				method: 'POST',
				body: { user: { email: 'upsert@example.com', first_name: 'B' } },
			});
			expect(first.status).toBe(201);
			expect(again.status).toBe(201);
			expect((again.body?.user as { id: string }).id).toBe((first.body?.user as { id: string }).id);
			expect(again.body?.user).toMatchObject({ email: 'upsert@example.com', first_name: 'A' });
		});

		test('validation errors have the DRF shape', async () => {
			expect(
				await v1(`/v1/domains/${sandbox.defaultDomain}/users`, {
					method: 'POST',
					body: { user: { email: 'nope' } },
				}),
			).toMatchObject({
				status: 400,
				body: { user: { email: ['Enter a valid email address.'] } },
			});
			expect(await v1('/v1/groups', { method: 'POST', body: {} })).toMatchObject({
				status: 400,
				body: { name: ['This field is required.'] },
			});
		});

		test('page paging: absolute `next` URLs, page_size capped at 1000, an out-of-range page is a 404', async () => {
			for (let i = 0; i < 5; i++) sandbox.store.addGroup({ name: `Paged ${i}` });
			const first = await v1('/v1/groups?page_size=2');
			expect(first.body).toMatchObject({
				count: 5,
				previous: null,
				next: `${sandbox.url}/v1/groups?page_size=2&page=2`,
			});
			expect(((await v1('/v1/groups?page_size=5000')).body?.results as unknown[]).length).toBe(5);
			expect((await v1('/v1/groups?page=9')).status).toBe(404);
		});

		test('cursor paging on /v1/users: the cursor only works with the query it was issued for', async () => {
			const first = await v1('/v1/users?page_size=1');
			const next = String(first.body?.next);
			expect(next).toMatch(/cursor=/);
			expect((await fetch(next, { headers: { authorization: basic(key) } })).status).toBe(200);
			const cursor = new URL(next).searchParams.get('cursor');
			expect((await v1(`/v1/users?cursor=${cursor}`)).status).toBe(400);
		});

		test("a learner's progress is a bare JSON array", async () => {
			const [userId] = sandbox.store.listUsers().map((user) => user.id);
			const response = await v1(`/v1/users/${userId}/published-courses`);
			expect(response.status).toBe(200);
			expect(Array.isArray(response.body)).toBe(true);
		});
	});

	describe('v2', () => {
		test('the token endpoint takes JSON or a form, client credentials in the body or a Basic header', async () => {
			const json = await fetch(sandbox.urls.token, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ client_id: client.clientId, client_secret: client.clientSecret }),
			});
			expect(json.status).toBe(200);
			expect(await json.json()).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
			const form = await fetch(sandbox.urls.token, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					authorization: basic(client.clientId, client.clientSecret),
				},
				body: 'grant_type=client_credentials&scope=students%3Aread',
			});
			expect(form.status).toBe(200);
			const bad = await fetch(sandbox.urls.token, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ client_id: client.clientId, client_secret: 'no' }),
			});
			expect(bad.status).toBe(401);
			expect(await bad.json()).toEqual({
				error: 'invalid_client',
				error_description: 'Client authentication failed.',
			});
		});

		test('scopes are enforced; expired tokens are refused', async () => {
			const readOnly = await token(['students:read']);
			const post = (bearer: string, body: unknown) =>
				fetch(`${sandbox.url}/v2/students/`, {
					method: 'POST',
					headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
			const denied = await post(readOnly, {
				data: [{ type: 'students', attributes: { email: 'scoped@example.com' } }],
			});
			expect(denied.status).toBe(403);
			expect(await denied.json()).toMatchObject({
				errors: [{ status: '403', code: 'insufficient_scope' }],
			});
			sandbox.expireAccessTokens();
			const expired = await fetch(`${sandbox.url}/v2/students/`, {
				headers: { authorization: `Bearer ${readOnly}` },
			});
			expect(expired.status).toBe(401);
			expect(await expired.json()).toMatchObject({ errors: [{ code: 'token_expired' }] });
		});

		test('batches: 200 when all succeed, 207 with per-item errors (first wins on duplicates), 400 when empty', async () => {
			const writer = await token(['students:write']);
			const post = async (body: unknown) => {
				const response = await fetch(`${sandbox.url}/v2/students/`, {
					method: 'POST',
					headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				return {
					status: response.status,
					body: (await response.json()) as Record<string, unknown>,
				};
			};
			expect(
				(
					await post({
						data: [{ type: 'students', attributes: { email: 'batch.one@example.com' } }],
					})
				).status,
			).toBe(200);
			const mixed = await post({
				data: [
					{ type: 'students', attributes: { email: 'batch.two@example.com' } },
					{ type: 'students', attributes: { email: 'BATCH.TWO@example.com' } },
					{ type: 'students', attributes: { email: 'batch.one@example.com' } },
					{ type: 'students', attributes: { email: 'broken' } },
				],
			});
			expect(mixed.status).toBe(207);
			expect(
				(mixed.body.data as Array<{ status: string; error?: { code: string } }>).map(
					(entry) => entry.error?.code ?? entry.status,
				),
			).toEqual(['succeeded', 'duplicate_in_batch', 'duplicate_email', 'validation_error']);
			expect(mixed.body.summary).toEqual({ total: 4, succeeded: 1, failed: 3 });
			expect((await post({ data: [] })).status).toBe(400);
		});

		test('paging: page[size] above 100 is refused', async () => {
			const reader = await token(['students:read']);
			const response = await fetch(`${sandbox.url}/v2/students/?page[size]=101`, {
				headers: { authorization: `Bearer ${reader}` },
			});
			expect(response.status).toBe(422);
		});
	});

	describe('webhooks', () => {
		test('a receiver answering 4xx gets its hook deactivated; a ping does not deactivate', async () => {
			const statuses: number[] = [];
			sandbox.setDeliveryTransport(async () => {
				statuses.push(410);
				return { status: 410 };
			});
			const hook = sandbox.store.addWebhook({
				target_url: 'https://receiver.example.com/hook',
				basic_auth_username: 'u',
				basic_auth_password: 'p',
			});
			await v1(`/v1/webhooks/${hook.id}/ping`, { method: 'POST' });
			expect(sandbox.store.webhooks.get(hook.id)?.active).toBe(true);
			sandbox.deliverEvent('COURSE_ENROLLMENT', { event_type: 'COURSE_ENROLLMENT' });
			await sandbox.flushDeliveries();
			expect(sandbox.store.webhooks.get(hook.id)).toMatchObject({
				active: false,
				deactivate_reason: 'The endpoint answered HTTP 410.',
			});
			expect(sandbox.deliveries.at(-1)?.headers.authorization).toBe(basic('u', 'p'));
			sandbox.setDeliveryTransport(undefined);
			sandbox.store.webhooks.delete(hook.id);
		});

		test('the inspection API delivers an event on demand', async () => {
			const received: string[] = [];
			sandbox.setDeliveryTransport(async (request) => {
				received.push(request.body);
				return { status: 204 };
			});
			const hook = sandbox.store.addWebhook({
				target_url: 'https://receiver.example.com/hook',
				event_type: 'PATH_COMPLETION',
			});
			const response = await fetch(`${sandbox.urls.inspect}/webhooks/deliver`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ event_type: 'PATH_COMPLETION' }),
			});
			expect(await response.json()).toMatchObject({
				hooks: 1,
				deliveries: [{ webhookId: hook.id, status: 204 }],
			});
			expect(JSON.parse(received[0])).toMatchObject({ event_type: 'PATH_COMPLETION' });
			sandbox.setDeliveryTransport(undefined);
		});
	});
});
