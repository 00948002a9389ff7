// Progress → Get Many: the learners actively enrolled in one course with their progress, through
// both credentials (v1 in both list shapes it may answer with, v2 with JSON:API cursor paging).
import type { IDataObject } from 'n8n-workflow';

import type { PublishedCourse } from '../../sandbox/skilljar';
import {
	calls,
	jsonOf,
	NODE,
	startSkilljarTestBed,
	type SkilljarTestBed,
} from '../harness/skilljar';

const SETUPS = [
	{ label: 'the API key (v1), envelope lists', api: 'v1', shape: 'envelope' },
	{ label: 'the API key (v1), bare-array lists', api: 'v1', shape: 'array' },
	{ label: 'OAuth2 (v2)', api: 'v2', shape: 'envelope' },
] as const;

/** Learners in the big course: a few enrolled early, a thousand later (more than one v1 page). */
const EARLY = 5;
const LATE = 1000;

describe.each(SETUPS)('Progress → Get Many with $label', ({ api, shape }) => {
	let bed: SkilljarTestBed;
	let course: PublishedCourse;
	let big: PublishedCourse;
	const learners: Record<string, { id: string; email: string }> = {};
	const enrollmentIds: Record<string, string> = {};

	beforeAll(async () => {
		bed = await startSkilljarTestBed({ v1ListShape: shape });
		const store = bed.sandbox.store;
		course = store.addPublishedCourse('Compliance Basics', { lesson_count: 4 });
		const other = store.addPublishedCourse('Another Course');
		// The same course published to a second domain: its learners are not this publication's.
		const partners = store.addDomain({ name: 'partners.example.com' });
		const twin = store.publishCourse(course.courseId, {
			domain: partners.name,
			slug: 'compliance',
		});

		const enroll = (name: string, at: string, publication = course) => {
			const user = store.upsertDomainUser(publication.domain, {
				email: `${name}@example.com`,
				first_name: name[0].toUpperCase() + name.slice(1),
				last_name: 'Tester',
			}).user;
			learners[name] = { id: user.id, email: user.email };
			const { enrollment } = store.enroll(user.id, publication.id, { enrolled_at: at });
			enrollmentIds[name] = enrollment.id;
			return enrollment;
		};
		store.recordProgress(enroll('done', '2026-01-05T09:00:00.000Z').id, {
			lessons: 4,
			at: '2026-01-20T10:00:00.000Z',
			result: { score: 88, passed: true },
		});
		store.recordProgress(enroll('midway', '2026-02-01T09:00:00.000Z').id, {
			lessons: 2,
			at: '2026-03-01T10:00:00.000Z',
		});
		enroll('idle', '2025-11-01T09:00:00.000Z');
		enroll('gone', '2026-01-10T09:00:00.000Z').active = false;
		enroll('lapsed', '2025-12-01T09:00:00.000Z').expires_at = '2026-01-01T00:00:00.000Z';
		enroll('twin', '2025-10-01T09:00:00.000Z', twin);
		store.enroll(learners.done.id, other.id);

		big = store.addPublishedCourse('Big Course', { lesson_count: 5 });
		for (let i = 0; i < EARLY + LATE; i++) {
			const user = store.upsertDomainUser(bed.domain, { email: `big.${i}@example.com` }).user;
			const month = i < EARLY ? '2025-06' : '2026-04';
			store.enroll(user.id, big.id, {
				enrolled_at: `${month}-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
			});
		}
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const run = async (
		parameters: Record<string, unknown>,
		options: { continueOnFail?: boolean; items?: IDataObject[] } = {},
	) =>
		await bed.run(
			{
				resource: 'progress',
				operation: 'getMany',
				publishedCourseId: course.id,
				...parameters,
			} as never,
			{ api, ...options },
		);
	const emails = (rows: Array<Record<string, unknown>>) => rows.map((row) => row.email);
	const enrollmentsQuery = () =>
		bed.sandbox.requests
			.filter((request) => request.path === '/v2/enrollments/')
			.map((request) => request.query);
	const progressCalls = () =>
		calls(bed.sandbox).filter((call) => /^GET \/v1\/users\/[^/]+\/published-courses$/.test(call));

	test('one item per actively enrolled learner, with the fields progress/get has; unenrolled, expired and other publications left out', async () => {
		const result = await run({ returnAll: true });
		expect(result.error(NODE)).toBeUndefined();
		const rows = jsonOf(result);
		expect(emails(rows)).toEqual(['done@example.com', 'midway@example.com', 'idle@example.com']);
		const v1 = api === 'v1';
		expect(rows[0]).toEqual({
			learner_id: learners.done.id,
			email: 'done@example.com',
			first_name: 'Done',
			last_name: 'Tester',
			published_course_id: course.id,
			course_id: course.courseId,
			course_title: 'Compliance Basics',
			domain: bed.domain,
			enrollment_id: enrollmentIds.done,
			enrolled_at: '2026-01-05T09:00:00.000Z',
			status: 'completed',
			completed: true,
			completed_at: '2026-01-20T10:00:00.000Z',
			score: 88,
			max_score: 100,
			success_status: 'PASSED',
			// v2 reports neither lessons done nor activity.
			completed_lesson_count: v1 ? 4 : null,
			lesson_count: 4,
			last_activity_at: v1 ? '2026-01-20T10:00:00.000Z' : null,
		});
		expect(rows[1]).toMatchObject({
			status: 'in_progress',
			completed: false,
			completed_at: null,
			score: null,
			success_status: null,
			completed_lesson_count: v1 ? 2 : null,
			last_activity_at: v1 ? '2026-03-01T10:00:00.000Z' : null,
		});
		expect(rows[2]).toMatchObject({
			status: 'not_started',
			completed_lesson_count: v1 ? 0 : null,
			last_activity_at: null,
		});

		if (v1) {
			expect(calls(bed.sandbox).slice(0, 2)).toEqual([
				`GET /v1/domains/${bed.domain}/published-courses/${course.id}`,
				`GET /v1/domains/${bed.domain}/published-courses/${course.id}/enrollments`,
			]);
			// One progress list per active learner; none for the unenrolled or expired ones.
			expect(progressCalls().sort()).toEqual(
				[learners.done.id, learners.midway.id, learners.idle.id]
					.map((id) => `GET /v1/users/${id}/published-courses`)
					.sort(),
			);
		} else {
			expect(calls(bed.sandbox)).toEqual([
				`GET /v2/published-courses/${course.id}`,
				'GET /v2/published-courses/',
				'GET /v2/enrollments/',
			]);
			expect(enrollmentsQuery()[0]).toMatchObject({
				'filter[course.id]': course.courseId,
				'filter[active]': 'true',
				include: 'student',
			});
		}
	});

	test('Not Completed leaves out the learners who completed', async () => {
		const rows = jsonOf(await run({ returnAll: true, filters: { notCompleted: true } }));
		expect(emails(rows)).toEqual(['midway@example.com', 'idle@example.com']);
		if (api === 'v2') {
			expect(enrollmentsQuery()[0]).toMatchObject({
				'filter[progress_status]': 'not_started,in_progress',
			});
		}
	});

	test('Enrolled Before keeps learners enrolled before that time, and is applied before any progress is read', async () => {
		const rows = jsonOf(
			await run({ returnAll: true, filters: { enrolledBefore: '2026-01-15T00:00:00.000Z' } }),
		);
		expect(emails(rows)).toEqual(['done@example.com', 'idle@example.com']);
		if (api === 'v1') expect(progressCalls()).toHaveLength(2);
		else
			expect(enrollmentsQuery()[0]).toMatchObject({
				'filter[enrolled_lte]': '2026-01-15T00:00:00.000Z',
			});
	});

	if (api === 'v1') {
		test('No Activity Since keeps learners inactive since then; one who never started counts from enrollment', async () => {
			const since = '2026-02-15T00:00:00.000Z';
			const rows = jsonOf(await run({ returnAll: true, filters: { noActivitySince: since } }));
			// done: last active Jan 20; midway: active Mar 1; idle: never active, enrolled in Nov.
			expect(emails(rows)).toEqual(['done@example.com', 'idle@example.com']);
			const stalled = jsonOf(
				await run({ returnAll: true, filters: { noActivitySince: since, notCompleted: true } }),
			);
			expect(emails(stalled)).toEqual(['idle@example.com']);
			const recent = jsonOf(
				await run({ returnAll: true, filters: { noActivitySince: '2025-10-01T00:00:00.000Z' } }),
			);
			expect(recent).toEqual([]);
		});
	} else {
		test('No Activity Since fails before any request: v2 does not report activity', async () => {
			const result = await run({
				returnAll: true,
				filters: { noActivitySince: '2026-02-15T00:00:00.000Z' },
			});
			expect(result.error(NODE)?.message).toBe(
				'The "No Activity Since" filter needs the Skilljar API (API key) credential',
			);
			expect(result.error(NODE)?.description).toMatch(
				/^Skilljar API v2 does not report when a learner was last active\. Set Authentication to "API Key"/,
			);
			expect(calls(bed.sandbox)).toEqual([]);
		});
	}

	test('Return All reads every page of a course with more learners than one page', async () => {
		if (api === 'v1') {
			// Enrolled Before narrows to the early few without reading the others' progress.
			const rows = jsonOf(
				await run({
					publishedCourseId: big.id,
					returnAll: true,
					filters: { enrolledBefore: '2025-07-01T00:00:00.000Z' },
				}),
			);
			expect(emails(rows)).toEqual(Array.from({ length: EARLY }, (_, i) => `big.${i}@example.com`));
			const pages = bed.sandbox.requests.filter((request) =>
				request.path.endsWith(`/${big.id}/enrollments`),
			);
			// The second page is the `next` link (or Link header) followed verbatim.
			expect(
				pages.map((request) => [request.status, request.query.page_size, request.query.page]),
			).toEqual([
				[200, '1000', undefined],
				[200, '1000', '2'],
			]);
			expect(progressCalls()).toHaveLength(EARLY);
		} else {
			const rows = jsonOf(await run({ publishedCourseId: big.id, returnAll: true }));
			expect(rows).toHaveLength(EARLY + LATE);
			expect(new Set(rows.map((row) => row.learner_id)).size).toBe(EARLY + LATE);
			expect(enrollmentsQuery()).toHaveLength(Math.ceil((EARLY + LATE) / 100));
		}
	});

	test('Limit counts matching learners and stops reading once it has them', async () => {
		const rows = jsonOf(
			await run({
				publishedCourseId: big.id,
				returnAll: false,
				limit: 3,
				filters: { notCompleted: true },
			}),
		);
		expect(emails(rows)).toEqual(['big.0@example.com', 'big.1@example.com', 'big.2@example.com']);
		// v1 reads progress ten learners at a time: one batch, not a thousand requests.
		if (api === 'v1') expect(progressCalls()).toHaveLength(10);
		else expect(enrollmentsQuery()).toHaveLength(1);
	});

	test('an unknown course fails with Skilljar’s 404 before listing anything; with Continue On Fail the other items still run', async () => {
		const unknown = await run({ publishedCourseId: 'nosuchcourse', returnAll: true });
		expect(unknown.error(NODE)?.message).toMatch(/^Skilljar answered 404: /);
		expect(calls(bed.sandbox)).toEqual([
			api === 'v1'
				? `GET /v1/domains/${bed.domain}/published-courses/nosuchcourse`
				: 'GET /v2/published-courses/nosuchcourse',
		]);

		const result = await run(
			{
				publishedCourseId: '={{ $json.course }}',
				returnAll: true,
				filters: { notCompleted: true },
			},
			{ continueOnFail: true, items: [{ course: 'nosuchcourse' }, { course: course.id }] },
		);
		const output = result.output(NODE);
		expect((output[0].json.error as IDataObject).message).toMatch(/^Skilljar answered 404: /);
		expect(output.slice(1).map((item) => [item.json.email, item.pairedItem])).toEqual([
			['midway@example.com', { item: 1 }],
			['idle@example.com', { item: 1 }],
		]);
	});

	test('a date that is not a date is refused before any request, naming the filter', async () => {
		const result = await run({ returnAll: true, filters: { enrolledBefore: 'last tuesday' } });
		expect(result.error(NODE)?.message).toBe('Enrolled Before "last tuesday" is not a valid date');
		expect(calls(bed.sandbox)).toEqual([]);
	});
});
