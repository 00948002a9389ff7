// Template 04 (GHL course tags → OnlineCourseHost enrollments), run through n8n's engine as
// shipped: the GHL sandbox's own Contact Created delivery goes through the template's GHL Trigger,
// the rest runs against the GHL and OnlineCourseHost sandboxes, and the tests look at the
// enrollments OCH holds and at the retry table (docs/recovery.md).
import type { INodeExecutionData } from 'n8n-workflow';

import type { Contact } from '../../sandbox/ghl';
import { RETRY_TABLE, type TestDataTables } from '../harness/dataTables';
import { retryDataTables } from '../harness/engine';
import { OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { OCH_CREDENTIAL_ID, startOchTestBed, type OchTestBed } from '../harness/och';
import { olderWaitingRow, replayItems, whileReplaying } from '../harness/retryRows';
import { emittedByGhl, expectRunReport } from '../harness/runReport';
import { runTemplate, templateWorkflowId } from '../harness/templateRun';
import { loadTemplates } from '../harness/templates';

const template = loadTemplates().find((candidate) => candidate.key === '04')!;
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };
const FRIENDS = 'How to win friends';
const EMAIL = 'Email Marketing Foundations';
const TAGS = ['course:how to win friends', 'course:Email Marketing Foundations', 'vip'];

