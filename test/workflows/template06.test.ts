// Template 06 (OnlineCourseHost enrollment → GHL tag and note) in the engine: an enrollment that
// fails is kept in "LMS Sync Retries" per student and course with the event OnlineCourseHost sent
// (it never sends it again), a replay through When Retried rebuilds the tag and the note from that
// row (dated the day of the first try) and writes nothing twice, and every run ends in a summary.
import { RETRY_TABLE } from '../harness/dataTables';
import { retryDataTables } from '../harness/engine';
import { apiRequests } from '../harness/ghl';
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

const template = loadTemplates().find((candidate) => candidate.key === '06')!;
const TRIGGER = 'OCH Course Enrollment';
const COURSE = { courseId: 'rkUNIGXTgtrPCz130A2D', courseTitle: 'How to win friends' };
const TAG = 'enrolled: how to win friends';

describe('template 06 in the engine: failed enrollments kept for template 12, and the run report', () => {
	let bed: OchTemplateBed;

	beforeAll(async () => {
		bed = await startOchTemplateBed(template);
	});
	afterAll(async () => await bed?.close());
	afterEach(() => bed.ghl.sandbox.setFaults({}));

	const enrollment = async (email: string, course = COURSE) =>
		await bed.emitted('courseEnrollment', { email, ...course, source: 'free' });
	const run: OchTemplateBed['run'] = async (...args) => await bed.run(...args);
	const replay: OchTemplateBed['replay'] = async (row) => await bed.replay(row);
	const key = (email: string, courseId = COURSE.courseId) =>
		`${templateWorkflowId(template)}:${email}:${courseId}`;
	/** The contact's tags and the bodies of its notes. */
	const contactState = (email: string) =>
		bed.contactsOf(email).map((contact) => ({
			tags: contact.tags,
			notes: bed.ghl.sandbox.store.listNotes(contact.id).map((note) => note.body),
		}));

	test('HighLevel down: the enrollment is kept once as waiting with the event; a replay tags and notes the new contact, dated the first try; a second replay writes nothing', async () => {
		const items = await enrollment('ada.down@example.com');
		bed.ghl.sandbox.setFaults({ rate: { status5xx: 1 } });
		const failed = await run(items, TRIGGER);
		bed.ghl.sandbox.setFaults({});

		expect(bed.contactsOf('ada.down@example.com')).toEqual([]);
		const row = keptOnce(failed, {
			retry_key: key('ada.down@example.com'),
			workflow_id: templateWorkflowId(template),
			workflow_name: template.workflow.name,
			item_key: 'ada.down@example.com · How to win friends',
			contact_id: '',
			step: 'Find Contact by Email',
			error: expect.stringMatching(/50[023]/),
			attempts: 1,
			status: 'waiting',
		});
		expect([500, 502, 503]).toContain(row.http_code);
		// The payload is the event as the trigger emitted it: the only copy there is.
		expect(JSON.parse(String(row.payload))).toMatchObject(items[0].json);
		expectRunReport(failed, { synced: 0, skipped: 0, failed: 1, retryAttempt: 0 });

		// Template 12 replays it days later: the note keeps the day the enrollment first failed.
		const firstTry = { ...row, first_failed_at: new Date('2026-11-30T12:00:00Z') };
		const replayed = await replay(firstTry);
		expect(replayed.items('Keep for Retry')).toEqual([]);
		expect(replayed.items('Synced or Up to Date')).toEqual([
			expect.objectContaining({ outcome: 'synced' }),
		]);
		expectRunReport(replayed, { synced: 1, skipped: 0, failed: 0, retryAttempt: 1 });
		expect(contactState('ada.down@example.com')).toEqual([
			{ tags: [TAG], notes: ['Enrolled in How to win friends on 2026-11-30'] },
		]);
		expect(retryRows(replayed)).toEqual([expect.objectContaining({ status: 'running' })]);

		bed.ghl.sandbox.clearRequests();
		const again = await replay(firstTry);
		expect(again.items('Keep for Retry')).toEqual([]);
		expect(bed.writes()).toEqual([]);
		expect(again.items('Synced or Up to Date')).toEqual([
			expect.objectContaining({ outcome: 'skipped', reason: 'already up to date' }),
		]);
		expect(contactState('ada.down@example.com')).toHaveLength(1);
	});

	test('the answer to the note is lost after HighLevel wrote it: the row names the contact, and the replay adds no second note or tag', async () => {
		const create = (email: string) =>
			bed.ghl.sandbox.store.createContact(bed.ghl.locationId, { email, firstName: 'Grace' });
		// A contact like the next one, to learn at which request the note is written.
		create('probe.lost@example.com');
		bed.ghl.sandbox.clearRequests();
		await run(await enrollment('probe.lost@example.com'), TRIGGER);
		const notePost =
			apiRequests(bed.ghl.sandbox).findIndex(
				(request) => request.method === 'POST' && request.path.endsWith('/notes'),
			) + 1;
		expect(notePost).toBeGreaterThan(0);

		const grace = create('grace.lost@example.com');
		bed.ghl.sandbox.setFaults({
			schedule: [{ atRequest: notePost, kind: 'lostAnswer' }, ...downFrom(notePost + 1)],
		});
		const failed = await run(await enrollment('grace.lost@example.com'), TRIGGER);
		bed.ghl.sandbox.setFaults({});

		const row = keptOnce(failed, {
			step: 'Add Enrollment Note',
			contact_id: grace.id,
			status: 'waiting',
		});
		const written = contactState('grace.lost@example.com');
		expect(written).toEqual([
			{ tags: [TAG], notes: [expect.stringMatching(/^Enrolled in How to win friends on /)] },
		]);

		const replayed = await replay(row);
		expect(replayed.items('Keep for Retry')).toEqual([]);
		expect(contactState('grace.lost@example.com')).toEqual(written);
	});

	test('a token without the write scope: HighLevel refuses, the enrollment is kept as alert (not retryable), with no contact id', async () => {
		const failed = await run(await enrollment('lin.scope@example.com'), TRIGGER, {
			credentialId: READ_ONLY_CREDENTIAL_ID,
		});

		expect(failed.items('Any Failure')).toEqual([
			expect.objectContaining({
				step: 'Create Contact',
				error: expect.objectContaining({ retryable: false }),
			}),
		]);
		const row = keptOnce(failed, {
			retry_key: key('lin.scope@example.com'),
			contact_id: '',
			step: 'Create Contact',
			attempts: 1,
			status: 'alert',
		});
		expect([401, 403]).toContain(row.http_code);
		expect(bed.contactsOf('lin.scope@example.com')).toEqual([]);
	});

	test('a newer event of the student and course drops its older waiting row; another course of the same student stays', async () => {
		const tables = retryDataTables();
		const other = { courseId: 'Qm3xV9pLc2WnTb7YhK4s', courseTitle: 'Email Marketing Foundations' };
		tables.insert(RETRY_TABLE, [
			olderWaitingRow(template, `kay.newer@example.com:${COURSE.courseId}`, 'Add Enrolled Tag'),
			olderWaitingRow(template, `kay.newer@example.com:${other.courseId}`, 'Add Enrolled Tag'),
		]);

		const result = await run(await enrollment('Kay.Newer@example.com'), TRIGGER, {
			dataTables: tables,
		});

		expect(result.items('Keep for Retry')).toEqual([]);
		expect(retryRows(result)).toEqual([
			expect.objectContaining({ retry_key: key('kay.newer@example.com', other.courseId) }),
		]);
		expect(contactState('kay.newer@example.com')).toEqual([
			{ tags: [TAG], notes: [expect.stringMatching(/^Enrolled in How to win friends on /)] },
		]);
	});

	test('a mixed run: the summary item counts synced, skipped (with the reason) and failed, and the Executions list gets the counts', async () => {
		// Noor's enrollment is already in HighLevel: the same event again changes nothing.
		await run(await enrollment('noor.mixed@example.com'), TRIGGER);
		const items = [
			...(await enrollment('mia.mixed@example.com')),
			...(await enrollment('noor.mixed@example.com')),
			...(await enrollment('not-an-email')),
		];
		const result = await run(items, TRIGGER);

		expectRunReport(
			result,
			{ synced: 1, skipped: 1, failed: 1, retryAttempt: 0 },
			{ 'already up to date': 1 },
		);
		expect(retryRows(result)).toEqual([
			expect.objectContaining({
				retry_key: key('not-an-email'),
				step: 'Find Contact by Email',
				http_code: null,
				status: 'alert',
			}),
		]);
		expect(contactState('mia.mixed@example.com')).toEqual([
			{ tags: [TAG], notes: [expect.stringMatching(/^Enrolled in How to win friends on /)] },
		]);
	});
});
