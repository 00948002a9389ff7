// The Skilljar sandbox's learner progress, over HTTP: the seeded demo course, the inspection routes
// that act as a learner (enroll, lessons, completion) and the webhooks they send, and the v1 and v2
// endpoints that report progress.
import { DEMO_COURSE, startSkilljarSandbox, type SkilljarSandbox } from '../../sandbox/skilljar';

const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(NOW - days * DAY).toISOString();

describe('Skilljar sandbox: learner progress', () => {
	let sandbox: SkilljarSandbox;
	let key: string;
	let clientId: string;
	const bodies: Array<{ authorization: string; body: Record<string, unknown> }> = [];

	beforeAll(async () => {
		sandbox = await startSkilljarSandbox({
			now: () => NOW,
			seed: { users: 2, courses: 1, progressDemo: true },
		});
		key = sandbox.createApiKey();
		clientId = sandbox.createOAuthClient({ scopes: ['enrollments:read'] }).clientId;
		sandbox.store.addWebhook({
			target_url: 'https://receiver.example.com/hook',
			basic_auth_username: 'hook-user',
			basic_auth_password: 'hook-secret',
		});
		sandbox.setDeliveryTransport(async (request) => {
			bodies.push({
				authorization: request.headers.authorization,
				body: JSON.parse(request.body) as Record<string, unknown>,
			});
			return { status: 200 };
		});
	});
	afterAll(async () => await sandbox.close());
	beforeEach(() => {
		bodies.length = 0;
	});

	const v1 = async (path: string) => {
		const response = await fetch(`${sandbox.url}${path}`, {
			headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
		});
		return { status: response.status, body: (await response.json()) as unknown };
	};
	const v2 = async (path: string) => {
		const token = sandbox.issueToken(clientId, ['enrollments:read']).access_token;
		const response = await fetch(`${sandbox.url}${path}`, {
			headers: { authorization: `Bearer ${token}` },
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};
	const inspect = async (path: string, body: unknown) => {
		const response = await fetch(`${sandbox.urls.inspect}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};
	const progressOf = async (email: string) => {
		const user = sandbox.store.findUserByEmail(email)!;
		const rows = (await v1(`/v1/users/${user.id}/published-courses`)).body as Array<
			Record<string, unknown>
		>;
		return rows.find((row) => row.published_course_id === DEMO_COURSE.publishedCourseId);
	};

	test('the demo course holds a learner in every state, dated from the clock', async () => {
		const { learners, publishedCourseId } = DEMO_COURSE;
		const page = (
			await v1(
				`/v1/domains/${sandbox.defaultDomain}/published-courses/${publishedCourseId}/enrollments`,
			)
		).body as { results: Array<{ user: { email: string }; enrolled_at: string; active: boolean }> };
		expect(
			page.results.map(({ user, enrolled_at, active }) => [user.email, enrolled_at, active]),
		).toEqual([
			[learners.completed.email, ago(20), true],
			[learners.inProgress.email, ago(14), true],
			[learners.neverStarted.email, ago(45), true],
			[learners.stalled.email, ago(40), true],
			[learners.unenrolled.email, ago(30), false],
		]);

		const completed = await progressOf(learners.completed.email);
		expect(completed).toMatchObject({
			course: { title: 'Onboarding Essentials', lesson_count: 6 },
			course_progress: {
				completed_at: ago(10),
				completed_lesson_count: 6,
				latest_activity: ago(10),
				score: 92,
				max_score: 100,
				success_status: 'PASSED',
			},
			certificate: { issued_at: ago(10), expires_at: null },
		});
		const certificate = completed?.certificate as { code: string; validate_url: string };
		expect(certificate.validate_url).toBe(`https://verify.skilljar.com/c/${certificate.code}`);
		expect((await progressOf(learners.inProgress.email))?.course_progress).toMatchObject({
			completed_at: null,
			completed_lesson_count: 3,
			latest_activity: ago(2),
		});
		expect((await progressOf(learners.neverStarted.email))?.course_progress).toMatchObject({
			completed_lesson_count: 0,
			latest_activity: null,
		});
		expect((await progressOf(learners.stalled.email))?.course_progress).toMatchObject({
			completed_lesson_count: 1,
			latest_activity: ago(30),
		});
		// No random seeded learner is enrolled in the demo course.
		expect(page.results).toHaveLength(5);
	});

	test('POST /__sandbox/enroll enrolls by email and sends COURSE_ENROLLMENT with the hook’s basic auth; again, nothing new', async () => {
		const course = sandbox.store.addPublishedCourse('Sales Basics', { lesson_count: 3 });
		const first = await inspect('/enroll', {
			email: 'Kai.Lund@Example.com',
			publishedCourseId: course.id,
			first_name: 'Kai',
			last_name: 'Lund',
			at: '2026-05-30T09:00:00Z',
		});
		expect(first).toMatchObject({
			status: 201,
			body: { created: true, user: { email: 'kai.lund@example.com' }, deliveries: 2 },
		});
		const user = sandbox.store.findUserByEmail('kai.lund@example.com')!;
		expect(bodies.map(({ body }) => body.event_type)).toEqual([
			'DOMAIN_ENROLLMENT',
			'COURSE_ENROLLMENT',
		]);
		expect(bodies[1]).toEqual({
			authorization: `Basic ${Buffer.from('hook-user:hook-secret').toString('base64')}`,
			body: {
				event_type: 'COURSE_ENROLLMENT',
				timestamp: '2026-05-30T09:00:00.000Z',
				user: { id: user.id, email: 'kai.lund@example.com', first_name: 'Kai', last_name: 'Lund' },
				course: {
					id: course.courseId,
					published_course_id: course.id,
					title: 'Sales Basics',
					url: `https://${sandbox.defaultDomain}/sales-basics`,
				},
				domain: {
					id: sandbox.store.getDomain(sandbox.defaultDomain)!.id,
					name: sandbox.defaultDomain,
				},
				purchase: null,
			},
		});

		const again = await inspect('/enroll', {
			email: 'kai.lund@example.com',
			publishedCourseId: course.id,
		});
		expect(again).toMatchObject({ status: 200, body: { created: false, deliveries: 0 } });
		expect(
			await inspect('/enroll', { email: 'kai@example.com', publishedCourseId: 'nosuchcourse' }),
		).toMatchObject({ status: 404 });
	});

	test('POST /__sandbox/progress: lessons and visits record activity; the last lesson completes the course and sends COURSE_COMPLETION once', async () => {
		const course = sandbox.store.addPublishedCourse('Support Basics', { lesson_count: 3 });
		await inspect('/enroll', { email: 'mia.ro@example.com', publishedCourseId: course.id });
		bodies.length = 0;

		const lesson = await inspect('/progress', {
			email: 'mia.ro@example.com',
			publishedCourseId: course.id,
			lessons: 2,
			at: '2026-05-31T08:00:00Z',
		});
		expect(lesson).toMatchObject({
			status: 200,
			body: {
				deliveries: 0,
				enrollment: {
					progress: {
						completed_lesson_count: 2,
						latest_activity: '2026-05-31T08:00:00.000Z',
						completed_at: null,
					},
				},
			},
		});
		// A visit without a new lesson is activity too; lessons never go back.
		await inspect('/progress', {
			email: 'mia.ro@example.com',
			publishedCourseId: course.id,
			lessons: 1,
			at: '2026-05-31T09:00:00Z',
		});
		expect(sandbox.store.findUserByEmail('mia.ro@example.com')?.latest_activity).toBe(
			'2026-05-31T09:00:00.000Z',
		);

		const done = await inspect('/progress', {
			email: 'mia.ro@example.com',
			publishedCourseId: course.id,
			lessons: 3,
			score: 81,
			at: '2026-05-31T10:00:00Z',
		});
		expect(done.body).toMatchObject({ deliveries: 1 });
		const enrollment = sandbox.store.activeEnrollment(
			sandbox.store.findUserByEmail('mia.ro@example.com')!.id,
			course.id,
		)!;
		const code = enrollment.certificate!.code;
		expect(bodies).toHaveLength(1);
		expect(bodies[0].body).toMatchObject({
			event_type: 'COURSE_COMPLETION',
			timestamp: '2026-05-31T10:00:00.000Z',
			user: { email: 'mia.ro@example.com' },
			course: { published_course_id: course.id, title: 'Support Basics' },
			domain: { name: sandbox.defaultDomain },
		});
		expect(bodies[0].body.course_progress).toEqual({
			completed_at: '2026-05-31T10:00:00.000Z',
			completed_lesson_count: 3,
			score: 81,
			max_score: 100,
			success_status: 'PASSED',
		});
		expect(bodies[0].body.certificate).toEqual({
			code,
			validate_url: `https://verify.skilljar.com/c/${code}`,
			issued_at: '2026-05-31T10:00:00.000Z',
			expires_at: null,
		});

		// Finished stays finished: no second completion.
		const repeat = await inspect('/progress', {
			email: 'mia.ro@example.com',
			publishedCourseId: course.id,
			complete: true,
		});
		expect(repeat.body).toMatchObject({ deliveries: 0 });

		// The sample endpoint answers with the most recent completion.
		const sample = (await v1('/v1/webhooks/sample-course-completion')).body as {
			results: unknown[];
		};
		expect(sample.results).toEqual([bodies[0].body]);
	});

	test('POST /__sandbox/progress complete with passed false: a failed completion, no certificate; unknown or unenrolled learners are refused', async () => {
		const course = sandbox.store.addPublishedCourse('Safety Basics', { lesson_count: 4 });
		await inspect('/enroll', { email: 'omar.f@example.com', publishedCourseId: course.id });
		bodies.length = 0;
		await inspect('/progress', {
			email: 'omar.f@example.com',
			publishedCourseId: course.id,
			complete: true,
			score: 40,
			passed: false,
		});
		expect(bodies[0].body).toMatchObject({
			event_type: 'COURSE_COMPLETION',
			course_progress: { completed_lesson_count: 4, score: 40, success_status: 'FAILED' },
			certificate: null,
		});

		expect(
			await inspect('/progress', { email: 'nobody@example.com', publishedCourseId: course.id }),
		).toMatchObject({ status: 404 });
		expect(
			await inspect('/progress', {
				email: DEMO_COURSE.learners.unenrolled.email,
				publishedCourseId: DEMO_COURSE.publishedCourseId,
				lessons: 2,
			}),
		).toMatchObject({ status: 409 });
	});

	test('v2 enrollments: date filters need a timezone, progress and certificate per row, students included', async () => {
		const query = (filters: string) =>
			v2(
				`/v2/enrollments/?filter[course.id]=${DEMO_COURSE.courseId}&filter[active]=true&include=student${filters}`,
			);
		const all = await query('');
		const rows = all.body.data as Array<{
			attributes: Record<string, unknown>;
			relationships: Record<string, { data: { id: string } | null }>;
		}>;
		expect(rows).toHaveLength(4);
		expect(rows[0].attributes).toMatchObject({
			progress_status: 'completed',
			score: 92,
			max_score: 100,
			success_status: 'passed',
			has_certificate: true,
		});
		expect(rows[0].relationships.certificate.data).not.toBeNull();
		expect(rows.slice(1).map((row) => row.attributes.progress_status)).toEqual([
			'in_progress',
			'not_started',
			'in_progress',
		]);
		expect(
			(all.body.included as Array<{ attributes: { email: string } }>)
				.map((student) => student.attributes.email)
				.sort(),
		).toEqual(
			[
				DEMO_COURSE.learners.completed.email,
				DEMO_COURSE.learners.inProgress.email,
				DEMO_COURSE.learners.neverStarted.email,
				DEMO_COURSE.learners.stalled.email,
			].sort(),
		);

		const longAgo = await query(`&filter[enrolled_lte]=${encodeURIComponent(ago(30))}`);
		expect((longAgo.body.data as unknown[]).length).toBe(2);
		const completedLately = await query(`&filter[completed_gte]=${encodeURIComponent(ago(11))}`);
		expect((completedLately.body.data as unknown[]).length).toBe(1);
		const naive = await query('&filter[enrolled_lte]=2026-05-01T00:00:00');
		expect(naive).toMatchObject({
			status: 422,
			body: {
				errors: [{ code: 'validation_error', source: { parameter: 'filter[enrolled_lte]' } }],
			},
		});
	});
});
