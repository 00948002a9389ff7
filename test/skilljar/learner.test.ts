import {
	byEmail,
	byId,
	calls,
	jsonOf,
	NODE,
	startSkilljarTestBed,
	writes,
	type SkilljarTestBed,
} from '../harness/skilljar';

/** An ISO 8601 time as Skilljar gives (`inactive_at`); false for undefined, null or other text. */
const isIsoTime = (value: unknown) =>
	typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value));

describe('Learner resource', () => {
	let bed: SkilljarTestBed;

	beforeAll(async () => {
		bed = await startSkilljarTestBed();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const store = () => bed.sandbox.store;
	let counter = 0;
	const uniqueEmail = (label: string) => `${label}.${++counter}@example.com`;
	/** A learner who is a member of the default domain. */
	const member = (first = 'Ada', last = 'Lovelace', email = uniqueEmail('member')) =>
		store().upsertDomainUser(bed.domain, { email, first_name: first, last_name: last }).user;

	describe('Create or Update (v1: POST domain user, then PATCH names when they differ)', () => {
		test("a new email becomes a learner and a member of the credential's domain, in one request", async () => {
			const email = uniqueEmail('new');
			const result = await bed.run({
				resource: 'learner',
				operation: 'upsert',
				email,
				firstName: 'Grace',
				lastName: 'Hopper',
			});

			expect(calls(bed.sandbox)).toEqual([`POST /v1/domains/${bed.domain}/users`]);
			const [request] = bed.sandbox.requests;
			expect(request.body).toEqual({
				user: { email, first_name: 'Grace', last_name: 'Hopper' },
				active: true,
			});
			// HTTP Basic: the key as username, an empty password.
			expect(request.headers.authorization).toBe(
				`Basic ${Buffer.from(`${bed.apiKey}:`).toString('base64')}`,
			);
			const user = store().findUserByEmail(email)!;
			expect(user).toMatchObject({ first_name: 'Grace', last_name: 'Hopper' });
			expect(store().getDomainUser(bed.domain, user.id)?.active).toBe(true);
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({
					id: user.id,
					email,
					first_name: 'Grace',
					last_name: 'Hopper',
					active: true,
					names_updated: false,
				}),
			]);
		});

		test('a known email keeps its id; names that differ are changed with PATCH /v1/users/{id}', async () => {
			const existing = member('Ada', 'Byron');
			const result = await bed.run({
				resource: 'learner',
				operation: 'upsert',
				email: existing.email.toUpperCase(),
				firstName: 'Ada',
				lastName: 'Lovelace',
			});

			expect(calls(bed.sandbox)).toEqual([
				`POST /v1/domains/${bed.domain}/users`,
				`PATCH /v1/users/${existing.id}`,
			]);
			expect(bed.sandbox.requests[1].body).toEqual({ last_name: 'Lovelace' });
			expect(store().getUser(existing.id)).toMatchObject({
				first_name: 'Ada',
				last_name: 'Lovelace',
			});
			expect(jsonOf(result)[0]).toMatchObject({
				id: existing.id,
				last_name: 'Lovelace',
				names_updated: true,
			});
		});

		test('same names: no PATCH; empty name parameters keep the current names', async () => {
			const existing = member('Alan', 'Turing');
			await bed.run({
				resource: 'learner',
				operation: 'upsert',
				email: existing.email,
				firstName: 'Alan',
			});
			expect(calls(bed.sandbox)).toEqual([`POST /v1/domains/${bed.domain}/users`]);
			expect(store().getUser(existing.id)).toMatchObject({
				first_name: 'Alan',
				last_name: 'Turing',
			});
		});

		test('an invalid email fails naming the field, before any request', async () => {
			const result = await bed.run({
				resource: 'learner',
				operation: 'upsert',
				email: 'not-an-email',
			});
			expect(result.error(NODE)?.message).toBe('Email "not-an-email" is not a valid email address');
			expect(calls(bed.sandbox)).toEqual([]);
		});

		test('a name over 50 characters fails before any request', async () => {
			const result = await bed.run({
				resource: 'learner',
				operation: 'upsert',
				email: uniqueEmail('long'),
				firstName: 'x'.repeat(51),
			});
			expect(result.error(NODE)?.message).toBe('First Name is longer than 50 characters');
			expect(calls(bed.sandbox)).toEqual([]);
		});
	});

	describe('Create or Update (v2: look up by filter[email], then batch POST or PATCH)', () => {
		test('a new email: POST /v2/students/ with one item', async () => {
			const email = uniqueEmail('v2new');
			const result = await bed.run(
				{ resource: 'learner', operation: 'upsert', email, firstName: 'Katherine' },
				{ api: 'v2' },
			);

			expect(calls(bed.sandbox)).toEqual(['GET /v2/students/', 'POST /v2/students/']);
			expect(
				bed.sandbox.requests.find(
					(request) => request.path === '/v2/students/' && request.method === 'GET',
				)?.query,
			).toMatchObject({ 'filter[email]': email });
			expect(writes(bed.sandbox)[0].body).toEqual({
				data: [{ type: 'students', attributes: { email, first_name: 'Katherine' } }],
			});
			const user = store().findUserByEmail(email)!;
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({ id: user.id, email, first_name: 'Katherine', created: true }),
			]);
		});

		test('a known email: PATCH /v2/students/ by id with only the names that differ', async () => {
			const existing = member('Linus', 'Torvald');
			const result = await bed.run(
				{
					resource: 'learner',
					operation: 'upsert',
					email: existing.email,
					firstName: 'Linus',
					lastName: 'Torvalds',
				},
				{ api: 'v2' },
			);

			expect(calls(bed.sandbox)).toEqual(['GET /v2/students/', 'PATCH /v2/students/']);
			expect(writes(bed.sandbox)[0].body).toEqual({
				data: [{ type: 'students', id: existing.id, attributes: { last_name: 'Torvalds' } }],
			});
			expect(store().getUser(existing.id)?.last_name).toBe('Torvalds');
			expect(jsonOf(result)[0]).toMatchObject({
				id: existing.id,
				created: false,
				names_updated: true,
			});
		});
	});

	describe.each(['v1', 'v2'] as const)('Get, Find by Email, Get Many (%s)', (api) => {
		test('Get by ID returns the learner', async () => {
			const existing = member('Barbara', 'Liskov');
			const result = await bed.run(
				{ resource: 'learner', operation: 'get', learner: byId(existing.id) },
				{ api },
			);
			expect(calls(bed.sandbox)).toEqual([
				api === 'v1' ? `GET /v1/users/${existing.id}` : `GET /v2/students/${existing.id}`,
			]);
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({
					id: existing.id,
					email: existing.email,
					first_name: 'Barbara',
					last_name: 'Liskov',
					is_inactive: false,
				}),
			]);
		});

		test('Get by email looks the learner up first', async () => {
			const existing = member('Ken', 'Thompson');
			const result = await bed.run(
				{ resource: 'learner', operation: 'get', learner: byEmail(existing.email) },
				{ api },
			);
			expect(calls(bed.sandbox)[0]).toBe(api === 'v1' ? 'GET /v1/users' : 'GET /v2/students/');
			expect(jsonOf(result)[0]).toMatchObject({ id: existing.id });
		});

		test('Find by Email: found=true with the learner, or found=false', async () => {
			const existing = member('Frances', 'Allen');
			const result = await bed.run(
				{ resource: 'learner', operation: 'findByEmail', email: '={{ $json.email }}' },
				{ api, items: [{ email: existing.email }, { email: 'nobody@example.com' }] },
			);
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({ found: true, id: existing.id }),
				{ found: false, email: 'nobody@example.com' },
			]);
		});

		test('Get Many pages through every learner, filters included on each page', async () => {
			const before = store().listUsers().length;
			for (let i = 0; i < 7; i++) member('Page', `Person${i}`);
			const all = await bed.run(
				{ resource: 'learner', operation: 'getMany', returnAll: true },
				{ api },
			);
			expect(jsonOf(all)).toHaveLength(before + 7);

			bed.sandbox.clearRequests();
			const filtered = await bed.run(
				{ resource: 'learner', operation: 'getMany', limit: 5, filters: { firstName: 'Page' } },
				{ api },
			);
			expect(jsonOf(filtered)).toHaveLength(5);
			expect(jsonOf(filtered).every((learner) => learner.first_name === 'Page')).toBe(true);
		});

		test("an unknown ID fails with Skilljar's 404 and a hint", async () => {
			const result = await bed.run(
				{ resource: 'learner', operation: 'get', learner: byId('nosuchlearner1') },
				{ api },
			);
			expect(result.error(NODE)?.message).toMatch(/^Skilljar answered 404: /);
		});

		test('an unknown email fails naming it, after one lookup', async () => {
			const result = await bed.run(
				{ resource: 'learner', operation: 'get', learner: byEmail('ghost@example.com') },
				{ api },
			);
			expect(result.error(NODE)?.message).toBe(
				'No Skilljar learner has the email ghost@example.com',
			);
			expect(calls(bed.sandbox)).toHaveLength(1);
		});
	});

	describe.each(['v1', 'v2'] as const)('Update and Deactivate (%s)', (api) => {
		test('Update changes the names; Active=false then true switches access off and on', async () => {
			const existing = member('Radia', 'Perl');
			const result = await bed.run(
				{
					resource: 'learner',
					operation: 'update',
					learner: byId(existing.id),
					updateFields: { lastName: 'Perlman' },
				},
				{ api },
			);
			expect(result.error(NODE)).toBeUndefined();
			expect(store().getUser(existing.id)?.last_name).toBe('Perlman');
			expect(jsonOf(result)[0]).toMatchObject({ id: existing.id, last_name: 'Perlman' });

			await bed.run(
				{
					resource: 'learner',
					operation: 'update',
					learner: byId(existing.id),
					updateFields: { active: false },
				},
				{ api },
			);
			// v1: the domain membership's flag; v2: the learner's inactive_at, a time or null (never absent).
			const inactive = () => {
				if (api === 'v1') return store().getDomainUser(bed.domain, existing.id)?.active === false;
				const inactiveAt = store().getUser(existing.id)?.inactive_at;
				expect(inactiveAt === null || isIsoTime(inactiveAt)).toBe(true);
				return inactiveAt !== null;
			};
			expect(inactive()).toBe(true);
			await bed.run(
				{
					resource: 'learner',
					operation: 'update',
					learner: byId(existing.id),
					updateFields: { active: true, firstName: 'Radia J.' },
				},
				{ api },
			);
			expect(inactive()).toBe(false);
			expect(store().getUser(existing.id)?.first_name).toBe('Radia J.');
		});

		test('empty Update Fields fail before any request', async () => {
			const result = await bed.run(
				{ resource: 'learner', operation: 'update', learner: byId('abc'), updateFields: {} },
				{ api },
			);
			expect(result.error(NODE)?.message).toBe('Update Fields is empty');
			expect(calls(bed.sandbox)).toEqual([]);
		});

		test('Deactivate: v1 switches off the domain membership, v2 deactivates the learner', async () => {
			const existing = member('Edsger', 'Dijkstra');
			const result = await bed.run(
				{ resource: 'learner', operation: 'deactivate', learner: byId(existing.id) },
				{ api },
			);
			if (api === 'v1') {
				expect(calls(bed.sandbox)).toEqual([
					`PATCH /v1/domains/${bed.domain}/users/${existing.id}`,
				]);
				expect(store().getDomainUser(bed.domain, existing.id)?.active).toBe(false);
			} else {
				expect(calls(bed.sandbox)).toEqual([`DELETE /v2/students/${existing.id}`]);
				expect(isIsoTime(store().getUser(existing.id)?.inactive_at)).toBe(true);
			}
			expect(jsonOf(result)[0]).toMatchObject({ id: existing.id, deactivated: true });
		});
	});

	test('Update Email works with v1 and is refused with v2 before any request', async () => {
		const existing = member('Margaret', 'Hamilton');
		const newEmail = uniqueEmail('renamed');
		const v2 = await bed.run(
			{
				resource: 'learner',
				operation: 'update',
				learner: byId(existing.id),
				updateFields: { email: newEmail },
			},
			{ api: 'v2' },
		);
		expect(v2.error(NODE)?.message).toBe('Email cannot be changed with the OAuth2 (v2) credential');
		expect(calls(bed.sandbox)).toEqual([]);

		await bed.run({
			resource: 'learner',
			operation: 'update',
			learner: byId(existing.id),
			updateFields: { email: newEmail },
		});
		expect(bed.sandbox.requests[0].body).toEqual({ email: newEmail });
		expect(store().getUser(existing.id)?.email).toBe(newEmail);
	});

	describe('Send Invite (v1 only)', () => {
		test("POSTs the invite for the learner of the credential's domain; the invitation link is returned", async () => {
			const existing = member('Dennis', 'Ritchie');
			const result = await bed.run({
				resource: 'learner',
				operation: 'sendInvite',
				learner: byEmail(existing.email),
			});
			expect(calls(bed.sandbox)).toEqual([
				'GET /v1/users',
				`POST /v1/domains/${bed.domain}/users/${existing.id}/invites`,
			]);
			expect(bed.sandbox.requests[1].body).toEqual({ send_email: true });
			expect(store().invites.filter((invite) => invite.userId === existing.id)).toHaveLength(1);
			expect(jsonOf(result)[0]).toMatchObject({
				learner_id: existing.id,
				invite_url: expect.stringContaining(bed.domain),
			});
		});

		test('with the OAuth2 credential it fails saying v1 is needed, before any request', async () => {
			const result = await bed.run(
				{ resource: 'learner', operation: 'sendInvite', learner: byId('abc') },
				{ api: 'v2' },
			);
			expect(result.error(NODE)?.message).toBe(
				'Send Invite needs the Skilljar API (API key) credential',
			);
			expect(calls(bed.sandbox)).toEqual([]);
		});
	});
});
