// Template 11 (GHL lead score → OnlineCourseHost enrollment), run through n8n's engine as shipped:
// the GHL sandbox's own Contact Created / Updated deliveries go through the template's GHL
// Trigger, the rest runs against the GHL and OnlineCourseHost sandboxes, and the tests look at the
// enrollments OCH holds, the contact's tags and every request made.
import type { INodeExecutionData } from 'n8n-workflow';

import type { Contact, ContactWrite, CustomFieldData } from '../../sandbox/ghl';
import { RETRY_TABLE, type TestDataTables } from '../harness/dataTables';
import { retryDataTables } from '../harness/engine';
import { apiRequests, OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { OCH_CREDENTIAL_ID, startOchTestBed, type OchTestBed } from '../harness/och';
import { olderWaitingRow, replayItems, whileReplaying } from '../harness/retryRows';
import { emittedByGhl, expectRunReport } from '../harness/runReport';
import { runTemplate, runTemplateOnGhlDelivery, templateWorkflowId } from '../harness/templateRun';
import { loadTemplates } from '../harness/templates';

const template = loadTemplates().find((candidate) => candidate.key === '11')!;
const TRIGGER = 'GHL Contact Created or Updated';
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };
const COURSE = 'Email Marketing Foundations';
const TAG = 'enrolled: email marketing foundations';

