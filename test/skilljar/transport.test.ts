import {
	byId,
	calls,
	jsonOf,
	NODE,
	startSkilljarTestBed,
	type SkilljarTestBed,
} from '../harness/skilljar';

describe('Skilljar transport: paging, retries, throttling, error mapping', () => {
	let bed: SkilljarTestBed;

	beforeEach(async () => {
		bed = await startSkilljarTestBed();
	});
	afterEach(async () => await bed.close());

	const store = () => bed.sandbox.store;

	describe('paging', () => {
		test('v1 cursor paging (GET /v1/users): no page_size (the spec declares none), then each `next` followed verbatim, filters and all', async () => {
			for (let i = 0; i < 250; i++)
				store().addUser({ email: `bulk.${i}@example.com`, first_name: 'Bulk' });
			store().addUser({ email: 'other@example.com', first_name: 'Other' });

			const result = await bed.run({
				resource: 'learner',
				operation: 'getMany',
				returnAll: true,
				filters: { firstName: 'Bulk' },
			});
			expect(result.error(NODE)).toBeUndefined();
			const ids = jsonOf(result).map((learner) => learner.id);
			expect(ids).toHaveLength(250);
			expect(new Set(ids).size).toBe(250);
			const requests = bed.sandbox.requests;
			// Pages of Skilljar's default 100.
			expect(requests.map((request) => request.query)).toEqual([
				{ first_name: 'Bulk' },
				{ first_name: 'Bulk', cursor: expect.any(String) },
				{ first_name: 'Bulk', cursor: expect.any(String) },
			]);
			// The sandbox answers 400 to a cursor that comes back with another query; all were 200.
			expect(requests.every((request) => request.status === 200)).toBe(true);
		});

		test("a `next` link on another host is followed on the credential's base URL: the key never leaves it", async () => {
			const proxied = await startSkilljarTestBed({ publicUrl: 'https://api.skilljar.invalid' });
			try {
				for (let i = 0; i < 1_005; i++) proxied.sandbox.store.addGroup({ name: `Proxied ${i}` });
				const result = await proxied.run({
					resource: 'group',
					operation: 'getMany',
					returnAll: true,
				});
				expect(jsonOf(result)).toHaveLength(1_005);
				expect(proxied.sandbox.requests.map((request) => request.query)).toEqual([
					{ page_size: '1000' },
					{ page: '2', page_size: '1000' },
				]);
			} finally {
				await proxied.close();
			}
		});

		test('v1 page-number lists follow `next` (page=2…) and stop at the limit', async () => {
			for (let i = 0; i < 1_204; i++) store().addGroup({ name: `Group ${i}` });
			const all = await bed.run({ resource: 'group', operation: 'getMany', returnAll: true });
			expect(jsonOf(all)).toHaveLength(1_204);
			expect(bed.sandbox.requests.map((request) => request.query)).toEqual([
				{ page_size: '1000' },
				{ page: '2', page_size: '1000' },
			]);

			bed.sandbox.clearRequests();
			const some = await bed.run({ resource: 'group', operation: 'getMany', limit: 30 });
			expect(jsonOf(some)).toHaveLength(30);
			expect(bed.sandbox.requests.map((request) => request.query)).toEqual([{ page_size: '30' }]);
		});

		test('v2 cursor paging: page[size] 100, page[cursor] from the previous answer', async () => {
			for (let i = 0; i < 230; i++) store().addUser({ email: `v2.bulk.${i}@example.com` });
			const result = await bed.run(
				{ resource: 'learner', operation: 'getMany', returnAll: true },
				{ api: 'v2' },
			);
			expect(jsonOf(result)).toHaveLength(230);
			const pages = bed.sandbox.requests.filter((request) => request.path === '/v2/students/');
			expect(pages.map((request) => request.query)).toEqual([
				{ 'page[size]': '100' },
				{ 'page[size]': '100', 'page[cursor]': expect.any(String) },
				{ 'page[size]': '100', 'page[cursor]': expect.any(String) },
			]);
			expect(pages.every((request) => request.status === 200)).toBe(true);
		});
	});

	describe('retries', () => {
		test('a GET is retried after a 5xx and a dropped connection, and succeeds', async () => {
			const learner = store().addUser({ email: 'retry@example.com' });
			bed.sandbox.setFaults({
				schedule: [
					{ atRequest: 1, kind: '5xx' },
					{ atRequest: 2, kind: 'reset' },
				],
			});
			const result = await bed.run({
				resource: 'learner',
				operation: 'get',
				learner: byId(learner.id),
			});
			expect(result.error(NODE)).toBeUndefined();
			expect(jsonOf(result)[0]).toMatchObject({ id: learner.id });
			expect(calls(bed.sandbox)).toEqual(Array(3).fill(`GET /v1/users/${learner.id}`));
		});

		test('the domain-user POST (an upsert) is retried after a dropped connection: one learner', async () => {
			bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'reset' }] });
			const result = await bed.run({
				resource: 'learner',
				operation: 'upsert',
				email: 'once@example.com',
			});
			expect(result.error(NODE)).toBeUndefined();
			expect(calls(bed.sandbox)).toEqual(Array(2).fill(`POST /v1/domains/${bed.domain}/users`));
			expect(
				store()
					.listUsers()
					.filter((user) => user.email === 'once@example.com'),
			).toHaveLength(1);
		});

		test('a create that could duplicate (a group) is not repeated after a 5xx', async () => {
			bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: '5xx' }] });
			const result = await bed.run({
				resource: 'group',
				operation: 'create',
				name: 'Exactly Once',
			});
			expect(result.error(NODE)?.message).toMatch(/^Skilljar answered 50[023]/);
			expect(calls(bed.sandbox)).toEqual(['POST /v1/groups']);
		});
	});

	test('429 with Retry-After: requests wait it out and all items succeed', async () => {
		const learners = Array.from({ length: 4 }, (_, i) =>
			store().addUser({ email: `throttled.${i}@example.com` }),
		);
		bed.sandbox.configure({ rateLimit: { max: 2, intervalMs: 1_000, retryAfterSec: 1 } });
		const started = Date.now();
		const result = await bed.run(
			{
				resource: 'learner',
				operation: 'get',
				learner: byId('={{ $json.id }}'),
				requestOptions: { concurrency: 4 },
			},
			{ items: learners.map((learner) => ({ id: learner.id })) },
		);
		expect(result.error(NODE)).toBeUndefined();
		expect(jsonOf(result).map((learner) => learner.id)).toEqual(
			learners.map((learner) => learner.id),
		);
		expect(bed.sandbox.requests.some((request) => request.status === 429)).toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	});

	describe('error mapping', () => {
		test('DRF field errors are flattened into the message (v1)', async () => {
			const result = await bed.run({
				resource: 'group',
				operation: 'create',
				name: 'x'.repeat(100),
			});
			expect(result.error(NODE)).toBeUndefined();
			const again = await bed.run({
				resource: 'group',
				operation: 'create',
				name: 'x'.repeat(100),
			});
			expect(again.error(NODE)?.message).toBe(
				'Skilljar answered 400: name: group with this name already exists.',
			);
		});

		test('JSON:API errors give their detail (v2 404)', async () => {
			const result = await bed.run(
				{ resource: 'learner', operation: 'get', learner: byId('missing0001') },
				{ api: 'v2' },
			);
			expect(result.error(NODE)?.message).toBe(
				'Skilljar answered 404: No student with id missing0001 in this organization.',
			);
			expect(result.error(NODE)?.description).toMatch(/Check the ID/);
		});

		test('an ID that would change the path is refused before any request', async () => {
			const result = await bed.run({
				resource: 'learner',
				operation: 'get',
				learner: byId('={{ "../groups" }}'),
			});
			expect(result.error(NODE)?.message).toMatch(/Learner ID must not contain/);
			expect(bed.sandbox.requests).toEqual([]);
		});
	});
});
