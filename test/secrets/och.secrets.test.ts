// OnlineCourseHost and OnlineCourseHost Trigger with recognisable secrets (the integration token,
// the trigger's Secret Key and its previous one during a rotation, and every password the node
// generates for a new student), through success and every kind of failure: nothing they output,
// throw, answer, keep in static data or print contains any of them.
import { expectNoSecrets, observe, observeSuccess, scanSummary, secret } from './secrets';

import type { IDataObject } from 'n8n-workflow';

import * as passwords from '../../nodes/OnlineCourseHost/helpers/password';
import { searchCourses } from '../../nodes/OnlineCourseHost/methods/listSearch';
import type { RunResult } from '../harness/engine';
import { course, OCH_CREDENTIAL_ID, OCH_NODE, ochTrigger, startOchTestBed, type OchTestBed } from '../harness/och';
import { editorContext, testCredential } from './editor';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	// Backoff waits cut to 1 ms, so exhausting every retry takes milliseconds; how many attempts
	// are made (what the sandbox's log shows) does not change.
	return { ...actual, sleep: async () => await actual.sleep(1) };
});

const TOKEN = secret('OnlineCourseHost integration token', 'SECRET-OCH-TOKEN-f0e1d2c3b4a59687');
const WRONG_TOKEN = secret('a mistyped integration token', 'SECRET-OCH-WRONG-1a2b3c4d5e6f7a8b');
const KEY = secret('OnlineCourseHost Trigger secret key', 'SECRETochKEY7f3a91c2e4d5b6a7');
const PREVIOUS_KEY = secret('OnlineCourseHost Trigger previous secret key', 'SECRETochPREV0a9b8c7d6e5f4a3b');
const DAY = 24 * 3_600_000;
const FRIENDS = 'rkUNIGXTgtrPCz130A2D';
const OCH_CREDENTIALS = { onlineCourseHostApi: { id: OCH_CREDENTIAL_ID, name: 'OCH sandbox' } };

let bed: OchTestBed;
let generated = 0;
let unique = 0;

const enroll = (email = `student.${++unique}@example.com`) => ({ resource: 'student', operation: 'enroll', email, firstName: 'Ada', lastName: 'Lovelace', courseId: course(FRIENDS) });

async function run(where: string, parameters: Record<string, unknown>, options: Parameters<OchTestBed['run']>[1] = {}): Promise<RunResult> {
	const result = await observeSuccess(where, async () => await bed.run(parameters as never, options));
	expectNoSecrets(`${where}: the run`, result.run, result.output(OCH_NODE), result.error(OCH_NODE));
	return result;
}

async function withStored<T>(patch: IDataObject, body: () => Promise<T>): Promise<T> {
	const stored = bed.credentials.stored(OCH_CREDENTIAL_ID);
	const original = { ...stored.data };
	Object.assign(stored.data, patch);
	try {
		return await body();
	} finally {
		stored.data = original;
	}
}