describe('template 11: GHL lead score → OnlineCourseHost enrollment, in the engine', () => {
	let ghl: GhlTestBed;
	let och: OchTestBed;
	let leadScoreId: string;

	beforeAll(async () => {
		ghl = await startGhlTestBed({
			...FAST,
			oauthScopes: ['contacts.readonly', 'contacts.write', 'locations/customFields.readonly'],
		});
		och = await startOchTestBed();
		ghl.credentials.add({
			id: OCH_CREDENTIAL_ID,
			name: 'OCH sandbox',
			type: 'onlineCourseHostApi',
			data: { token: och.token, baseUrl: och.sandbox.url },
		});
		leadScoreId = ghl.sandbox.store.addCustomField({
			locationId: ghl.locationId,
			name: 'Lead Score',
			dataType: 'NUMERICAL',
		}).id;
	});
	afterAll(async () => {
		await ghl?.close();
		await och?.close();
	});
	beforeEach(() => {
		ghl.sandbox.clearRequests();
		och.sandbox.clearRequests();
	});
	afterEach(() => och.sandbox.setFaults({}));

	/** HighLevel announces the contact; the template's trigger takes the delivery; the workflow runs. */
	const deliver = async (
		contact: Contact,
		settings: Record<string, unknown> = {},
		type: 'ContactCreate' | 'ContactUpdate' = 'ContactUpdate',
	) =>
		await runTemplateOnGhlDelivery({
			template,
			sandbox: ghl.sandbox,
			delivery: ghl.sandbox.webhooks.send(type, contact)[0],
			credentials: ghl.credentials,
			credentialIds: {
				ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' },
				onlineCourseHostApi: { id: OCH_CREDENTIAL_ID, name: 'OCH sandbox' },
			},
			settings: { courseTitle: COURSE, ...settings },
		});

	const contact = (input: ContactWrite, score?: CustomFieldData) =>
		ghl.sandbox.store.createContact(ghl.locationId, {
			...input,
			...(score === undefined ? {} : { customFields: [{ id: leadScoreId, field_value: score }] }),
		});
	const enrolled = (email: string) =>
		och.sandbox.store.listEnrollments({ email }).map((enrollment) => enrollment.courseTitle);
	const ghlWrites = () =>
		apiRequests(ghl.sandbox)
			.filter((request) => request.method !== 'GET')
			.map((request) => `${request.method} ${request.path}`);

	test('a score at the threshold enrolls the contact once and tags it; the next change writes nothing', async () => {
		const sophie = contact(
			{ firstName: 'Sophie', lastName: 'Wilson', email: 'sophie@example.com' },
			'50',
		);

		const first = await deliver(sophie, {}, 'ContactCreate');

		expect(enrolled('sophie@example.com')).toEqual([COURSE]);
		expect(och.sandbox.store.listStudents()).toEqual([
			expect.objectContaining({ email: 'sophie@example.com' }),
		]);
		expect(ghl.sandbox.store.getContact(sophie.id)!.tags).toEqual([TAG]);
		expect(ghlWrites()).toEqual([`POST /contacts/${sophie.id}/tags`]);
		expect(first.items('Enroll in Course')).toEqual([
			expect.objectContaining({ status: 'success', email: 'sophie@example.com' }),
		]);

		// Any later change of the contact (here, a higher score): skipped before any write.
		ghl.sandbox.clearRequests();
		och.sandbox.clearRequests();
		const higher = ghl.sandbox.store.updateContact(sophie.id, {
			customFields: [{ id: leadScoreId, field_value: 90 }],
		});
		const again = await deliver(higher);
		expect(again.items('Skip: Already Enrolled')).toEqual([
			expect.objectContaining({ id: sophie.id, enrolledTag: TAG }),
		]);
		expect(och.sandbox.requests).toEqual([]);
		expect(ghlWrites()).toEqual([]);
		expect(enrolled('sophie@example.com')).toEqual([COURSE]);
	});

	test('a contact template 06 already tagged enrolled is not enrolled again', async () => {
		const tim = contact(
			{ firstName: 'Tim', lastName: 'Berners-Lee', email: 'tim@example.com', tags: [TAG] },
			99,
		);
		const run = await deliver(tim);
		expect(run.items('Skip: Already Enrolled')).toHaveLength(1);
		expect(och.sandbox.requests).toEqual([]);
		expect(ghlWrites()).toEqual([]);
	});

	test.each([
		['below the threshold', 49.5, 'Skip: Below Threshold'],
		['not a number', 'high', 'Skip: Not a Number'],
		['a number with a thousands separator', '1,000', 'Skip: Not a Number'],
		['empty', undefined, 'Skip: No Lead Score'],
	])(
		'a lead score %s is skipped, not an error, and nothing is written',
		async (_case, score, skip) => {
			const someone = contact(
				{ firstName: 'Lee', email: `lee.${String(score)}@example.com` },
				score,
			);
			const run = await deliver(someone);
			expect(run.items(skip)).toEqual([expect.objectContaining({ id: someone.id })]);
			expect(run.ran()).not.toContain('Enroll in Course');
			expect(och.sandbox.requests).toEqual([]);
			expect(ghlWrites()).toEqual([]);
		},
	);

	test('a contact without an email is a skip', async () => {
		const run = await deliver(contact({ firstName: 'Nomail' }, 80));
		expect(run.items('Skip: No Email')).toHaveLength(1);
		expect(och.sandbox.requests).toEqual([]);
	});

	test('a leadScoreField that names no custom field sends the contact to the failure row', async () => {
		const run = await deliver(contact({ firstName: 'Ann', email: 'ann@example.com' }, 80), {
			leadScoreField: 'Lead score',
		});
		expect(run.items('Failed: No Such Lead Score Field')).toEqual([
			expect.objectContaining({ leadScoreFieldFound: false }),
		]);
		expect(och.sandbox.requests).toEqual([]);
	});

	test('a course title OCH does not have fails the enrollment with the close titles, and tags nothing', async () => {
		const bob = contact({ firstName: 'Bob', email: 'bob@example.com' }, 80);
		const run = await deliver(bob, { courseTitle: 'Email Marketing' });
		expect(run.items('Failed: Enrollment')).toEqual([
			expect.objectContaining({
				error: expect.objectContaining({ message: expect.stringContaining('No OnlineCourseHost course is titled "Email Marketing"') }),
			}),
		]);
		expect(ghl.sandbox.store.getContact(bob.id)!.tags).toEqual([]);
		expect(ghlWrites()).toEqual([]);
	});

	test('its trigger listens to Contact Created and Contact Updated', () => {
		const trigger = template.workflow.nodes.find((node) => node.name === TRIGGER)!;
		expect(trigger.parameters.events).toEqual(['ContactCreate', 'ContactUpdate']);
	});

	describe('failures are kept for template 12 (docs/recovery.md)', () => {
		const credentialIds = {
			ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' },
			onlineCourseHostApi: { id: OCH_CREDENTIAL_ID, name: 'OCH sandbox' },
		};
		const emitted = async (subject: Contact) =>
			await emittedByGhl(template, ghl.sandbox, ghl.credentials, 'ContactUpdate', subject);
		const run = async (
			items: INodeExecutionData[],
			options: {
				dataTables?: TestDataTables;
				startAt?: string;
				settings?: Record<string, unknown>;
			} = {},
		) =>
			await runTemplate({
				template,
				items,
				credentials: ghl.credentials,
				credentialIds,
				settings: { courseTitle: COURSE, ...options.settings },
				dataTables: options.dataTables ?? retryDataTables(),
				startAt: options.startAt,
			});
		const rows = (result: { dataTables: TestDataTables }) => result.dataTables.rows(RETRY_TABLE);
		/** Everything of OCH's and the contact's that template 11 writes. */
		const snapshot = (contactId: string) =>
			JSON.stringify({
				students: och.sandbox.store.listStudents(),
				enrollments: och.sandbox.store.listEnrollments(),
				tags: ghl.sandbox.store.getContact(contactId)!.tags,
			});

		test('OCH down: the contact is kept once as waiting; a replay through When Retried enrolls and tags it; a second replay writes nothing', async () => {
			const ada = contact({ firstName: 'Ada', email: 'ada.retry@example.com' }, 80);
			const items = await emitted(ada);
			och.sandbox.setFaults({ rate: { '5xx': 1 } });
			const failed = await run(items);
			och.sandbox.setFaults({});

			expect(enrolled('ada.retry@example.com')).toEqual([]);
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
			// The payload is the event as the trigger delivered it (with the settings it ran with).
			expect(JSON.parse(String(row.payload))).toMatchObject(items[0].json);
			expect(failed.items('Run Summary')).toEqual([
				{ synced: 0, skipped: 0, skipReasons: {}, failed: 1, retryAttempt: 0 },
			]);

			const tables = whileReplaying(row);
			const replay = await run(replayItems(row), { dataTables: tables, startAt: 'When Retried' });
			expect(replay.items('Any Failure')).toEqual([]);
			expect(replay.items('Synced')).toEqual([expect.objectContaining({ outcome: 'synced' })]);
			expect(replay.items('Run Summary')).toEqual([
				{ synced: 1, skipped: 0, skipReasons: {}, failed: 0, retryAttempt: 1 },
			]);
			expect(enrolled('ada.retry@example.com')).toEqual([COURSE]);
			expect(ghl.sandbox.store.getContact(ada.id)!.tags).toEqual([TAG]);
			// The row is template 12's to delete: the replay left it as 12 marked it.
			expect(rows(replay)).toEqual([expect.objectContaining({ status: 'running', attempts: 1 })]);

			// A second replay (12 cut off before it deleted the row): the enrolled tag stops it.
			const before = snapshot(ada.id);
			ghl.sandbox.clearRequests();
			och.sandbox.clearRequests();
			const again = await run(replayItems(row), { dataTables: tables, startAt: 'When Retried' });
			expect(again.items('Skip: Already Enrolled')).toHaveLength(1);
			expect(och.sandbox.requests).toEqual([]);
			expect(ghlWrites()).toEqual([]);
			expect(snapshot(ada.id)).toBe(before);
		});

		test('an enrollment whose answer is lost: kept as waiting, and the replay enrolls nobody twice', async () => {
			// A contact like the next one, to learn at which OCH request the enrollment is made.
			const probe = contact({ firstName: 'Probe', email: 'probe.lost@example.com' }, 80);
			await run(await emitted(probe));
			const enrollAt = och.sandbox.requests.findIndex((request) => request.method === 'POST') + 1;
			expect(enrollAt).toBeGreaterThan(0);

			const lin = contact({ firstName: 'Lin', email: 'lin.lost@example.com' }, 80);
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
			// OCH did the work; the answer never came, so the contact is not tagged.
			expect(enrolled('lin.lost@example.com')).toEqual([COURSE]);
			expect(ghl.sandbox.store.getContact(lin.id)!.tags).toEqual([]);
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
			expect(ghl.sandbox.store.getContact(lin.id)!.tags).toEqual([TAG]);
		});

		test('errors waiting cannot heal are kept as alert: a course OCH does not have, a lead score field HighLevel does not have', async () => {
			const bob = contact({ firstName: 'Bob', email: 'bob.alert@example.com' }, 80);
			const noCourse = await run(await emitted(bob), {
				settings: { courseTitle: 'Email Marketing' },
			});
			expect(noCourse.items('Any Failure')).toEqual([
				expect.objectContaining({
					step: 'Enroll in Course',
					error: expect.objectContaining({ retryable: false }),
				}),
			]);
			expect(rows(noCourse)).toEqual([
				expect.objectContaining({
					retry_key: `${templateWorkflowId(template)}:${bob.id}`,
					contact_id: bob.id,
					step: 'Enroll in Course',
					error: expect.stringContaining('No OnlineCourseHost course is titled "Email Marketing"'),
					http_code: null,
					attempts: 1,
					status: 'alert',
				}),
			]);

			const noField = await run(await emitted(bob), { settings: { leadScoreField: 'Lead score' } });
			expect(rows(noField)).toEqual([
				expect.objectContaining({
					contact_id: bob.id,
					step: 'Check Lead Score',
					error: expect.stringContaining('No custom field is named "Lead score" in HighLevel'),
					status: 'alert',
				}),
			]);
			expect(och.sandbox.store.listEnrollments({ email: 'bob.alert@example.com' })).toEqual([]);
		});

		test('a newer change of the contact drops its older waiting row, and only that one', async () => {
			const kay = contact({ firstName: 'Kay', email: 'kay.newer@example.com' }, 80);
			const tables = retryDataTables();
			tables.insert(RETRY_TABLE, [
				olderWaitingRow(template, kay.id, 'Enroll in Course'),
				olderWaitingRow(template, 'someone-else', 'Enroll in Course'),
			]);

			const result = await run(await emitted(kay), { dataTables: tables });

			expect(result.items('Any Failure')).toEqual([]);
			expect(rows(result)).toEqual([expect.objectContaining({ contact_id: 'someone-else' })]);
			expect(enrolled('kay.newer@example.com')).toEqual([COURSE]);
		});

		test('a mixed run: the summary item counts synced, skipped (with the reasons) and failed, and the Executions list gets the counts', async () => {
			const synced = contact({ firstName: 'Mia', email: 'mia.mixed@example.com' }, 80);
			const noEmail = contact({ firstName: 'Noor' }, 80);
			const low = contact({ firstName: 'Low', email: 'low.mixed@example.com' }, 10);
			const gone = contact({ firstName: 'Gone', email: 'gone.mixed@example.com' }, 80);
			const items = [
				...(await emitted(synced)),
				...(await emitted(noEmail)),
				...(await emitted(low)),
				...(await emitted(gone)),
			];
			ghl.sandbox.store.quietly(() => ghl.sandbox.store.deleteContact(gone.id));

			const result = await run(items);

			const summary = {
				synced: 1,
				skipped: 2,
				skipReasons: { 'no email': 1, 'below threshold': 1 },
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
});
