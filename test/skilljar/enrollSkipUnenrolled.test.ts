// Enrollment → Enroll with "Skip If Unenrolled": a learner an admin unenrolled stays unenrolled,
// however often a CRM sync runs the enrollment again (issue 15, point 4).
import {
	calls,
	jsonOf,
	NODE,
	startSkilljarTestBed,
	writes,
	type SkilljarTestBed,
} from '../harness/skilljar';

describe('Enrollment → Enroll, Skip If Unenrolled', () => {
	let bed: SkilljarTestBed;
	let course: string;

	beforeAll(async () => {
		bed = await startSkilljarTestBed();
		course = bed.sandbox.store.addPublishedCourse('Onboarding 101').id;
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const store = () => bed.sandbox.store;
	let counter = 0;
	const member = () =>
		store().upsertDomainUser(bed.domain, { email: `skip.${++counter}@example.com` }).user;
	const enrollmentsOf = (userId: string) =>
		store()
			.listEnrollments()
			.filter(
				(enrollment) => enrollment.userId === userId && enrollment.publishedCourseId === course,
			);
	const enroll = (email: string, api: 'v1' | 'v2', skipIfUnenrolled = true) =>
		bed.run(
			{
				resource: 'enrollment',
				operation: 'enroll',
				email,
				publishedCourseId: course,
				options: { skipIfUnenrolled },
			},
			{ api },
		);

	describe.each(['v1', 'v2'] as const)('%s', (api) => {
		test('a learner whose enrollment was deactivated is left unenrolled, and the output says so', async () => {
			const learner = member();
			const unenrolled = store().enroll(learner.id, course).enrollment;
			unenrolled.active = false;

			const result = await enroll(learner.email, api);

			expect(result.error(NODE)).toBeUndefined();
			expect(enrollmentsOf(learner.id)).toEqual([
				expect.objectContaining({ id: unenrolled.id, active: false }),
			]);
			expect(writes(bed.sandbox).filter((request) => request.path.includes('enrollments'))).toEqual(
				[],
			);
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({
					email: learner.email,
					published_course_id: course,
					active: false,
					skipped_unenrolled: true,
					enrollment_id: unenrolled.id,
				}),
			]);
		});

		test('a learner never enrolled in the course is enrolled', async () => {
			const learner = member();
			const result = await enroll(learner.email, api);
			expect(result.error(NODE)).toBeUndefined();
			expect(enrollmentsOf(learner.id)).toEqual([expect.objectContaining({ active: true })]);
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({ active: true, skipped_unenrolled: false }),
			]);
		});

		test('a new email becomes a learner and is enrolled', async () => {
			const email = `skip.new.${++counter}@example.com`;
			const result = await enroll(email, api);
			expect(result.error(NODE)).toBeUndefined();
			const learner = store().findUserByEmail(email)!;
			expect(enrollmentsOf(learner.id)).toEqual([expect.objectContaining({ active: true })]);
		});

		test('an active enrollment stays the one active enrollment', async () => {
			const learner = member();
			const current = store().enroll(learner.id, course).enrollment;
			const result = await enroll(learner.email, api);
			expect(result.error(NODE)).toBeUndefined();
			expect(enrollmentsOf(learner.id)).toEqual([
				expect.objectContaining({ id: current.id, active: true }),
			]);
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({ active: true, skipped_unenrolled: false }),
			]);
		});

		test('without the option a deactivated enrollment is renewed (Skilljar re-enrolls)', async () => {
			const learner = member();
			store().enroll(learner.id, course).enrollment.active = false;
			const result = await enroll(learner.email, api, false);
			expect(result.error(NODE)).toBeUndefined();
			expect(enrollmentsOf(learner.id).filter((enrollment) => enrollment.active)).toHaveLength(1);
		});
	});

	test("v1 reads the learner's publications before it decides (one GET, no enrollment POST)", async () => {
		const learner = member();
		store().enroll(learner.id, course).enrollment.active = false;
		await enroll(learner.email, 'v1');
		expect(calls(bed.sandbox)).toEqual([
			`POST /v1/domains/${bed.domain}/users`,
			`GET /v1/users/${learner.id}/published-courses`,
		]);
	});
});