describe('OnlineCourseHost: secrets never appear in output, errors, answers or logs', () => {
	beforeAll(async () => {
		// Every password the node makes is a secret from the moment it exists.
		const generate = passwords.generatePassword;
		jest.spyOn(passwords, 'generatePassword').mockImplementation(() => {
			generated++;
			return secret('generated student password', generate());
		});
		bed = await startOchTestBed();
		bed.sandbox.createToken(TOKEN);
		bed.credentials.add({ id: OCH_CREDENTIAL_ID, name: 'OCH sandbox', type: 'onlineCourseHostApi', data: { token: TOKEN, baseUrl: bed.sandbox.url } });
	});
	afterAll(async () => {
		jest.restoreAllMocks();
		await bed.close();
	});
	beforeEach(() => {
		bed.sandbox.clearRequests();
		bed.sandbox.setFaults({});
	});

	const sent = () => bed.sandbox.requests;

	describe('OnlineCourseHost', () => {
		test('success: enroll a new and an existing student, list the courses', async () => {
			expect((await run('enroll new', enroll('ada@example.com'))).error(OCH_NODE)).toBeUndefined();
			expect((await run('enroll existing', enroll('ada@example.com'))).error(OCH_NODE)).toBeUndefined();
			expect((await run('courses', { resource: 'course', operation: 'getMany', returnAll: true })).output(OCH_NODE).length).toBeGreaterThan(0);
			expect(generated).toBeGreaterThanOrEqual(2);
			// The password goes to OCH in the request body, and nowhere else.
			expect(sent().filter((request) => (request.body as IDataObject | undefined)?.password)).toHaveLength(2);
			expectNoSecrets('the URLs requested', sent().map((request) => [request.path, request.query]));
		});

		test('a validation error, before any request', async () => {
			const result = await run('bad email', enroll('not-an-email'));
			expect(result.error(OCH_NODE)?.message).toBe('Email "not-an-email" is not a valid email address');
			expect(sent()).toEqual([]);
		});

		test('a wrong token (401) and a deactivated integration (403)', async () => {
			await withStored({ token: WRONG_TOKEN }, async () => {
				expect((await run('wrong token', enroll())).error(OCH_NODE)?.message).toMatch(/^OnlineCourseHost answered 401/);
			});
			const inactive = secret('a deactivated integration token', 'SECRET-OCH-INACTIVE-77665544');
			bed.sandbox.createToken(inactive);
			bed.sandbox.deactivateToken(inactive);
			await withStored({ token: inactive }, async () => {
				expect((await run('deactivated token', { resource: 'course', operation: 'getMany', returnAll: true })).error(OCH_NODE)?.message).toMatch(/^OnlineCourseHost answered 403/);
			});
		});

		test('5xx on every attempt: the retries run out, every attempt with the same password', async () => {
			bed.sandbox.setFaults({ rate: { '5xx': 1 } });
			const result = await run('5xx exhausted', enroll());
			expect(result.error(OCH_NODE)?.message).toMatch(/^OnlineCourseHost answered 50\d/);
			expect(sent()).toHaveLength(5);
		});

		test('an error reported in a 200 answer, a lost answer on every attempt, and a refused connection', async () => {
			bed.sandbox.setFaults({ rate: { errorAnswer: 1 } });
			expect((await run('error answer', enroll())).error(OCH_NODE)?.message).toMatch(/^OnlineCourseHost answered 200/);
			bed.sandbox.setFaults({ rate: { lostAnswer: 1 } });
			expect((await run('lost answer', enroll())).error(OCH_NODE)?.message).toMatch(/^Could not reach OnlineCourseHost/);
			bed.sandbox.setFaults({});
			await withStored({ baseUrl: 'http://127.0.0.1:9' }, async () => {
				expect((await run('connection refused', enroll())).error(OCH_NODE)?.message).toBe('Could not reach OnlineCourseHost (connection refused)');
			});
		});

		test('Continue On Fail: error items beside a good one', async () => {
			const result = await run(
				'continue on fail',
				{ ...enroll('={{ $json.email }}'), courseId: course('={{ $json.course }}') },
				{ items: [{ email: 'grace@example.com', course: FRIENDS }, { email: 'bad', course: FRIENDS }, { email: 'linus@example.com', course: 'NoSuchCourse0000000' }], continueOnFail: true },
			);
			expect(result.output(OCH_NODE).map((item) => Boolean(item.json.error))).toEqual([false, true, true]);
		});

		test("the course search and the credential's Test button, with the right and a wrong token", async () => {
			const dropdown = () => editorContext(bed.credentials, 'onlineCourseHost', { resource: 'student', operation: 'enroll' }, OCH_CREDENTIALS, 'parameters.courseId');
			expect((await observeSuccess('course search', async () => await searchCourses.call(dropdown()))).results.length).toBeGreaterThan(0);
			expect(await observeSuccess('credential test', async () => await testCredential(bed.credentials, OCH_CREDENTIAL_ID))).toMatchObject({ status: 'OK' });
			await withStored({ token: WRONG_TOKEN }, async () => {
				expect((await observe('course search, wrong token', async () => await searchCourses.call(dropdown()))).error).toBeDefined();
				expect(await observeSuccess('credential test, wrong token', async () => await testCredential(bed.credentials, OCH_CREDENTIAL_ID))).toMatchObject({ status: 'Error' });
			});
		});
	});

	describe('OnlineCourseHost Trigger', () => {
		test('activation, an event with the key, and requests without it or with another', async () => {
			const trigger = ochTrigger({ event: 'courseEnrollment', secret: KEY });
			await observeSuccess('activation', async () => await trigger.activate());
			const right = await observeSuccess('an event with the key', async () => await trigger.deliver({ body: { email: 'ada@example.com', courseId: FRIENDS }, query: { key: KEY } }), () => [trigger.savedStaticData()]);
			expect(right).toMatchObject({ status: 200, started: true });
			for (const [what, query] of [['no key', {}], ['another key', { key: `${KEY.slice(0, -1)}x` }], ['the key in another parameter', { secret: KEY }]] as const) {
				const refused = await observeSuccess(`an event with ${what}`, async () => await trigger.deliver({ body: { email: 'ada@example.com' }, query }), () => [trigger.savedStaticData()]);
				expect(refused).toMatchObject({ status: 401, started: false });
			}
		});

		test('a rotation: the previous key inside and after its window; activation refusing a bad previous key names the field, not the value', async () => {
			const trigger = ochTrigger({ event: 'courseEnrollment', secret: KEY, previousSecret: PREVIOUS_KEY, previousSecretValidUntil: new Date(Date.now() + DAY).toISOString() });
			const deliver = (where: string, key: string, email: string) => observeSuccess(where, async () => await trigger.deliver({ body: { email, courseId: FRIENDS }, query: { key } }), () => [trigger.savedStaticData()]);
			await observeSuccess('activation during a rotation', async () => await trigger.activate());
			expect(await deliver('an event with the previous key inside its window', PREVIOUS_KEY, 'grace@example.com')).toMatchObject({ status: 200, started: true });
			trigger.node.parameters.previousSecretValidUntil = new Date(Date.now() - 1000).toISOString();
			expect(await deliver('an event with the previous key after its window', PREVIOUS_KEY, 'linus@example.com')).toMatchObject({ status: 401, started: false });
			expect(await deliver('an event with the key after the window', KEY, 'linus@example.com')).toMatchObject({ status: 200, started: true });

			const same = await observe('activation, previous key = key', async () => await ochTrigger({ event: 'courseEnrollment', secret: KEY, previousSecret: KEY, previousSecretValidUntil: new Date(Date.now() + DAY).toISOString() }).activate());
			expect((same.error as Error).message).toBe('Previous Secret Key is the same as Secret Key');
			const endless = await observe('activation, previous key without an end', async () => await ochTrigger({ event: 'courseEnrollment', secret: KEY, previousSecret: PREVIOUS_KEY }).activate());
			expect((endless.error as Error).message).toBe('Previous Secret Key Valid Until is empty');
		});

		test('activation with a key too short is refused, saying how to fix it', async () => {
			const refused = await observe('activation, weak key', async () => await ochTrigger({ event: 'courseEnrollment', secret: 'short' }).activate());
			expect((refused.error as Error).message).toBe('Secret Key is too weak or not URL-safe');
		});
	});

	test('the scans covered every secret, and n8n printed its log to the capture', () => {
		const summary = scanSummary();
		expect(summary.secrets).toEqual(expect.arrayContaining(['OnlineCourseHost integration token', 'OnlineCourseHost Trigger secret key', 'OnlineCourseHost Trigger previous secret key', 'generated student password']));
		expect(summary.scans).toBeGreaterThan(30);
		expect(summary.printedChars).toBeGreaterThan(10_000);
	});
});
