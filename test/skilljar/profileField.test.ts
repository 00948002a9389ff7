import {
	byEmail,
	byId,
	calls,
	jsonOf,
	NODE,
	startSkilljarTestBed,
	type SkilljarTestBed,
} from '../harness/skilljar';
import { errorMessage } from '../harness/errorItems';

describe('Profile Field resource: where CRM phone, notes and task status live', () => {
	let bed: SkilljarTestBed;
	let fields: Record<string, string>;

	beforeAll(async () => {
		bed = await startSkilljarTestBed({ seed: { signupFields: true } });
		fields = Object.fromEntries(
			bed.sandbox.store.listSignupFields(bed.domain).map((field) => [field.label, field.id]),
		);
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const store = () => bed.sandbox.store;
	let counter = 0;
	const member = () =>
		store().upsertDomainUser(bed.domain, { email: `profile.${++counter}@example.com` }).user;
	const valuesOf = (userId: string) => {
		const values = store().getDomainUser(bed.domain, userId)?.values ?? new Map<string, string>();
		return Object.fromEntries(
			[...values].map(([id, value]) => [store().signupFields.get(id)?.label, value]),
		);
	};

	test("Get Many (v1) lists the domain's field definitions with type and options", async () => {
		const result = await bed.run({
			resource: 'profileField',
			operation: 'getMany',
			returnAll: true,
		});
		expect(calls(bed.sandbox)).toEqual([`GET /v1/domains/${bed.domain}/signup-fields`]);
		expect(jsonOf(result)).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ id: fields.Phone, label: 'Phone', type: 'TEXT' }),
				expect.objectContaining({
					id: fields['Task Status'],
					type: 'PICKLIST',
					options: ['Open', 'In Progress', 'Done'],
				}),
			]),
		);
	});

	test('Get Many with the OAuth2 credential says v1 is needed, before any request', async () => {
		const result = await bed.run(
			{ resource: 'profileField', operation: 'getMany', returnAll: true },
			{ api: 'v2' },
		);
		expect(result.error(NODE)?.message).toBe(
			'Profile Field → Get Many needs the Skilljar API (API key) credential',
		);
		expect(calls(bed.sandbox)).toEqual([]);
	});

	test('Set Values (v1): several fields by label or ID in one bulk request; labels resolved once per run', async () => {
		const learners = [member(), member()];
		const result = await bed.run(
			{
				resource: 'profileField',
				operation: 'setValues',
				learner: byEmail('={{ $json.email }}'),
				values: {
					value: [
						{ field: 'Phone', value: '={{ $json.phone }}' },
						{ field: 'crm contact id', value: '={{ $json.contactId }}' },
						{ field: fields['Task Status'], value: 'Done' },
					],
				},
			},
			{
				items: learners.map((learner, index) => ({
					email: learner.email,
					phone: `+1415555000${index}`,
					contactId: `ghl-${index}`,
				})),
			},
		);
		expect(result.error(NODE)).toBeUndefined();
		expect(calls(bed.sandbox).filter((call) => call.endsWith('/signup-fields'))).toHaveLength(1);
		const bulk = bed.sandbox.requests.filter((request) =>
			request.path.endsWith('/signup-fields-bulk'),
		);
		expect(bulk.map((request) => request.path).sort()).toEqual(
			learners
				.map((learner) => `/v1/domains/${bed.domain}/users/${learner.id}/signup-fields-bulk`)
				.sort(),
		);
		expect(bulk.find((request) => request.path.includes(learners[0].id))?.body).toEqual({
			signup_fields: [
				{ id: fields.Phone, value: '+14155550000' },
				{ id: fields['CRM Contact ID'], value: 'ghl-0' },
				{ id: fields['Task Status'], value: 'Done' },
			],
		});
		expect(valuesOf(learners[1].id)).toEqual({
			Phone: '+14155550001',
			'CRM Contact ID': 'ghl-1',
			'Task Status': 'Done',
		});
		expect(jsonOf(result)[0]).toMatchObject({
			learner_id: learners[0].id,
			values: expect.arrayContaining([
				{ field_id: fields.Phone, label: 'Phone', value: '+14155550000' },
			]),
		});
	});

	describe('v1 values must have at least one character (BulkUserSignupFieldValueRequest: minLength 1)', () => {
		const post = async (path: string, body: unknown) =>
			await fetch(`${bed.sandbox.url}${path}`, {
				method: 'POST',
				headers: {
					authorization: `Basic ${Buffer.from(`${bed.apiKey}:`).toString('base64')}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify(body),
			});

		test('the sandbox refuses an empty (or blank) value in the bulk and the single write, storing nothing', async () => {
			const learner = member();
			const base = `/v1/domains/${bed.domain}/users/${learner.id}`;
			const bulk = await post(`${base}/signup-fields-bulk`, {
				signup_fields: [
					{ id: fields['CRM Contact ID'], value: 'ghl-1' },
					{ id: fields.Phone, value: '' },
				],
			});
			expect(bulk.status).toBe(400);
			expect(await bulk.json()).toEqual({
				signup_fields: [{}, { value: ['This field may not be blank.'] }],
			});
			const single = await post(`${base}/signup-fields`, {
				signup_field: { id: fields.Phone },
				value: '  ',
			});
			expect(single.status).toBe(400);
			expect(await single.json()).toEqual({ value: ['This field may not be blank.'] });
			expect(valuesOf(learner.id)).toEqual({});
		});

		test('Set Values (v1): an empty value is left out of the write and reported in skipped_empty; the others are stored', async () => {
			const learner = member();
			store().getDomainUser(bed.domain, learner.id)!.values.set(fields.Phone, '+14155550000');
			const result = await bed.run({
				resource: 'profileField',
				operation: 'setValues',
				learner: byId(learner.id),
				values: {
					value: [
						{ field: 'Phone', value: '' },
						{ field: 'CRM Contact ID', value: 'ghl-9' },
						{ field: 'Notes', value: '   ' },
					],
				},
			});
			expect(result.error(NODE)).toBeUndefined();
			const [bulk] = bed.sandbox.requests.filter((request) =>
				request.path.endsWith('/signup-fields-bulk'),
			);
			expect(bulk.body).toEqual({ signup_fields: [{ id: fields['CRM Contact ID'], value: 'ghl-9' }] });
			expect(bulk.status).toBe(201);
			expect(jsonOf(result)[0]).toMatchObject({
				values: [{ field_id: fields['CRM Contact ID'], label: 'CRM Contact ID', value: 'ghl-9' }],
				skipped_empty: ['Phone', 'Notes'],
			});
			// v1 cannot clear a value: the old phone stays, and the output says it was not changed.
			expect(valuesOf(learner.id)).toEqual({ Phone: '+14155550000', 'CRM Contact ID': 'ghl-9' });
		});

		test('Set Values (v1): only empty values: no write at all', async () => {
			const learner = member();
			const result = await bed.run({
				resource: 'profileField',
				operation: 'setValues',
				learner: byId(learner.id),
				values: { value: [{ field: 'Phone', value: '' }] },
			});
			expect(jsonOf(result)[0]).toMatchObject({ values: [], skipped_empty: ['Phone'] });
			expect(calls(bed.sandbox).filter((call) => call.startsWith('POST'))).toEqual([]);
		});
	});

	test("Set Values (v1): an unknown label fails naming the domain's fields, before writing", async () => {
		const learner = member();
		const result = await bed.run({
			resource: 'profileField',
			operation: 'setValues',
			learner: byId(learner.id),
			values: { value: [{ field: 'Fax', value: '1' }] },
		});
		expect(result.error(NODE)?.message).toBe(`No profile field "Fax" on ${bed.domain}`);
		expect(result.error(NODE)?.description).toMatch(
			/Phone, CRM Contact ID, Notes, Task Status, Marketing Consent/,
		);
		expect(calls(bed.sandbox).some((call) => call.startsWith('POST'))).toBe(false);
	});

	test("Set Values (v1): a value outside a picklist fails with Skilljar's validation message; nothing is stored", async () => {
		const learner = member();
		const result = await bed.run({
			resource: 'profileField',
			operation: 'setValues',
			learner: byId(learner.id),
			values: {
				value: [
					{ field: 'Notes', value: 'called' },
					{ field: 'Task Status', value: 'Waiting' },
				],
			},
		});
		expect(result.error(NODE)?.message).toMatch(
			/^Skilljar answered 400: signup_fields\[1\]\.value: "Waiting" is not a valid choice/,
		);
		expect(valuesOf(learner.id)).toEqual({});
	});

	test('Set Values (v2): several fields by ID in one batch', async () => {
		const learner = member();
		const result = await bed.run(
			{
				resource: 'profileField',
				operation: 'setValues',
				learner: byId(learner.id),
				values: {
					value: [
						{ field: fields.Notes, value: 'Met at webinar' },
						{ field: fields['Marketing Consent'], value: 'true' },
					],
				},
			},
			{ api: 'v2' },
		);
		expect(calls(bed.sandbox)).toEqual(['POST /v2/signup-field-values/']);
		expect(bed.sandbox.requests.at(-1)?.body).toEqual({
			student_id: learner.id,
			data: [
				{ type: 'signup-field-values', id: fields.Notes, attributes: { value: 'Met at webinar' } },
				{
					type: 'signup-field-values',
					id: fields['Marketing Consent'],
					attributes: { value: 'true' },
				},
			],
		});
		expect(valuesOf(learner.id)).toEqual({ Notes: 'Met at webinar', 'Marketing Consent': 'true' });
		expect(jsonOf(result)[0].values).toEqual([
			{ field_id: fields.Notes, label: 'Notes', value: 'Met at webinar' },
			{ field_id: fields['Marketing Consent'], label: 'Marketing Consent', value: 'true' },
		]);
	});

	test('Set Values (v2): a 207 with one rejected value fails the item, naming what was rejected and what was stored', async () => {
		const learner = member();
		const result = await bed.run(
			{
				resource: 'profileField',
				operation: 'setValues',
				learner: byId(learner.id),
				values: {
					value: [
						{ field: fields.Phone, value: '+14155550199' },
						{ field: fields['Task Status'], value: 'Someday' },
					],
				},
			},
			{ api: 'v2', continueOnFail: true },
		);
		expect(bed.sandbox.requests.at(-1)?.status).toBe(207);
		const [item] = jsonOf(result);
		expect(errorMessage(item)).toBe(
			`Skilljar stored 1 of 2 profile field values; rejected: ${fields['Task Status']} (validation_error: "Someday" is not a valid choice. Choices: Open, In Progress, Done.)`,
		);
		expect(valuesOf(learner.id)).toEqual({ Phone: '+14155550199' });
	});

	test('Set Values (v2): a label instead of an ID is refused before any request', async () => {
		const result = await bed.run(
			{
				resource: 'profileField',
				operation: 'setValues',
				learner: byId('abc'),
				values: { value: [{ field: 'Phone', value: '1' }] },
			},
			{ api: 'v2' },
		);
		expect(result.error(NODE)?.message).toBe('Profile field "Phone" is not a field ID');
		expect(calls(bed.sandbox)).toEqual([]);
	});

	describe('Set Values with Only Write Changed Values: reads the learner\'s values and writes only what differs', () => {
		const setNotesAndTasks = (learnerId: string, notes: string, tasks: string) => ({
			resource: 'profileField',
			operation: 'setValues',
			learner: byId(learnerId),
			values: {
				value: [
					{ field: 'Notes', value: notes },
					{ field: 'Task Status', value: tasks },
				],
			},
			options: { onlyChanged: true },
		});

		test('v1: a first write stores both; the same values again send no write; one changed value writes only it', async () => {
			const learner = member();
			const first = await bed.run(setNotesAndTasks(learner.id, 'Met at webinar', 'Open'));
			expect(first.error(NODE)).toBeUndefined();
			expect(valuesOf(learner.id)).toEqual({ Notes: 'Met at webinar', 'Task Status': 'Open' });
			expect(calls(bed.sandbox)).toContain(
				`POST /v1/domains/${bed.domain}/users/${learner.id}/signup-fields-bulk`,
			);

			bed.sandbox.clearRequests();
			const again = await bed.run(setNotesAndTasks(learner.id, 'Met at webinar', 'Open'));
			expect(calls(bed.sandbox).filter((call) => call.startsWith('POST'))).toEqual([]);
			expect(calls(bed.sandbox)).toContain(
				`GET /v1/domains/${bed.domain}/users/${learner.id}/signup-fields`,
			);
			expect(jsonOf(again)).toEqual([
				{ learner_id: learner.id, values: [], skipped_empty: [], unchanged: ['Notes', 'Task Status'] },
			]);

			bed.sandbox.clearRequests();
			const changed = await bed.run(setNotesAndTasks(learner.id, 'Met at webinar', 'Done'));
			const bulk = bed.sandbox.requests.filter((request) => request.path.endsWith('/signup-fields-bulk'));
			expect(bulk.map((request) => request.body)).toEqual([
				{ signup_fields: [{ id: fields['Task Status'], value: 'Done' }] },
			]);
			expect(jsonOf(changed)[0]).toMatchObject({
				values: [{ field_id: fields['Task Status'], label: 'Task Status', value: 'Done' }],
				unchanged: ['Notes'],
			});
			expect(valuesOf(learner.id)).toEqual({ Notes: 'Met at webinar', 'Task Status': 'Done' });
		});

		test('v2: the same values again send no write; a changed one is written alone', async () => {
			const learner = member();
			const byIds = (notes: string, tasks: string) => ({
				...setNotesAndTasks(learner.id, notes, tasks),
				values: {
					value: [
						{ field: fields.Notes, value: notes },
						{ field: fields['Task Status'], value: tasks },
					],
				},
			});
			await bed.run(byIds('Met at webinar', 'Open'), { api: 'v2' });
			expect(valuesOf(learner.id)).toEqual({ Notes: 'Met at webinar', 'Task Status': 'Open' });

			bed.sandbox.clearRequests();
			const again = await bed.run(byIds('Met at webinar', 'Open'), { api: 'v2' });
			expect(calls(bed.sandbox)).toEqual(['GET /v2/signup-field-values/']);
			expect(jsonOf(again)).toEqual([
				{ learner_id: learner.id, values: [], unchanged: [fields.Notes, fields['Task Status']] },
			]);

			bed.sandbox.clearRequests();
			await bed.run(byIds('Called back', 'Open'), { api: 'v2' });
			expect(bed.sandbox.requests.filter((request) => request.method === 'POST').map((request) => request.body)).toEqual([
				{
					student_id: learner.id,
					data: [{ type: 'signup-field-values', id: fields.Notes, attributes: { value: 'Called back' } }],
				},
			]);
			expect(valuesOf(learner.id)).toEqual({ Notes: 'Called back', 'Task Status': 'Open' });
		});
	});
});
