// Every node of the package puts out the same error item with Continue On Fail, saying whether a
// later retry can help: what the templates' retry list (docs/recovery.md) decides on.
import type { IDataObject } from 'n8n-workflow';

import type { RunResult, TestCredentialsHelper } from '../harness/engine';
import { byId as ghlId, PIT_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import {
	course,
	OCH_CREDENTIAL_ID,
	OCH_NODE,
	startOchTestBed,
	type OchTestBed,
} from '../harness/och';
import {
	API_KEY_CREDENTIAL_ID,
	byId as skilljarId,
	NODE as SKILLJAR_NODE,
	startSkilljarTestBed,
	type SkilljarTestBed,
} from '../harness/skilljar';

/** The one item the node put out for its one input item. */
function errorJson(result: RunResult, node: string): IDataObject {
	expect(result.error(node)).toBeUndefined();
	const output = result.output(node);
	expect(output).toHaveLength(1);
	expect(output[0].pairedItem).toEqual({ item: 0 });
	// n8n 1.x sends an item to the error output only when its json is { error } (or { error, message }).
	if ('error' in output[0].json) expect(Object.keys(output[0].json)).toEqual(['error']);
	return output[0].json;
}

/** Runs `body` with the stored credential's `field` set to `value`. */
async function withCredential<T>(
	credentials: TestCredentialsHelper,
	id: string,
	field: string,
	value: string,
	body: () => Promise<T>,
): Promise<T> {
	const stored = credentials.stored(id);
	const original = stored.data[field];
	stored.data[field] = value;
	try {
		return await body();
	} finally {
		stored.data[field] = original;
	}
}

const permanent = (error: RegExp, httpCode: number) => ({
	error: {
		message: expect.stringMatching(error),
		description: expect.any(String),
		httpCode,
		retryable: false,
	},
});

describe('GHL Contacts error items', () => {
	let bed: GhlTestBed;
	beforeAll(async () => (bed = await startGhlTestBed()));
	afterAll(async () => await bed.close());
	afterEach(() => bed.sandbox.setFaults({}));
	const run = async (parameters: Record<string, unknown>) =>
		errorJson(await bed.run(parameters as never, { continueOnFail: true }), 'GHL Contacts');

	test('a 422 naming bad data: permanent, with what to fix', async () => {
		const json = await run({
			resource: 'contact',
			operation: 'create',
			contactFields: { email: 'jane@exa_mple.com' },
		});
		expect(json).toEqual(permanent(/^HighLevel answered 422: email must be an email/, 422));
		expect((json.error as IDataObject).description).toContain('Fix the fields named above');
	});

	test('a refused credential (401): permanent', async () => {
		const json = await withCredential(
			bed.credentials,
			PIT_CREDENTIAL_ID,
			'token',
			'pit-00000000-0000-4000-8000-000000000000',
			async () =>
				await run({
					resource: 'contact',
					operation: 'get',
					contactId: ghlId('AnyContact0000000001'),
				}),
		);
		expect(json).toEqual(permanent(/^HighLevel answered 401/, 401));
	});

	test('5xx on every attempt: retryable once the retries ran out', async () => {
		bed.sandbox.setFaults({ rate: { status5xx: 1 } });
		const json = await run({
			resource: 'contact',
			operation: 'get',
			contactId: ghlId('AnyContact0000000001'),
		});
		expect(json).toEqual({
			error: expect.objectContaining({
				message: expect.stringMatching(/^HighLevel answered 50\d/),
				httpCode: expect.any(Number),
				retryable: true,
			}),
		});
		expect((json.error as IDataObject).httpCode as number).toBeGreaterThanOrEqual(500);
	});

	test('a validation error (no request sent): permanent, without a status', async () => {
		bed.sandbox.clearRequests();
		const json = await run({
			resource: 'contact',
			operation: 'get',
			contactId: ghlId('={{ "a/b" }}'),
		});
		expect(json).toEqual({
			error: expect.objectContaining({
				message: expect.stringMatching(/^Contact must not contain/),
				retryable: false,
			}),
		});
		expect(json.error).not.toHaveProperty('httpCode');
		expect(bed.sandbox.requests).toEqual([]);
	});
});

describe('Skilljar error items', () => {
	let bed: SkilljarTestBed;
	beforeAll(async () => (bed = await startSkilljarTestBed()));
	afterAll(async () => await bed.close());
	afterEach(() => bed.sandbox.setFaults({}));
	const run = async (parameters: Record<string, unknown>) =>
		errorJson(await bed.run(parameters as never, { continueOnFail: true }), SKILLJAR_NODE);

	test('a 400 naming bad data: permanent, with what to fix', async () => {
		await run({ resource: 'group', operation: 'create', name: 'Twice' });
		const json = await run({ resource: 'group', operation: 'create', name: 'Twice' });
		expect(json).toEqual({
			error: expect.objectContaining({
				message: 'Skilljar answered 400: name: group with this name already exists.',
				httpCode: 400,
				retryable: false,
			}),
		});
	});

	test('a refused credential (401): permanent', async () => {
		const json = await withCredential(
			bed.credentials,
			API_KEY_CREDENTIAL_ID,
			'apiKey',
			'sk-wrong-key-0000',
			async () =>
				await run({ resource: 'learner', operation: 'get', learner: skilljarId('AnyLearner0001') }),
		);
		expect(json).toEqual(permanent(/^Skilljar answered 401/, 401));
	});

	test('5xx on every attempt: retryable once the retries ran out', async () => {
		bed.sandbox.setFaults({ rate: { status5xx: 1 } });
		const json = await run({
			resource: 'learner',
			operation: 'get',
			learner: skilljarId('AnyLearner0001'),
		});
		expect(json).toEqual({
			error: expect.objectContaining({
				message: expect.stringMatching(/^Skilljar answered 50\d/),
				httpCode: expect.any(Number),
				retryable: true,
			}),
		});
	});

	test('a validation error (no request sent): permanent, without a status', async () => {
		bed.sandbox.clearRequests();
		const json = await run({
			resource: 'learner',
			operation: 'get',
			learner: skilljarId('={{ "a/b" }}'),
		});
		expect(json).toEqual({
			error: expect.objectContaining({ message: expect.any(String), retryable: false }),
		});
		expect(json.error).not.toHaveProperty('httpCode');
		expect(
			bed.sandbox.requests.filter((request) => !request.path.startsWith('/__sandbox')),
		).toEqual([]);
	});
});

describe('OnlineCourseHost error items', () => {
	let bed: OchTestBed;
	beforeAll(async () => (bed = await startOchTestBed()));
	afterAll(async () => await bed.close());
	afterEach(() => bed.sandbox.setFaults({}));
	const enroll = (email: string, courseId = 'rkUNIGXTgtrPCz130A2D') => ({
		resource: 'student',
		operation: 'enroll',
		email,
		firstName: 'Ada',
		courseId: course(courseId),
	});
	const run = async (parameters: Record<string, unknown>) =>
		errorJson(await bed.run(parameters as never, { continueOnFail: true }), OCH_NODE);

	test('a 4xx naming bad data (unknown course): permanent', async () => {
		const json = await run(enroll('ada@example.com', 'NoSuchCourse00000000'));
		expect(json).toEqual({
			error: expect.objectContaining({
				message: 'OnlineCourseHost answered 404: Course not found',
				httpCode: 404,
				retryable: false,
			}),
		});
	});

	test('a refused credential (401): permanent, and the token is not in the item', async () => {
		const json = await withCredential(
			bed.credentials,
			OCH_CREDENTIAL_ID,
			'token',
			'och-wrong-token-dead-beef',
			async () => await run({ resource: 'course', operation: 'getMany' }),
		);
		expect(json).toEqual(permanent(/^OnlineCourseHost answered 401/, 401));
		expect(JSON.stringify(json)).not.toContain('dead-beef');
	});

	test('5xx on every attempt: retryable once the retries ran out', async () => {
		bed.sandbox.setFaults({ rate: { '5xx': 1 } });
		const json = await run({ resource: 'course', operation: 'getMany' });
		expect(json).toEqual({
			error: expect.objectContaining({
				message: expect.stringMatching(/^OnlineCourseHost answered 50\d/),
				httpCode: expect.any(Number),
				retryable: true,
			}),
		});
	});

	test('no answer at all (connection refused): retryable, without a status', async () => {
		const json = await withCredential(
			bed.credentials,
			OCH_CREDENTIAL_ID,
			'baseUrl',
			'http://127.0.0.1:9',
			async () => await run({ resource: 'course', operation: 'getMany' }),
		);
		expect(json).toEqual({
			error: {
				message: 'Could not reach OnlineCourseHost (connection refused)',
				description: expect.stringContaining('Check the API base URL'),
				retryable: true,
			},
		});
	});

	test('a validation error (no request sent): permanent, without a status', async () => {
		bed.sandbox.clearRequests();
		const json = await run(enroll('not-an-email'));
		expect(json).toEqual({
			error: expect.objectContaining({
				message: 'Email "not-an-email" is not a valid email address',
				retryable: false,
			}),
		});
		expect(json.error).not.toHaveProperty('httpCode');
		expect(bed.sandbox.requests).toEqual([]);
	});
});
