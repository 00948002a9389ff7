import { startOchSandbox, type OchSandbox } from '../../sandbox/onlinecoursehost';
import { ochTrigger, startWebhookReceiver } from '../harness/och';

const SECRET = 'q7Vd2LkP9xZr4TnB8wYc';
const withKey = (key = SECRET) => ({ key });

describe('OnlineCourseHost Trigger', () => {
	test.each([
		[
			'courseEnrollment',
			{
				email: 'Ada@Example.com',
				courseId: 'rkUNIGXTgtrPCz130A2D',
				courseTitle: 'How to win friends',
				source: 'stripe',
			},
			{
				email: 'ada@example.com',
				firstName: null,
				lastName: null,
				courseId: 'rkUNIGXTgtrPCz130A2D',
				courseTitle: 'How to win friends',
				source: 'stripe',
			},
		],
		[
			'newStudentAccount',
			{ email: 'grace@example.com', name: 'Grace Brewster Hopper' },
			{
				email: 'grace@example.com',
				firstName: 'Grace',
				lastName: 'Brewster Hopper',
				courseId: null,
				courseTitle: null,
				source: null,
			},
		],
		[
			'newStudentAccount',
			{ email: 'cher@example.com', first_name: 'Cher' },
			{
				email: 'cher@example.com',
				firstName: 'Cher',
				lastName: null,
				courseId: null,
				courseTitle: null,
				source: null,
			},
		],
		[
			'newsletterSubscription',
			{ email: 'reader@example.com' },
			{
				email: 'reader@example.com',
				firstName: null,
				lastName: null,
				courseId: null,
				courseTitle: null,
				source: null,
			},
		],
	])('%s is normalised, with the payload kept under raw', async (event, payload, expected) => {
		const trigger = ochTrigger({ event, secret: SECRET });
		const before = Date.now();
		const result = await trigger.deliver({ body: payload, query: withKey() });

		expect(result).toMatchObject({ status: 200, started: true });
		expect(result.items).toHaveLength(1);
		const { receivedAt, ...item } = result.items[0].json;
		expect(item).toEqual({ event, ...expected, raw: payload });
		expect(Date.parse(String(receivedAt))).toBeGreaterThanOrEqual(before - 1000);
	});

	test('a form-encoded delivery is read the same way', async () => {
		const trigger = ochTrigger({ event: 'courseEnrollment', secret: SECRET });
		const result = await trigger.deliver({
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'email=ada%40example.com&course_id=abc&course_title=Intro&source=free',
			query: withKey(),
		});
		expect(result.items[0].json).toMatchObject({
			email: 'ada@example.com',
			courseId: 'abc',
			courseTitle: 'Intro',
			source: 'free',
		});
	});

	test.each([
		['no key', {}],
		['a wrong key', withKey('q7Vd2LkP9xZr4TnB8wYd')],
		['a prefix of the key', withKey(SECRET.slice(0, 10))],
		['the key with more after it', withKey(`${SECRET}x`)],
	])('%s is refused with 401 and starts nothing', async (_label, query) => {
		const trigger = ochTrigger({ event: 'courseEnrollment', secret: SECRET });
		const result = await trigger.deliver({ body: { email: 'ada@example.com' }, query });
		expect(result).toMatchObject({
			status: 401,
			started: false,
			items: [],
			responseBody: { message: 'Missing or wrong key' },
		});
		expect(JSON.stringify(result.responseBody)).not.toContain(SECRET);
		expect(trigger.staticData.seenDeliveries).toBeUndefined();
	});

	test('an empty Secret Key accepts nothing, even a request with an empty key', async () => {
		const trigger = ochTrigger({ event: 'courseEnrollment', secret: '' });
		const result = await trigger.deliver({
			body: { email: 'ada@example.com' },
			query: withKey(''),
		});
		expect(result).toMatchObject({ status: 401, started: false });
	});

	test('with Authentication "None" every delivery is accepted', async () => {
		const trigger = ochTrigger({ event: 'newsletterSubscription', authentication: 'none' });
		const result = await trigger.deliver({ body: { email: 'reader@example.com' } });
		expect(result).toMatchObject({ status: 200, started: true });
	});

	test('an identical delivery within the window is dropped; a different one is not', async () => {
		const trigger = ochTrigger({ event: 'courseEnrollment', secret: SECRET });
		const payload = {
			email: 'ada@example.com',
			courseId: 'rkUNIGXTgtrPCz130A2D',
			courseTitle: 'How to win friends',
			source: 'free',
		};

		const first = await trigger.deliver({ body: payload, query: withKey() });
		const repeat = await trigger.deliver({ body: payload, query: withKey() });
		const other = await trigger.deliver({
			body: { ...payload, courseId: 'Qm3xV9pLc2WnTb7YhK4s' },
			query: withKey(),
		});

		expect(first.started).toBe(true);
		expect(repeat).toMatchObject({
			status: 200,
			started: false,
			responseBody: { message: 'Duplicate delivery ignored' },
		});
		expect(other.started).toBe(true);
	});

	test('a body without an email is answered 400 and starts nothing', async () => {
		const trigger = ochTrigger({ event: 'newStudentAccount', secret: SECRET });
		const result = await trigger.deliver({ body: { name: 'Nobody' }, query: withKey() });
		expect(result).toMatchObject({ status: 400, started: false });
	});

	test('activation refuses a short or URL-unsafe Secret Key and names the fix', async () => {
		for (const secret of ['short', 'has spaces in it, and more', 'a&b=c#dddddddddddddd']) {
			await expect(ochTrigger({ event: 'courseEnrollment', secret }).activate()).rejects.toThrow(
				'Secret Key is too weak or not URL-safe',
			);
		}
		await expect(
			ochTrigger({ event: 'courseEnrollment', secret: SECRET }).activate(),
		).resolves.toBeUndefined();
		await expect(
			ochTrigger({ event: 'courseEnrollment', authentication: 'none' }).activate(),
		).resolves.toBeUndefined();
	});

	test('the node describes its set-up in a notice, and the URL n8n shows is the node’s webhook', () => {
		const trigger = ochTrigger({ event: 'courseEnrollment', secret: SECRET });
		expect(trigger.webhookUrl()).toMatch(
			/\/webhook\/b3f1c1de-7a64-4c55-9a52-2f1e0d4a9c11\/webhook$/,
		);
		const notice = trigger.workflow.nodeTypes
			.getByNameAndVersion(trigger.node.type)
			.description.properties.find((property) => property.name === 'setupNotice');
		expect(notice?.displayName).toMatch(/\?key=/);
	});
});

