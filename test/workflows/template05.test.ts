// Template 05 (OnlineCourseHost student → tagged GHL contact) in the engine: a student that fails is
// kept in "LMS Sync Retries" with the event OnlineCourseHost sent (it never sends it again), a
// replay through When Retried rebuilds the work from that row and writes nothing twice, and every
// run ends in a summary saved to the Executions list.
import { RETRY_TABLE } from '../harness/dataTables';
import { retryDataTables } from '../harness/engine';
import {
	downFrom,
	expectRunReport,
	keptOnce,
	READ_ONLY_CREDENTIAL_ID,
	retryRows,
	startOchTemplateBed,
	type OchTemplateBed,
} from '../harness/ochTemplates';
import { olderWaitingRow } from '../harness/retryRows';
import { templateWorkflowId } from '../harness/templateRun';
import { loadTemplates } from '../harness/templates';

const template = loadTemplates().find((candidate) => candidate.key === '05')!;
const NEW_STUDENT = 'OCH New Student Account';
const TAG = 'och-student';

describe('template 05 in the engine: failed students kept for template 12, and the run report', () => {
	let bed: OchTemplateBed;

	beforeAll(async () => {
		bed = await startOchTemplateBed(template);
	});
	afterAll(async () => await bed?.close());
	afterEach(() => bed.ghl.sandbox.setFaults({}));

	const student = async (email: string, name = 'Ada Lovelace') =>
		await bed.emitted('newStudentAccount', { email, name });
	const run: OchTemplateBed['run'] = async (...args) => await bed.run(...args);
	const replay: OchTemplateBed['replay'] = async (row) => await bed.replay(row);

	test('HighLevel down: the student is kept once as waiting with the event; a replay creates and tags the contact; a second replay writes nothing', async () => {
		const items = await student('ada.down@example.com');
		bed.ghl.sandbox.setFaults({ rate: { status5xx: 1 } });
		const failed = await run(items, NEW_STUDENT);
		bed.ghl.sandbox.setFaults({});

		expect(bed.contactsOf('ada.down@example.com')).toEqual([]);
		const row = keptOnce(failed, {
			retry_key: `${templateWorkflowId(template)}:ada.down@example.com`,
			workflow_id: templateWorkflowId(template),
			workflow_name: template.workflow.name,
			item_key: 'ada.down@example.com',
			contact_id: '',
			step: 'Find Contact by Email',
			error: expect.stringMatching(/50[023]/),
			attempts: 1,
			status: 'waiting',
		});
		expect([500, 502, 503]).toContain(row.http_code);
		expect(row.first_failed_at).toBeInstanceOf(Date);
		// The payload is the event as the trigger emitted it: the only copy there is.
		expect(JSON.parse(String(row.payload))).toMatchObject(items[0].json);
		expectRunReport(failed, { synced: 0, skipped: 0, failed: 1, retryAttempt: 0 });

		const replayed = await replay(row);
		expect(replayed.items('Keep for Retry')).toEqual([]);
		expect(replayed.items('Synced')).toEqual([expect.objectContaining({ outcome: 'synced' })]);
		expectRunReport(replayed, { synced: 1, skipped: 0, failed: 0, retryAttempt: 1 });
		expect(bed.contactsOf('ada.down@example.com')).toEqual([
			expect.objectContaining({ firstName: 'Ada', lastName: 'Lovelace', tags: [TAG] }),
		]);
		// The row is template 12's to delete: the replay left it as 12 marked it.
		expect(retryRows(replayed)).toEqual([expect.objectContaining({ status: 'running' })]);

		bed.ghl.sandbox.clearRequests();
		const again = await replay(row);
		expect(again.items('Keep for Retry')).toEqual([]);
		expect(bed.writes()).toEqual([]);
		expect(again.items('Already Tagged')).toEqual([
			expect.objectContaining({ outcome: 'skipped', reason: 'already up to date' }),
		]);
		expect(bed.contactsOf('ada.down@example.com')).toHaveLength(1);
	});

	test('the answer to Create Contact is lost after HighLevel made it: the replay finds that contact and makes no second one', async () => {
		const items = await student('grace.lost@example.com', 'Grace Hopper');
		// Request 1 looks the email up, request 2 creates the contact; the transport repeats the
		// create (an upsert by email is safe to repeat) while HighLevel stays down.
		bed.ghl.sandbox.setFaults({ schedule: [{ atRequest: 2, kind: 'lostAnswer' }, ...downFrom(3)] });
		const failed = await run(items, NEW_STUDENT);
		bed.ghl.sandbox.setFaults({});

		const row = keptOnce(failed, { step: 'Create Contact', contact_id: '', status: 'waiting' });
		expect(bed.contactsOf('grace.lost@example.com')).toHaveLength(1);

		const replayed = await replay(row);
		expect(replayed.items('Keep for Retry')).toEqual([]);
		expect(replayed.items('Synced')).toEqual([expect.objectContaining({ outcome: 'synced' })]);
		expect(bed.contactsOf('grace.lost@example.com')).toEqual([
			expect.objectContaining({ firstName: 'Grace', lastName: 'Hopper', tags: [TAG] }),
		]);
	});

	test('a token without the write scope: HighLevel refuses, the student is kept as alert (not retryable), with no contact id', async () => {
		const failed = await run(await student('lin.scope@example.com'), NEW_STUDENT, {
			credentialId: READ_ONLY_CREDENTIAL_ID,
		});

		expect(failed.items('Any Failure')).toEqual([
			expect.objectContaining({
				step: 'Create Contact',
				error: expect.objectContaining({ retryable: false }),
			}),
		]);
		const row = keptOnce(failed, {
			retry_key: `${templateWorkflowId(template)}:lin.scope@example.com`,
			contact_id: '',
			step: 'Create Contact',
			attempts: 1,
			status: 'alert',
		});
		expect([401, 403]).toContain(row.http_code);
		expect(bed.contactsOf('lin.scope@example.com')).toEqual([]);
	});

	test('a tag that fails on a known contact: the row names the contact, so the alert task can go there', async () => {
		const known = bed.ghl.sandbox.store.createContact(bed.ghl.locationId, {
			email: 'kim.known@example.com',
			firstName: 'Kim',
			lastName: 'Lovelace',
		});
		// Request 1 finds the contact, the name is unchanged, request 2 adds the tag.
		bed.ghl.sandbox.setFaults({ schedule: downFrom(2) });
		const failed = await run(await student('kim.known@example.com', 'Kim Lovelace'), NEW_STUDENT);
		bed.ghl.sandbox.setFaults({});
		expect(retryRows(failed)).toEqual([
			expect.objectContaining({ step: 'Add Student Tag', contact_id: known.id, status: 'waiting' }),
		]);
	});

	test('a newer event of the student drops its older waiting row, and only that one', async () => {
		const tables = retryDataTables();
		tables.insert(RETRY_TABLE, [
			olderWaitingRow(template, 'kay.newer@example.com', 'Find Contact by Email'),
			olderWaitingRow(template, 'someone.else@example.com', 'Find Contact by Email'),
		]);

		const result = await run(await student('Kay.Newer@example.com'), NEW_STUDENT, {
			dataTables: tables,
		});

		expect(result.items('Keep for Retry')).toEqual([]);
		expect(retryRows(result)).toEqual([
			expect.objectContaining({
				retry_key: `${templateWorkflowId(template)}:someone.else@example.com`,
			}),
		]);
		expect(bed.contactsOf('kay.newer@example.com')).toHaveLength(1);
	});

	test('a mixed run: the summary item counts synced, skipped (with the reason) and failed, and the Executions list gets the counts', async () => {
		const store = bed.ghl.sandbox.store;
		store.createContact(bed.ghl.locationId, { email: 'mia.mixed@example.com', firstName: 'Mia' });
		store.createContact(bed.ghl.locationId, {
			email: 'noor.mixed@example.com',
			firstName: 'Noor',
			tags: [TAG],
		});
		// Tagged already, but HighLevel has no first name: filling it in is a sync.
		store.createContact(bed.ghl.locationId, { email: 'oli.mixed@example.com', tags: [TAG] });
		const items = [
			...(await bed.emitted('courseEnrollment', {
				email: 'mia.mixed@example.com',
				courseId: 'c1',
			})),
			...(await bed.emitted('courseEnrollment', {
				email: 'noor.mixed@example.com',
				courseId: 'c1',
			})),
			...(await bed.emitted('courseEnrollment', {
				email: 'oli.mixed@example.com',
				courseId: 'c1',
				first_name: 'Oli',
			})),
			...(await bed.emitted('courseEnrollment', { email: 'not-an-email', courseId: 'c1' })),
		];
		const result = await run(items, 'OCH Course Enrollment');

		expectRunReport(
			result,
			{ synced: 2, skipped: 1, failed: 1, retryAttempt: 0 },
			{ 'already up to date': 1 },
		);
		expect(retryRows(result)).toEqual([
			expect.objectContaining({
				item_key: 'not-an-email',
				step: 'Find Contact by Email',
				http_code: null,
				status: 'alert',
			}),
		]);
		expect(
			store.listContacts(bed.ghl.locationId).find((c) => c.email === 'mia.mixed@example.com'),
		).toMatchObject({ tags: [TAG] });
		expect(bed.contactsOf('oli.mixed@example.com')).toEqual([
			expect.objectContaining({ firstName: 'Oli', tags: [TAG] }),
		]);
	});
});
