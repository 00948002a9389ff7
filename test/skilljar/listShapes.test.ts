// Every v1 list the node reads, in both shapes the API may answer with: the documented envelope
// {count, next, previous, results}, and the spec's bare array (GET /v1/users is `type: array`)
// with the next page in a Link header. The sandbox pages by 2 so every list spans pages.
// `page_size` goes only to the endpoints whose spec declares it.
import {
	byEmail,
	byId,
	jsonOf,
	NODE,
	startSkilljarTestBed,
	type SkilljarTestBed,
} from '../harness/skilljar';

/** v1 list endpoints that declare `page_size` in Skilljar's v1 spec (the others do not). */
const DECLARES_PAGE_SIZE = [
	/^\/v1\/groups$/,
	/^\/v1\/groups\/[^/]+\/users$/,
	/^\/v1\/domains\/[^/]+\/users$/,
	/^\/v1\/domains\/[^/]+\/published-courses\/[^/]+\/enrollments$/,
];

describe.each(['envelope', 'array'] as const)('v1 lists answered as %s', (shape) => {
	let bed: SkilljarTestBed;
	const store = () => bed.sandbox.store;

	beforeAll(async () => {
		bed = await startSkilljarTestBed({ v1ListShape: shape, v1DefaultPageSize: 2 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	/**
	 * Each GET of the run: page_size only where declared (those read in one page of up to 1000),
	 * every page answered 200; `pages` pages of `path` read at the default size of 2.
	 */
	const expectPagedAsDeclared = (path?: RegExp, pages = 0) => {
		const gets = bed.sandbox.requests.filter((request) => request.method === 'GET');
		if (path) expect(gets.filter((request) => path.test(request.path))).toHaveLength(pages);
		for (const request of gets) {
			const declared = DECLARES_PAGE_SIZE.some((pattern) => pattern.test(request.path));
			expect({ path: request.path, page_size: 'page_size' in request.query }).toEqual({
				path: request.path,
				page_size: declared,
			});
			expect(request.status).toBe(200);
		}
	};

	test('the sandbox answers in the configured shape', async () => {
		for (let i = 0; i < 3; i++) store().addGroup({ name: `Shape probe ${shape} ${i}` });
		const response = await fetch(`${bed.sandbox.url}/v1/groups`, {
			headers: { authorization: `Basic ${Buffer.from(`${bed.apiKey}:`).toString('base64')}` },
		});
		// Parsed outside Jest's realm: checked with Array.isArray, not expect.any(Array).
		const body = (await response.json()) as { count?: number; results?: unknown[] } | unknown[];
		if (shape === 'array') {
			expect(Array.isArray(body) && body.length).toBe(2);
			expect(response.headers.get('link')).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/v1\/groups\?page=2>; rel="next"$/);
		} else {
			expect(Array.isArray(body)).toBe(false);
			expect(Array.isArray((body as { results?: unknown }).results)).toBe(true);
			expect(response.headers.get('link')).toBeNull();
		}
	});

	test('Learner → Get Many and Find by Email (GET /v1/users) read every page', async () => {
		const emails = Array.from({ length: 5 }, (_, i) => `shape.${shape}.${i}@example.com`);
		for (const email of emails) store().addUser({ email, first_name: `Shape${shape}` });
		const many = await bed.run({
			resource: 'learner',
			operation: 'getMany',
			returnAll: true,
			filters: { firstName: `Shape${shape}` },
		});
		expect(many.error(NODE)).toBeUndefined();
		expect(jsonOf(many).map((learner) => learner.email).sort()).toEqual(emails);
		expectPagedAsDeclared(/^\/v1\/users$/, 3);

		bed.sandbox.clearRequests();
		const found = await bed.run({ resource: 'learner', operation: 'findByEmail', email: emails[4] });
		expect(jsonOf(found)[0]).toMatchObject({ found: true, email: emails[4] });
		expect(bed.sandbox.requests.map((request) => request.query)).toEqual([{ email: emails[4] }]);
	});

	test('Group → Get Many and Find by Name, and Sync Tags (the learner’s groups over pages)', async () => {
		const learner = store().upsertDomainUser(bed.domain, { email: `groups.${shape}@example.com` }).user;
		const names = ['a', 'b', 'c', 'd'].map((tag) => `Shape ${shape}: ${tag}`);
		const groups = names.map((name) => store().addGroup({ name }));
		for (const group of groups.slice(0, 3)) store().addMember(group.id, learner.id);

		const all = await bed.run({ resource: 'group', operation: 'getMany', returnAll: true });
		expect(jsonOf(all).map((group) => group.name)).toEqual(expect.arrayContaining(names));
		expectPagedAsDeclared(/^\/v1\/groups$/, 1);

		const byName = await bed.run({ resource: 'group', operation: 'findByName', name: names[3] });
		expect(jsonOf(byName)[0]).toMatchObject({ found: true, id: groups[3].id });

		bed.sandbox.clearRequests();
		const synced = await bed.run({
			resource: 'group',
			operation: 'syncTags',
			learner: byId(learner.id),
			tags: 'a, d',
			mapping: 'prefix',
			prefix: `Shape ${shape}: `,
		});
		expect(synced.error(NODE)).toBeUndefined();
		expect(jsonOf(synced)[0]).toMatchObject({
			added: [names[3]],
			removed: [names[1], names[2]],
		});
		expect(store().groupNamesOf(learner.id)).toEqual([names[0], names[3]]);
		expectPagedAsDeclared(/^\/v1\/users\/[^/]+\/groups$/, 2);
	});

	test('Course → Get Many and Enrollment → Get Many by course read every page', async () => {
		const courses = [1, 2, 3].map((n) => store().addPublishedCourse(`Shape ${shape} course ${n}`));
		const learners = [1, 2, 3].map(
			(n) => store().upsertDomainUser(bed.domain, { email: `enrolled.${shape}.${n}@example.com` }).user,
		);
		for (const learner of learners) store().enroll(learner.id, courses[0].id);

		const listed = await bed.run({ resource: 'course', operation: 'getMany', returnAll: true });
		expect(jsonOf(listed).map((course) => course.published_course_id)).toEqual(
			expect.arrayContaining(courses.map((course) => course.id)),
		);
		expectPagedAsDeclared(/\/published-courses$/, Math.ceil(store().listPublishedCourses(bed.domain).length / 2));

		bed.sandbox.clearRequests();
		const enrollments = await bed.run({
			resource: 'enrollment',
			operation: 'getMany',
			by: 'course',
			publishedCourseId: courses[0].id,
			returnAll: true,
		});
		expect(jsonOf(enrollments).map((enrollment) => enrollment.learner_id).sort()).toEqual(
			learners.map((learner) => learner.id).sort(),
		);
		expectPagedAsDeclared(/\/enrollments$/, 1);
	});

	test('Profile Field → Get Many, and Set Values by a label on the last page', async () => {
		const labels = [1, 2, 3, 4, 5].map((n) => `Shape ${shape} field ${n}`);
		for (const label of labels) store().addSignupField({ label });
		const learner = store().upsertDomainUser(bed.domain, { email: `fields.${shape}@example.com` }).user;

		const listed = await bed.run({ resource: 'profileField', operation: 'getMany' });
		expect(jsonOf(listed).map((field) => field.label)).toEqual(expect.arrayContaining(labels));
		expectPagedAsDeclared(
			/\/signup-fields$/,
			Math.ceil(store().listSignupFields(bed.domain).length / 2),
		);

		bed.sandbox.clearRequests();
		const set = await bed.run({
			resource: 'profileField',
			operation: 'setValues',
			learner: byEmail(learner.email),
			values: { value: [{ field: labels[4], value: 'deep' }] },
		});
		expect(set.error(NODE)).toBeUndefined();
		const field = store()
			.listSignupFields(bed.domain)
			.find((candidate) => candidate.label === labels[4])!;
		expect(store().getDomainUser(bed.domain, learner.id)?.values.get(field.id)).toBe('deep');
	});
});
