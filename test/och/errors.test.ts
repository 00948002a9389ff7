import {
	course,
	OCH_CREDENTIAL_ID,
	OCH_NODE,
	startOchTestBed,
	type OchTestBed,
} from '../harness/och';

const enroll = {
	resource: 'student',
	operation: 'enroll',
	email: 'ada@example.com',
	firstName: 'Ada',
	courseId: course('rkUNIGXTgtrPCz130A2D'),
};

describe('OnlineCourseHost failures become errors that say what to fix, and never show a secret', () => {
	let bed: OchTestBed;

	beforeAll(async () => {
		bed = await startOchTestBed();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.sandbox.clearRequests();
		bed.sandbox.setFaults({});
	});

	async function withToken<T>(token: string, body: () => Promise<T>): Promise<T> {
		const stored = bed.credentials.stored(OCH_CREDENTIAL_ID);
		const original = stored.data.token;
		stored.data.token = token;
		try {
			return await body();
		} finally {
			stored.data.token = original;
		}
	}

	test('a wrong token names the credential and where the token is made, without echoing it', async () => {
		await withToken('och-wrong-token-dead-beef', async () => {
			for (const parameters of [{ resource: 'course', operation: 'getMany' }, enroll]) {
				const error = (await bed.run(parameters)).error(OCH_NODE);
				expect(error?.message).toBe('OnlineCourseHost answered 401: Invalid integration token');
				expect(error?.description).toMatch(/OnlineCourseHost API credential/);
				expect(error?.description).toMatch(/Admin → Settings → Zapier Integrations/);
				expect(JSON.stringify(error)).not.toContain('dead-beef');
			}
		});
		// n8n itself sends a request once more after a 401 (its re-authentication attempt); the
		// transport adds no retries of its own: two requests per run.
		expect(bed.sandbox.requests.map((request) => request.status)).toEqual([401, 401, 401, 401]);
	});

	test('a deactivated integration (403) is explained the same way', async () => {
		bed.sandbox.deactivateToken('och-inactive-token-0001');
		await withToken('och-inactive-token-0001', async () => {
			const error = (await bed.run({ resource: 'course', operation: 'getMany' })).error(OCH_NODE);
			expect(error?.message).toBe('OnlineCourseHost answered 403: Integration is not active');
			expect(error?.description).toMatch(/OnlineCourseHost API credential/);
		});
	});

	test('an HTTP 200 answer carrying {status: "error"} fails the item, unretried, with the password kept out', async () => {
		bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'errorAnswer' }] });
		const result = await bed.run(enroll);

		const error = result.error(OCH_NODE);
		expect(error?.message).toBe(
			'OnlineCourseHost answered 200: Something went wrong. Please try again later.',
		);
		expect(error?.description).toMatch(/accepted the request but reported this error/);
		expect(bed.sandbox.requests).toHaveLength(1);
		const { password } = bed.sandbox.requests[0].body as { password: string };
		expect(JSON.stringify(result.run)).not.toContain(password);
	});

	test('the course list fails the same way on {status: "error"}', async () => {
		bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'errorAnswer' }] });
		const error = (await bed.run({ resource: 'course', operation: 'getMany' })).error(OCH_NODE);
		expect(error?.message).toBe(
			'OnlineCourseHost answered 200: Something went wrong. Please try again later.',
		);
	});

	test('an enroll that meets a 5xx is sent again (OCH matches students by email)', async () => {
		bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: '5xx' }] });
		const result = await bed.run({ ...enroll, email: 'retry@example.com' });
		expect(result.error(OCH_NODE)).toBeUndefined();
		expect(bed.sandbox.requests.map((request) => request.fault ?? request.status)).toEqual([
			'5xx',
			200,
		]);
		expect(bed.sandbox.store.listEnrollments({ email: 'retry@example.com' })).toHaveLength(1);
	});

	test('an unreachable host names the base URL to check', async () => {
		const stored = bed.credentials.stored(OCH_CREDENTIAL_ID);
		const original = stored.data.baseUrl;
		stored.data.baseUrl = 'http://127.0.0.1:9';
		try {
			const error = (await bed.run({ resource: 'course', operation: 'getMany' })).error(OCH_NODE);
			expect(error?.message).toBe('Could not reach OnlineCourseHost (connection refused)');
			expect(error?.description).toMatch(
				/also after retries\. Check the API base URL in the credential/,
			);
		} finally {
			stored.data.baseUrl = original;
		}
	});
});