describe('events the OCH sandbox sends reach the trigger', () => {
	let sandbox: OchSandbox;

	beforeEach(async () => {
		sandbox = await startOchSandbox({
			courses: [{ id: 'rkUNIGXTgtrPCz130A2D', course: 'How to win friends' }],
		});
	});
	afterEach(async () => await sandbox.close());

	test('a new student enrolled in a course starts a New Student Account and a Course Enrollment workflow', async () => {
		const accounts = ochTrigger({ event: 'newStudentAccount', secret: SECRET });
		const enrollments = ochTrigger({ event: 'courseEnrollment', secret: SECRET });
		const accountReceiver = await startWebhookReceiver(accounts);
		const enrollmentReceiver = await startWebhookReceiver(enrollments);
		try {
			sandbox.setWebhooks({
				newStudentAccount: `${accountReceiver.url}?key=${SECRET}`,
				courseEnrollment: `${enrollmentReceiver.url}?key=${SECRET}`,
			});
			sandbox.enroll({
				email: 'Linus@Example.com',
				name: 'Linus Torvalds',
				courseId: 'rkUNIGXTgtrPCz130A2D',
			});
			await sandbox.flushEvents();

			expect(sandbox.deliveries.map((delivery) => [delivery.event, delivery.status])).toEqual([
				['newStudentAccount', 200],
				['courseEnrollment', 200],
			]);
			expect(accountReceiver.results.map((result) => result.items[0].json)).toMatchObject([
				{
					event: 'newStudentAccount',
					email: 'linus@example.com',
					firstName: 'Linus',
					lastName: 'Torvalds',
				},
			]);
			expect(enrollmentReceiver.results.map((result) => result.items[0].json)).toMatchObject([
				{
					event: 'courseEnrollment',
					email: 'linus@example.com',
					courseId: 'rkUNIGXTgtrPCz130A2D',
					courseTitle: 'How to win friends',
					source: 'stripe',
				},
			]);
		} finally {
			await accountReceiver.close();
			await enrollmentReceiver.close();
		}
	});

	test('an event sent on demand twice starts one workflow; a URL without the key gets 401', async () => {
		const subscriptions = ochTrigger({ event: 'newsletterSubscription', secret: SECRET });
		const receiver = await startWebhookReceiver(subscriptions);
		try {
			const url = `${receiver.url}?key=${SECRET}`;
			await sandbox.sendEvent('newsletterSubscription', { email: 'reader@example.com' }, url);
			await sandbox.sendEvent('newsletterSubscription', { email: 'reader@example.com' }, url);
			const refused = await sandbox.sendEvent(
				'newsletterSubscription',
				{ email: 'reader@example.com' },
				receiver.url,
			);

			expect(receiver.results.map((result) => [result.status, result.started])).toEqual([
				[200, true],
				[200, false],
				[401, false],
			]);
			expect(refused?.status).toBe(401);
		} finally {
			await receiver.close();
		}
	});

	test('a newsletter subscription in the school is sent to its URL', async () => {
		const subscriptions = ochTrigger({ event: 'newsletterSubscription', secret: SECRET });
		const receiver = await startWebhookReceiver(subscriptions);
		try {
			sandbox.setWebhooks({ newsletterSubscription: `${receiver.url}?key=${SECRET}` });
			sandbox.subscribeToNewsletter('Reader@Example.com');
			await sandbox.flushEvents();
			expect(receiver.results.map((result) => result.items[0]?.json)).toMatchObject([
				{
					event: 'newsletterSubscription',
					email: 'reader@example.com',
					raw: { email: 'reader@example.com' },
				},
			]);
		} finally {
			await receiver.close();
		}
	});
});