describe('template 04: GHL course tags → OnlineCourseHost enrollments, in the engine', () => {
	let ghl: GhlTestBed;
	let och: OchTestBed;

	beforeAll(async () => {
		ghl = await startGhlTestBed({ ...FAST, oauthScopes: ['contacts.readonly'] });
		och = await startOchTestBed();
		ghl.credentials.add({
			id: OCH_CREDENTIAL_ID,
			name: 'OCH sandbox',
			type: 'onlineCourseHostApi',
			data: { token: och.token, baseUrl: och.sandbox.url },
		});
	});
	afterAll(async () => {
		await ghl?.close();
		await och?.close();
	});
	afterEach(() => och.sandbox.setFaults({}));

	const contact = (firstName: string, email: string | undefined, tags: string[] = TAGS) =>
		ghl.sandbox.store.createContact(ghl.locationId, { firstName, lastName: 'Tester', email, tags });
	const emitted = async (subject: Contact) =>
		await emittedByGhl(template, ghl.sandbox, ghl.credentials, 'ContactCreate', subject);
	const run = async (
		items: INodeExecutionData[],
		options: { dataTables?: TestDataTables; startAt?: string } = {},
	) =>
		await runTemplate({
			template,
			items,
			credentials: ghl.credentials,
			credentialIds: {
				ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' },
				onlineCourseHostApi: { id: OCH_CREDENTIAL_ID, name: 'OCH sandbox' },
			},
			dataTables: options.dataTables ?? retryDataTables(),
			startAt: options.startAt,
		});
	const rows = (result: { dataTables: TestDataTables }) => result.dataTables.rows(RETRY_TABLE);
	const enrolled = (email: string) =>
		och.sandbox.store
			.listEnrollments({ email })
			.map((enrollment) => enrollment.courseTitle)
			.sort();
	/** Everything of OCH's that template 04 writes. */
	const snapshot = () =>
		JSON.stringify({
			students: och.sandbox.store.listStudents(),
			enrollments: och.sandbox.store.listEnrollments(),
		});

	test('each course tag enrolls the contact in its course; the same delivery again adds nothing', async () => {
		const sophie = contact('Sophie', 'sophie@example.com');
		const items = await emitted(sophie);

		const first = await run(items);
		expect(enrolled('sophie@example.com')).toEqual([EMAIL, FRIENDS].sort());
		expect(first.items('Run Summary')).toEqual([
			{ synced: 1, skipped: 0, skipReasons: {}, failed: 0, retryAttempt: 0 },
		]);

		const before = snapshot();
		const again = await run(items);
		expect(again.items('Any Failure')).toEqual([]);
		expect(snapshot()).toBe(before);
	});

	test('OCH down: the contact is kept once as waiting; a replay through When Retried enrolls every course tag; a second replay adds nothing', async () => {
		const ada = contact('Ada', 'ada.retry@example.com');
		const items = await emitted(ada);
		och.sandbox.setFaults({ rate: { '5xx': 1 } });
		const failed = await run(items);
		och.sandbox.setFaults({});

		expect(enrolled('ada.retry@example.com')).toEqual([]);
		// Both course tags failed: one row for the contact.
		expect(failed.items('Any Failure')).toHaveLength(2);
		const [row, ...others] = rows(failed);
		expect(others).toEqual([]);
		expect(row).toMatchObject({
			retry_key: `${templateWorkflowId(template)}:${ada.id}`,
			workflow_id: templateWorkflowId(template),
			workflow_name: template.workflow.name,
			item_key: 'ada.retry@example.com',
			contact_id: ada.id,
			step: 'Enroll in Course',
			error: expect.stringMatching(/50[023]/),
			attempts: 1,
			status: 'waiting',
		});
		expect([500, 502, 503]).toContain(row.http_code);
		expect(row.first_failed_at).toBeInstanceOf(Date);
		expect(JSON.parse(String(row.payload))).toMatchObject(items[0].json);
		expect(failed.items('Run Summary')).toEqual([
			{ synced: 0, skipped: 0, skipReasons: {}, failed: 1, retryAttempt: 0 },
		]);

		const tables = whileReplaying(row);
		const replay = await run(replayItems(row), { dataTables: tables, startAt: 'When Retried' });
		expect(replay.items('Any Failure')).toEqual([]);
		expect(replay.items('Synced')).toEqual([
			expect.objectContaining({ outcome: 'synced', contact_id: ada.id }),
			expect.objectContaining({ outcome: 'synced', contact_id: ada.id }),
		]);
		expect(replay.items('Run Summary')).toEqual([
			{ synced: 1, skipped: 0, skipReasons: {}, failed: 0, retryAttempt: 1 },
		]);
		expect(enrolled('ada.retry@example.com')).toEqual([EMAIL, FRIENDS].sort());
		expect(rows(replay)).toEqual([expect.objectContaining({ status: 'running', attempts: 1 })]);

		const before = snapshot();
		const again = await run(replayItems(row), { dataTables: tables, startAt: 'When Retried' });
		expect(again.items('Any Failure')).toEqual([]);
		expect(snapshot()).toBe(before);
	});

	test('an enrollment whose answer is lost: kept as waiting, and the replay enrolls nobody twice', async () => {
		// A contact like the next one, to learn at which OCH request its first enrollment is made.
		och.sandbox.clearRequests();
		await run(await emitted(contact('Probe', 'probe.lost@example.com', [TAGS[0]])));
		const enrollAt = och.sandbox.requests.findIndex((request) => request.method === 'POST') + 1;
		expect(enrollAt).toBeGreaterThan(0);

		const lin = contact('Lin', 'lin.lost@example.com', [TAGS[0]]);
		const items = await emitted(lin);
		// OCH enrolls, the answer is lost, and the transport's own repeats meet a failing gateway.
		och.sandbox.setFaults({
			schedule: [
				{ atRequest: enrollAt, kind: 'lostAnswer' },
				...Array.from({ length: 10 }, (_, index) => ({
					atRequest: enrollAt + 1 + index,
					kind: '5xx' as const,
				})),
			],
		});
		const failed = await run(items);
		och.sandbox.setFaults({});
		expect(enrolled('lin.lost@example.com')).toEqual([FRIENDS]);
		const [row, ...others] = rows(failed);
		expect(others).toEqual([]);
		expect(row).toMatchObject({ step: 'Enroll in Course', status: 'waiting', attempts: 1 });

		const students = och.sandbox.store.listStudents().length;
		const replay = await run(replayItems(row), {
			dataTables: whileReplaying(row),
			startAt: 'When Retried',
		});
		expect(replay.items('Any Failure')).toEqual([]);
		expect(replay.items('Synced')).toHaveLength(1);
		expect(och.sandbox.store.listEnrollments({ email: 'lin.lost@example.com' })).toHaveLength(1);
		expect(och.sandbox.store.listStudents()).toHaveLength(students);
	});

	test('a course tag that names no course is kept as alert (not retryable); the other course tags are enrolled', async () => {
		const bob = contact('Bob', 'bob.alert@example.com', ['course:email marketing', TAGS[0]]);
		const failed = await run(await emitted(bob));

		expect(failed.items('Any Failure')).toEqual([
			expect.objectContaining({
				step: 'Enroll in Course',
				error: expect.objectContaining({ retryable: false }),
			}),
		]);
		expect(rows(failed)).toEqual([
			expect.objectContaining({
				retry_key: `${templateWorkflowId(template)}:${bob.id}`,
				contact_id: bob.id,
				step: 'Enroll in Course',
				error: expect.stringContaining('No OnlineCourseHost course is titled "email marketing"'),
				http_code: null,
				attempts: 1,
				status: 'alert',
			}),
		]);
		expect(enrolled('bob.alert@example.com')).toEqual([FRIENDS]);
	});

	test('a newer change of the contact drops its older waiting row, and only that one', async () => {
		const kay = contact('Kay', 'kay.newer@example.com');
		const tables = retryDataTables();
		tables.insert(RETRY_TABLE, [
			olderWaitingRow(template, kay.id, 'Enroll in Course'),
			olderWaitingRow(template, 'someone-else', 'Enroll in Course'),
		]);

		const result = await run(await emitted(kay), { dataTables: tables });

		expect(result.items('Any Failure')).toEqual([]);
		expect(rows(result)).toEqual([expect.objectContaining({ contact_id: 'someone-else' })]);
		expect(enrolled('kay.newer@example.com')).toEqual([EMAIL, FRIENDS].sort());
	});

	test('a mixed run: the summary item counts synced, skipped (with the reasons) and failed, and the Executions list gets the counts', async () => {
		const synced = contact('Mia', 'mia.mixed@example.com');
		const noEmail = contact('Noor', undefined);
		const noCourse = contact('Ola', 'ola.mixed@example.com', ['vip']);
		const gone = contact('Gone', 'gone.mixed@example.com');
		const items = [
			...(await emitted(synced)),
			...(await emitted(noEmail)),
			...(await emitted(noCourse)),
			...(await emitted(gone)),
		];
		ghl.sandbox.store.quietly(() => ghl.sandbox.store.deleteContact(gone.id));

		const result = await run(items);

		const summary = {
			synced: 1,
			skipped: 2,
			skipReasons: { 'no email': 1, 'no course tags': 1 },
			failed: 1,
			retryAttempt: 0,
		};
		expectRunReport(result, summary);
		expect(rows(result)).toEqual([
			expect.objectContaining({
				contact_id: gone.id,
				item_key: 'gone.mixed@example.com',
				step: 'Get Contact',
				http_code: expect.any(Number),
			}),
		]);
	});
});
