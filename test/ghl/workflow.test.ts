import type { RecordedRequest } from '../../sandbox/ghl';
import { apiRequests, byId, startGhlTestBed, UNKNOWN_CONTACT_STATUS, type GhlTestBed } from '../harness/ghl';
import { failedItem } from '../harness/errorItems';

const NODE = 'GHL Contacts';

describe('Workflow resource: add a contact to a HighLevel workflow, or remove it', () => {
	let bed: GhlTestBed;
	let courseUpsell: string;
	let certificate: string;

	beforeAll(async () => {
		bed = await startGhlTestBed();
		bed.sandbox.seed({});
		const workflows = bed.sandbox.store.automation.listWorkflows(bed.locationId);
		courseUpsell = workflows.find((workflow) => workflow.name === 'Course upsell')!.id;
		certificate = workflows.find((workflow) => workflow.name === 'Certificate follow-up')!.id;
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.sandbox.clearRequests();
		bed.sandbox.setFaults({});
	});

	const newContact = () => bed.sandbox.store.addContact({ firstName: 'Ada' }).id;
	const enrollmentsOf = (contactId: string) => bed.sandbox.store.automation.of(contactId).workflows;

	/** The one API request of the run: the spec's path and method, Version 2021-07-28, a JSON body. */
	function onlyRequest(method: string, path: string): RecordedRequest {
		const requests = apiRequests(bed.sandbox);
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request).toMatchObject({ method, path });
		expect(request.headers.version).toBe('2021-07-28');
		expect(request.headers.authorization).toBe(`Bearer ${bed.pit}`);
		expect(request.headers['content-type']).toMatch(/application\/json/);
		return request;
	}

	describe('Add Contact', () => {
		test('POSTs to /contacts/{contactId}/workflow/{workflowId} with an empty body; the contact is enrolled', async () => {
			const contactId = newContact();
			const result = await bed.run({ resource: 'workflow', operation: 'add', contactId: byId(contactId), workflowId: byId(courseUpsell) });

			const request = onlyRequest('POST', `/contacts/${contactId}/workflow/${courseUpsell}`);
			expect(request.body).toEqual({});
			expect(request.status).toBe(200);
			expect(enrollmentsOf(contactId)).toEqual([{ workflowId: courseUpsell, addedAt: expect.any(String) }]);
			expect(result.output(NODE).map((item) => item.json)).toEqual([{ contactId, workflowId: courseUpsell, added: true }]);
		});

		test('Event Start Time goes as ISO 8601 with the offset of the workflow time zone (America/New_York here)', async () => {
			const contactId = newContact();
			for (const eventStartTime of ['2026-06-23T09:30:00', '2026-12-01T09:30:00', '2026-06-23T03:30:00+01:00', '={{ $now.set({ year: 2026, month: 1, day: 5, hour: 8, minute: 0, second: 0, millisecond: 250 }) }}']) {
				await bed.run({
					resource: 'workflow',
					operation: 'add',
					contactId: byId(contactId),
					workflowId: byId(certificate),
					additionalFields: { eventStartTime },
				});
			}
			const sent = apiRequests(bed.sandbox).map((request) => (request.body as { eventStartTime: string }).eventStartTime);
			// EDT is UTC-4, EST UTC-5; an offset given is kept as the same instant.
			expect(sent).toEqual(['2026-06-23T09:30:00-04:00', '2026-12-01T09:30:00-05:00', '2026-06-22T22:30:00-04:00', '2026-01-05T08:00:00-05:00']);
			expect(enrollmentsOf(contactId).map((enrollment) => enrollment.eventStartTime)).toEqual(sent);
		});

		test('the output carries the event start time sent', async () => {
			const contactId = newContact();
			const result = await bed.run({
				resource: 'workflow',
				operation: 'add',
				contactId: byId(contactId),
				workflowId: byId(courseUpsell),
				additionalFields: { eventStartTime: '2026-06-23T09:30:00' },
			});
			expect(result.output(NODE)[0].json).toEqual({ contactId, workflowId: courseUpsell, added: true, eventStartTime: '2026-06-23T09:30:00-04:00' });
		});

		test.each([
			['not a date', 'Event Start Time "not a date" is not a valid date'],
			['2026-02-30T09:00:00', 'Event Start Time "2026-02-30T09:00:00" is not a valid date'],
			['', 'Event Start Time is empty'],
		])('an Event Start Time of %j fails before any request', async (eventStartTime, message) => {
			const contactId = newContact();
			const result = await bed.run({
				resource: 'workflow',
				operation: 'add',
				contactId: byId(contactId),
				workflowId: byId(courseUpsell),
				additionalFields: { eventStartTime },
			});
			expect(result.error(NODE)?.message).toBe(message);
			expect(apiRequests(bed.sandbox)).toEqual([]);
			expect(enrollmentsOf(contactId)).toEqual([]);
		});

		test.each([
			['', 'Workflow is empty'],
			['a/b', 'Workflow must not contain "/", "\\", "?", "#" or "%"'],
		])('a workflow id of %j from an expression fails naming the field, before any request', async (workflowId, message) => {
			const result = await bed.run(
				{ resource: 'workflow', operation: 'add', contactId: byId(newContact()), workflowId: byId('={{ $json.workflow }}') },
				{ items: [{ workflow: workflowId }] },
			);
			expect(result.error(NODE)?.message).toBe(message);
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});

		test('an empty contact from an expression fails before any request', async () => {
			const result = await bed.run(
				{ resource: 'workflow', operation: 'add', contactId: byId('={{ $json.contact }}'), workflowId: byId(courseUpsell) },
				{ items: [{ contact: '' }] },
			);
			expect(result.error(NODE)?.message).toBe('Contact is empty');
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});

		test('an unknown workflow fails with HighLevel\'s 404 and a hint to check the ID', async () => {
			const result = await bed.run({ resource: 'workflow', operation: 'add', contactId: byId(newContact()), workflowId: byId('NoSuchWorkflow') });
			expect(result.error(NODE)?.message).toBe('HighLevel answered 404: Workflow with id NoSuchWorkflow not found');
			expect(result.error(NODE)?.description).toContain('Check the ID');
		});

		test('an unknown contact fails with HighLevel\'s answer', async () => {
			const result = await bed.run({ resource: 'workflow', operation: 'add', contactId: byId('NoSuchContact0000000'), workflowId: byId(courseUpsell) });
			expect(result.error(NODE)?.message).toBe(`HighLevel answered ${UNKNOWN_CONTACT_STATUS}: Contact with id NoSuchContact0000000 not found`);
		});

		test('Continue On Fail: an unknown workflow id gives an error item, the other items are enrolled, all paired', async () => {
			const [first, second] = [newContact(), newContact()];
			const result = await bed.run(
				{ resource: 'workflow', operation: 'add', contactId: byId('={{ $json.contact }}'), workflowId: byId('={{ $json.workflow }}') },
				{
					items: [
						{ contact: first, workflow: courseUpsell },
						{ contact: second, workflow: 'NoSuchWorkflow' },
						{ contact: second, workflow: certificate },
					],
					continueOnFail: true,
				},
			);
			const output = result.output(NODE);
			expect(output.map((item) => item.json)).toEqual([
				{ contactId: first, workflowId: courseUpsell, added: true },
				failedItem('HighLevel answered 404: Workflow with id NoSuchWorkflow not found', false),
				{ contactId: second, workflowId: certificate, added: true },
			]);
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(enrollmentsOf(second).map((enrollment) => enrollment.workflowId)).toEqual([certificate]);
		});

		test.each([
			['lostAnswer502', 'HighLevel answered 502'],
			['lostAnswer', 'Could not reach HighLevel (connection reset)'],
		] as const)('an answer lost after HighLevel enrolled the contact (%s) is not sent again: one enrollment, and the error says why', async (kind, message) => {
			const contactId = newContact();
			bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind }] });
			const result = await bed.run({ resource: 'workflow', operation: 'add', contactId: byId(contactId), workflowId: byId(courseUpsell) });
			expect(apiRequests(bed.sandbox)).toHaveLength(1);
			expect(enrollmentsOf(contactId)).toHaveLength(1);
			expect(result.error(NODE)?.message).toContain(message);
			expect(result.error(NODE)?.description).toMatch(/not retried, as repeating it could create a duplicate/);
		});

		test('a 200 without `succeded` (not what HighLevel sends) fails saying so', async () => {
			bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'emptyAnswer' }] });
			const result = await bed.run({ resource: 'workflow', operation: 'add', contactId: byId(newContact()), workflowId: byId(courseUpsell) });
			expect(result.error(NODE)?.message).toBe('HighLevel answered 200 without `succeded`');
		});
	});

	describe('Remove Contact', () => {
		test('DELETEs /contacts/{contactId}/workflow/{workflowId} with the body the spec requires; the enrollments end', async () => {
			const contactId = newContact();
			bed.sandbox.store.automation.enroll(contactId, courseUpsell);
			bed.sandbox.store.automation.enroll(contactId, certificate);

			const result = await bed.run({ resource: 'workflow', operation: 'remove', contactId: byId(contactId), workflowId: byId(courseUpsell) });

			const request = onlyRequest('DELETE', `/contacts/${contactId}/workflow/${courseUpsell}`);
			expect(request.body).toEqual({});
			expect(request.status).toBe(200);
			expect(enrollmentsOf(contactId).map((enrollment) => enrollment.workflowId)).toEqual([certificate]);
			expect(result.output(NODE).map((item) => item.json)).toEqual([{ contactId, workflowId: courseUpsell, removed: true }]);
		});

		test('is retried after a lost answer, as removing twice changes nothing', async () => {
			const contactId = newContact();
			bed.sandbox.store.automation.enroll(contactId, courseUpsell);
			bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'lostAnswer502' }] });
			const result = await bed.run({ resource: 'workflow', operation: 'remove', contactId: byId(contactId), workflowId: byId(courseUpsell) });
			expect(result.error(NODE)).toBeUndefined();
			expect(apiRequests(bed.sandbox).map((request) => request.status)).toEqual([502, 200]);
			expect(enrollmentsOf(contactId)).toEqual([]);
		});
	});

	test.each(['pit', 'oauth'] as const)('with a read-only credential (%s) the error names the contacts.write scope and what to change', async (auth) => {
		const readOnly = await startGhlTestBed({ scopes: ['contacts.readonly', 'workflows.readonly'], oauthScopes: ['contacts.readonly'] });
		try {
			readOnly.sandbox.seed({});
			const workflowId = readOnly.sandbox.store.automation.listWorkflows(readOnly.locationId)[0].id;
			const contactId = readOnly.sandbox.store.addContact({ firstName: 'Ro' }).id;
			const result = await readOnly.run({ resource: 'workflow', operation: 'add', contactId: byId(contactId), workflowId: byId(workflowId) }, { auth });
			expect(result.error(NODE)?.message).toBe('HighLevel answered 401: The token is not authorized for this scope.');
			expect(result.error(NODE)?.description).toContain('lacks the contacts.write scope');
			expect(result.error(NODE)?.description).toContain(auth === 'oauth' ? 'Tick "Allow Contact Changes"' : 'edit the private integration');
			expect(readOnly.sandbox.store.automation.of(contactId).workflows).toEqual([]);
		} finally {
			await readOnly.close();
		}
	});
});
