import { startOchSandbox, type OchSandbox } from '../../sandbox/onlinecoursehost';

const TOKEN = 'och-sandbox-contract-token';

describe('OnlineCourseHost sandbox: the contract the nodes are tested against', () => {
	let sandbox: OchSandbox;
	const api = (path: string, init: RequestInit = {}) =>
		fetch(`${sandbox.url}${path}`, {
			...init,
			headers: { 'x-integration-token': TOKEN, ...(init.headers as Record<string, string>) },
		});
	const enroll = (body: Record<string, string>, contentType = 'application/json') =>
		api('/api/zapier-enroll-student-action-webhook', {
			method: 'POST',
			headers: { 'content-type': contentType },
			body:
				contentType === 'application/json'
					? JSON.stringify(body)
					: new URLSearchParams(body).toString(),
		});

	beforeEach(async () => {
		sandbox = await startOchSandbox({
			tokens: [TOKEN],
			courses: [{ id: 'rkUNIGXTgtrPCz130A2D', course: 'How to win friends' }],
		});
	});
	afterEach(async () => await sandbox.close());

	test('the token is checked on both endpoints: missing or unknown 401, deactivated 403', async () => {
		const missing = await fetch(`${sandbox.url}/api/pabbly-tenant-courses`);
		expect([missing.status, await missing.json()]).toEqual([
			401,
			{ status: 'error', message: 'Missing integration token' },
		]);
		const unknown = await fetch(`${sandbox.url}/api/zapier-enroll-student-action-webhook`, {
			method: 'POST',
			headers: { 'x-integration-token': 'nope' },
		});
		expect([unknown.status, await unknown.json()]).toEqual([
			401,
			{ status: 'error', message: 'Invalid integration token' },
		]);
		sandbox.deactivateToken(TOKEN);
		expect((await api('/api/pabbly-tenant-courses')).status).toBe(403);
	});

	test('courses are listed as [{id, course}]', async () => {
		expect(await (await api('/api/pabbly-tenant-courses')).json()).toEqual([
			{ id: 'rkUNIGXTgtrPCz130A2D', course: 'How to win friends' },
		]);
	});

	test("the other integrators' body shape (first_name, last_name, course_id), form-encoded, is taken too", async () => {
		const response = await enroll(
			{
				email: 'ada@example.com',
				first_name: 'Ada',
				last_name: 'Lovelace',
				course_id: 'rkUNIGXTgtrPCz130A2D',
				password: 'Str0ng-enough',
			},
			'application/x-www-form-urlencoded',
		);
		expect(await response.json()).toEqual({
			status: 'success',
			message: 'Account created successfully.',
		});
		expect(sandbox.store.getStudent('ada@example.com')).toMatchObject({
			name: 'Ada Lovelace',
			firstName: 'Ada',
			lastName: 'Lovelace',
		});
	});

	test('a new account needs a password; an unknown course is 404 "Course not found"', async () => {
		const noPassword = await enroll({ email: 'new@example.com', courseId: 'rkUNIGXTgtrPCz130A2D' });
		expect([noPassword.status, await noPassword.json()]).toEqual([
			400,
			{ status: 'error', message: 'Password is required to create a new account' },
		]);
		const unknownCourse = await enroll({
			email: 'new@example.com',
			courseId: 'NoSuchCourse00000000',
			password: 'Str0ng-enough',
		});
		expect([unknownCourse.status, await unknownCourse.json()]).toEqual([
			404,
			{ status: 'error', message: 'Course not found' },
		]);
		expect(sandbox.store.listStudents()).toHaveLength(0);
	});

	test('the inspection API shows students without password hashes, and enrollments', async () => {
		await enroll({
			email: 'ada@example.com',
			name: 'Ada Lovelace',
			courseId: 'rkUNIGXTgtrPCz130A2D',
			password: 'Str0ng-enough',
		});
		const { students } = (await (await fetch(`${sandbox.url}/__sandbox/students`)).json()) as {
			students: Array<Record<string, unknown>>;
		};
		expect(students).toEqual([
			expect.objectContaining({ email: 'ada@example.com', name: 'Ada Lovelace' }),
		]);
		expect(students[0]).not.toHaveProperty('passwordHash');
		const { enrollments } = (await (
			await fetch(`${sandbox.url}/__sandbox/enrollments?email=ada@example.com`)
		).json()) as { enrollments: unknown[] };
		expect(enrollments).toEqual([
			expect.objectContaining({ courseId: 'rkUNIGXTgtrPCz130A2D', source: 'integration' }),
		]);
	});

	test('events can be configured and sent on demand through the inspection API', async () => {
		const received: unknown[] = [];
		const { createServer } = await import('node:http');
		const receiver = createServer((request, response) => {
			let body = '';
			request.on('data', (chunk: Buffer) => (body += chunk.toString()));
			request.on('end', () => {
				received.push(JSON.parse(body));
				response.end('{}');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		const { port } = receiver.address() as { port: number };
		try {
			const patch = await fetch(`${sandbox.url}/__sandbox/config`, {
				method: 'PATCH',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ webhooks: { courseEnrollment: `http://127.0.0.1:${port}/hook` } }),
			});
			expect(patch.status).toBe(200);
			const sent = await fetch(`${sandbox.url}/__sandbox/events/courseEnrollment`, {
				method: 'POST',
			});
			expect(((await sent.json()) as { delivery: { status: number } }).delivery.status).toBe(200);
			expect(received).toEqual([
				{
					email: 'sample.student@example.com',
					courseId: 'rkUNIGXTgtrPCz130A2D',
					courseTitle: 'How to win friends',
					source: 'free',
				},
			]);
			const unset = await fetch(`${sandbox.url}/__sandbox/events/newsletterSubscription`, {
				method: 'POST',
			});
			expect(unset.status).toBe(409);
		} finally {
			await new Promise<void>((resolve) => receiver.close(() => resolve()));
		}
	});
});
