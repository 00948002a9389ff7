import { course, OCH_NODE, startOchTestBed, type OchTestBed } from '../harness/och';
import { failedItem } from '../harness/errorItems';

const FRIENDS = 'rkUNIGXTgtrPCz130A2D';
const MARKETING = 'Qm3xV9pLc2WnTb7YhK4s';

const enroll = (parameters: Record<string, unknown> = {}) => ({
	resource: 'student',
	operation: 'enroll',
	email: '={{ $json.email }}',
	firstName: '={{ $json.firstName }}',
	lastName: '={{ $json.lastName }}',
	courseId: course(FRIENDS),
	...parameters,
});

/** The passwords the sandbox received, from its request log. */
function passwordsSent(bed: OchTestBed): string[] {
	return bed.sandbox.requests.map((request) =>
		String((request.body as { password?: string } | undefined)?.password ?? ''),
	);
}

describe('Student → Enroll in Course', () => {
	let bed: OchTestBed;

	beforeEach(async () => {
		bed = await startOchTestBed();
	});
	afterEach(async () => await bed.close());

	test('a new email gets an account with a strong password that appears nowhere in the output', async () => {
		const result = await bed.run(enroll(), {
			items: [{ email: ' Ada.Lovelace@Example.com ', firstName: 'Ada', lastName: 'Lovelace' }],
		});

		expect(result.output(OCH_NODE).map((item) => item.json)).toEqual([
			{
				status: 'success',
				message: 'Account created successfully.',
				email: 'ada.lovelace@example.com',
				courseId: FRIENDS,
			},
		]);
		const student = bed.sandbox.store.getStudent('ada.lovelace@example.com');
		expect(student).toMatchObject({
			name: 'Ada Lovelace',
			firstName: 'Ada',
			lastName: 'Lovelace',
			createdBy: 'integration',
		});
		expect(bed.sandbox.store.listEnrollments({ email: 'ada.lovelace@example.com' })).toMatchObject([
			{ courseId: FRIENDS, courseTitle: 'How to win friends' },
		]);

		const [password] = passwordsSent(bed);
		expect(password).toHaveLength(24);
		expect(password).toMatch(/[a-z]/);
		expect(password).toMatch(/[A-Z]/);
		expect(password).toMatch(/[0-9]/);
		expect(password).toMatch(/[^A-Za-z0-9]/);
		expect(bed.sandbox.store.checkPassword('ada.lovelace@example.com', password)).toBe(true);
		expect(JSON.stringify(result.run)).not.toContain(password);
	});

	test('every item gets its own password', async () => {
		await bed.run(enroll(), {
			items: [
				{ email: 'one@example.com', firstName: 'One' },
				{ email: 'two@example.com', firstName: 'Two' },
			],
		});
		const [first, second] = passwordsSent(bed);
		expect(first).not.toBe(second);
	});

	test('an existing student is enrolled without a second account, and keeps their password', async () => {
		await bed.run(enroll(), {
			items: [{ email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' }],
		});
		const [original] = passwordsSent(bed);

		const result = await bed.run(enroll({ courseId: course(MARKETING) }), {
			items: [{ email: 'GRACE@example.com', firstName: 'Grace', lastName: 'Hopper' }],
		});

		expect(result.output(OCH_NODE)[0].json).toEqual({
			status: 'success',
			message: 'Student enrolled successfully.',
			email: 'grace@example.com',
			courseId: MARKETING,
		});
		expect(
			bed.sandbox.store.listStudents().filter((student) => student.email === 'grace@example.com'),
		).toHaveLength(1);
		expect(
			bed.sandbox.store
				.listEnrollments({ email: 'grace@example.com' })
				.map((enrollment) => enrollment.courseId),
		).toEqual([FRIENDS, MARKETING]);
		expect(bed.sandbox.store.checkPassword('grace@example.com', original)).toBe(true);
	});

	test('first and last names are sent as name, first_name and last_name; a full name as name only', async () => {
		await bed.run(enroll(), {
			items: [
				{ email: 'ada@example.com', firstName: ' Ada ', lastName: 'Lovelace' },
				{ email: 'solo@example.com', firstName: 'Cher', lastName: '' },
				{ email: 'anon@example.com', firstName: '', lastName: '' },
			],
		});
		await bed.run(
			enroll({
				nameFormat: 'full',
				fullName: '={{ $json.fullName }}',
				courseId: course(MARKETING),
			}),
			{ items: [{ email: 'ada.king@example.com', fullName: 'Augusta  Ada King' }] },
		);

		const bodies = bed.sandbox.requests.map((request) => {
			const { password: _password, ...rest } = request.body as Record<string, unknown>;
			return rest;
		});
		expect(bodies).toEqual([
			{
				email: 'ada@example.com',
				courseId: FRIENDS,
				name: 'Ada Lovelace',
				first_name: 'Ada',
				last_name: 'Lovelace',
			},
			{ email: 'solo@example.com', courseId: FRIENDS, name: 'Cher', first_name: 'Cher' },
			{ email: 'anon@example.com', courseId: FRIENDS },
			{ email: 'ada.king@example.com', courseId: MARKETING, name: 'Augusta Ada King' },
		]);
		expect(bed.sandbox.store.getStudent('ada.king@example.com')).toMatchObject({
			name: 'Augusta Ada King',
			firstName: 'Augusta',
			lastName: 'Ada King',
		});
	});

	test('an invalid email fails with a clear error before any request', async () => {
		const result = await bed.run(enroll(), {
			items: [{ email: 'ada.example.com', firstName: 'Ada' }],
		});

		const error = result.error(OCH_NODE);
		expect(error?.message).toBe('Email "ada.example.com" is not a valid email address');
		expect(error?.description).toMatch(/name@example\.com/);
		expect(bed.sandbox.requests).toHaveLength(0);
	});

	test('an empty course ID fails with a clear error before any request', async () => {
		const result = await bed.run(enroll({ courseId: course('={{ $json.courseId }}') }), {
			items: [{ email: 'ada@example.com', courseId: ' ' }],
		});
		expect(result.error(OCH_NODE)?.message).toBe('Course is empty');
		expect(bed.sandbox.requests).toHaveLength(0);
	});

	test('an unknown course is OCH\'s 404 "Course not found", explained', async () => {
		const result = await bed.run(enroll({ courseId: course('NoSuchCourse00000000') }), {
			items: [{ email: 'ada@example.com' }],
		});

		const error = result.error(OCH_NODE);
		expect(error?.message).toBe('OnlineCourseHost answered 404: Course not found');
		expect(error?.description).toMatch(/Pick the course from the list/);
		expect(bed.sandbox.store.listStudents()).toHaveLength(0);
		expect(JSON.stringify(error)).not.toContain(passwordsSent(bed)[0]);
	});

	test('with Continue On Fail, each item succeeds or fails on its own, in input order', async () => {
		const result = await bed.run(enroll({ courseId: '={{ $json.courseId }}' }), {
			continueOnFail: true,
			items: [
				{ email: 'ok@example.com', courseId: FRIENDS },
				{ email: 'not-an-email', courseId: FRIENDS },
				{ email: 'lost@example.com', courseId: 'NoSuchCourse00000000' },
				{ email: 'ok2@example.com', courseId: MARKETING },
			],
		});

		const output = result.output(OCH_NODE);
		expect(output.map((item) => item.json)).toEqual([
			{
				status: 'success',
				message: 'Account created successfully.',
				email: 'ok@example.com',
				courseId: FRIENDS,
			},
			failedItem('Email "not-an-email" is not a valid email address', false),
			failedItem('OnlineCourseHost answered 404: Course not found', false),
			{
				status: 'success',
				message: 'Account created successfully.',
				email: 'ok2@example.com',
				courseId: MARKETING,
			},
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		for (const password of passwordsSent(bed))
			expect(JSON.stringify(result.run)).not.toContain(password);
	});

	test('an enroll whose answer was lost is sent again and enrolls once, with one account', async () => {
		bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'lostAnswer' }] });
		const result = await bed.run(enroll(), {
			items: [{ email: 'katherine@example.com', firstName: 'Katherine' }],
		});

		expect(result.error(OCH_NODE)).toBeUndefined();
		expect(bed.sandbox.requests.map((request) => request.fault ?? request.status)).toEqual([
			'lostAnswer',
			200,
		]);
		// The repeat carried the same password, so the account's password is the one first sent.
		const [first, second] = passwordsSent(bed);
		expect(second).toBe(first);
		expect(result.output(OCH_NODE)[0].json).toMatchObject({
			status: 'success',
			message: 'Student enrolled successfully.',
		});
		expect(bed.sandbox.store.listStudents()).toHaveLength(1);
		expect(bed.sandbox.store.listEnrollments({ email: 'katherine@example.com' })).toHaveLength(1);
	});

	test('enrolling a new student makes OCH send New Student Account, then Course Enrollment', async () => {
		bed.sandbox.setWebhooks({
			newStudentAccount: 'http://127.0.0.1:9/nsa',
			courseEnrollment: 'http://127.0.0.1:9/ce',
		});
		await bed.run(enroll(), {
			items: [{ email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing' }],
		});
		await bed.run(enroll({ courseId: course(MARKETING) }), {
			items: [{ email: 'alan@example.com', firstName: 'Alan' }],
		});
		await bed.sandbox.flushEvents();

		expect(bed.sandbox.deliveries.map(({ event, payload }) => ({ event, payload }))).toEqual([
			{ event: 'newStudentAccount', payload: { email: 'alan@example.com', name: 'Alan Turing' } },
			{
				event: 'courseEnrollment',
				payload: {
					email: 'alan@example.com',
					courseId: FRIENDS,
					courseTitle: 'How to win friends',
					source: 'integration',
				},
			},
			{
				event: 'courseEnrollment',
				payload: {
					email: 'alan@example.com',
					courseId: MARKETING,
					courseTitle: 'Email Marketing Foundations',
					source: 'integration',
				},
			},
		]);
	});
});
