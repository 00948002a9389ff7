import type { IDataObject } from 'n8n-workflow';

import { course, OCH_NODE, startOchTestBed, type OchTestBed } from '../harness/och';

const FRIENDS = 'rkUNIGXTgtrPCz130A2D';
const MARKETING = 'Qm3xV9pLc2WnTb7YhK4s';
const COURSES = '/api/pabbly-tenant-courses';

const enrollByTitle = {
	resource: 'student',
	operation: 'enroll',
	email: '={{ $json.email }}',
	courseId: course('={{ $json.title }}', 'title'),
};

describe('Student → Enroll in Course, course By Title', () => {
	let bed: OchTestBed;

	beforeEach(async () => {
		bed = await startOchTestBed();
	});
	afterEach(async () => await bed.close());

	const coursesRead = () => bed.sandbox.requests.filter((request) => request.path === COURSES);
	const enrolledIn = (email: string) =>
		bed.sandbox.store.listEnrollments({ email }).map((enrollment) => enrollment.courseId);

	test('matches the title in any case and with stray spaces, reading the courses once for all items', async () => {
		const result = await bed.run(enrollByTitle, {
			items: [
				{ email: 'ada@example.com', title: 'how to win friends' },
				{ email: 'grace@example.com', title: '  EMAIL   Marketing Foundations ' },
				{ email: 'alan@example.com', title: 'How To Win Friends' },
			],
		});

		expect(result.error(OCH_NODE)).toBeUndefined();
		expect(result.output(OCH_NODE).map((item) => item.json.courseId)).toEqual([
			FRIENDS,
			MARKETING,
			FRIENDS,
		]);
		expect(enrolledIn('ada@example.com')).toEqual([FRIENDS]);
		expect(enrolledIn('grace@example.com')).toEqual([MARKETING]);
		expect(enrolledIn('alan@example.com')).toEqual([FRIENDS]);
		expect(coursesRead()).toHaveLength(1);
		// What was sent to OCH is the course's ID, as for a course picked from the list.
		expect(
			bed.sandbox.requests
				.filter((request) => request.path !== COURSES)
				.map((request) => (request.body as { courseId: string }).courseId),
		).toEqual([FRIENDS, MARKETING, FRIENDS]);
	});

	test('no course with the title: an item error naming the title and the close titles, nothing enrolled', async () => {
		bed.sandbox.addCourse('Photography for Beginners', 'Ph0t0gr4phyB3g1nn3rs');
		const result = await bed.run(enrollByTitle, {
			items: [{ email: 'ada@example.com', title: 'photography for beginner' }],
		});

		const error = result.error(OCH_NODE);
		expect(error?.message).toBe('No OnlineCourseHost course is titled "photography for beginner"');
		expect(error?.description).toMatch(/Close titles: "Photography for Beginners"/);
		expect(bed.sandbox.store.listEnrollments()).toEqual([]);
	});

	test('with nothing close, the error lists the titles there are', async () => {
		const result = await bed.run(enrollByTitle, {
			items: [{ email: 'ada@example.com', title: 'Underwater Basket Weaving' }],
		});

		const error = result.error(OCH_NODE);
		expect(error?.message).toBe('No OnlineCourseHost course is titled "Underwater Basket Weaving"');
		expect(error?.description).toMatch(
			/Courses: "Email Marketing Foundations", "How to win friends"/,
		);
	});

	test('two courses with the same title: a clear error with their IDs, nothing enrolled', async () => {
		bed.sandbox.addCourse('How To Win Friends', 'SecondFriends0000000');
		const result = await bed.run(enrollByTitle, {
			items: [{ email: 'ada@example.com', title: 'how to win friends' }],
		});

		const error = result.error(OCH_NODE);
		expect(error?.message).toBe('2 OnlineCourseHost courses are titled "how to win friends"');
		expect(error?.description).toContain(FRIENDS);
		expect(error?.description).toContain('SecondFriends0000000');
		expect(error?.description).toMatch(/By ID/);
		expect(bed.sandbox.store.listEnrollments()).toEqual([]);
	});

	test('an empty title fails before any request', async () => {
		const result = await bed.run(enrollByTitle, {
			items: [{ email: 'ada@example.com', title: '  ' }],
		});
		expect(result.error(OCH_NODE)?.message).toBe('Course is empty');
		expect(bed.sandbox.requests).toHaveLength(0);
	});

	test('with Continue On Fail, each item enrolls or fails on its own, paired with its input, one course read', async () => {
		const result = await bed.run(enrollByTitle, {
			continueOnFail: true,
			items: [
				{ email: 'ada@example.com', title: 'How to win friends' },
				{ email: 'grace@example.com', title: 'No Such Course' },
				{ email: 'alan@example.com', title: 'email marketing foundations' },
			],
		});

		const output = result.output(OCH_NODE);
		expect(output.map((item) => (item.json.error as IDataObject | undefined)?.message ?? item.json.courseId)).toEqual([
			FRIENDS,
			'No OnlineCourseHost course is titled "No Such Course"',
			MARKETING,
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(enrolledIn('grace@example.com')).toEqual([]);
		expect(coursesRead()).toHaveLength(1);
	});
});
