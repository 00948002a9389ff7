// Template 11 (GHL lead score → OnlineCourseHost enrollment), run through n8n's engine as shipped:
// the GHL sandbox's own Contact Created / Updated deliveries go through the template's GHL
// Trigger, the rest runs against the GHL and OnlineCourseHost sandboxes, and the tests look at the
// enrollments OCH holds, the contact's tags and every request made.
import type { Contact, ContactWrite, CustomFieldData } from '../../sandbox/ghl';
import { apiRequests, OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { OCH_CREDENTIAL_ID, startOchTestBed, type OchTestBed } from '../harness/och';
import { runTemplateOnGhlDelivery } from '../harness/templateRun';
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
	])('a lead score %s is skipped, not an error, and nothing is written', async (_case, score, skip) => {
		const someone = contact({ firstName: 'Lee', email: `lee.${String(score)}@example.com` }, score);
		const run = await deliver(someone);
		expect(run.items(skip)).toEqual([expect.objectContaining({ id: someone.id })]);
		expect(run.ran()).not.toContain('Enroll in Course');
		expect(och.sandbox.requests).toEqual([]);
		expect(ghlWrites()).toEqual([]);
	});

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
				error: expect.stringContaining('No OnlineCourseHost course is titled "Email Marketing"'),
			}),
		]);
		expect(ghl.sandbox.store.getContact(bob.id)!.tags).toEqual([]);
		expect(ghlWrites()).toEqual([]);
	});

	test('its trigger listens to Contact Created and Contact Updated', () => {
		const trigger = template.workflow.nodes.find((node) => node.name === TRIGGER)!;
		expect(trigger.parameters.events).toEqual(['ContactCreate', 'ContactUpdate']);
	});
});
