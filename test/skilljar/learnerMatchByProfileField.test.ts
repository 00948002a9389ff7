// Learner → Create or Update with "Match by Profile Field": the learner who carries a CRM's contact
// id is found by it first, so an email changed in the CRM changes that learner's email instead of
// making a second learner (issue 15, point 4).
import {
	calls,
	jsonOf,
	NODE,
	startSkilljarTestBed,
	type SkilljarTestBed,
} from '../harness/skilljar';

describe('Learner → Create or Update, Match by Profile Field', () => {
	let bed: SkilljarTestBed;
	let crmField: string;

	beforeAll(async () => {
		bed = await startSkilljarTestBed({ seed: { signupFields: true } });
		crmField = bed.sandbox.store
			.listSignupFields(bed.domain)
			.find((field) => field.label === 'CRM Contact ID')!.id;
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const store = () => bed.sandbox.store;
	let counter = 0;
	const uniqueEmail = (label: string) => `${label}.${++counter}@example.com`;
	/** A learner of the default domain whose CRM Contact ID is `contactId`. */
	const learnerWithContactId = (contactId: string, email = uniqueEmail('old')) => {
		const { user, member } = store().upsertDomainUser(bed.domain, {
			email,
			first_name: 'Ada',
			last_name: 'Lovelace',
		});
		member.values.set(crmField, contactId);
		return user;
	};
	const upsert = (
		email: string,
		field: string,
		value: string,
		api: 'v1' | 'v2' = 'v1',
		names: { firstName?: string; lastName?: string } = {},
	) =>
		bed.run(
			{
				resource: 'learner',
				operation: 'upsert',
				email,
				...names,
				options: { matchByProfileField: { match: { field, value } } },
			},
			{ api },
		);

	describe('v1', () => {
		test('an email changed in the CRM changes the email of the learner with that contact id: no second learner', async () => {
			const learner = learnerWithContactId('contact-1');
			const usersBefore = store().listUsers().length;
			const email = uniqueEmail('new');

			const result = await upsert(email, 'CRM Contact ID', 'contact-1', 'v1', {
				firstName: 'Augusta',
			});

			expect(result.error(NODE)).toBeUndefined();
			expect(store().listUsers()).toHaveLength(usersBefore);
			expect(store().getUser(learner.id)).toMatchObject({ email, first_name: 'Augusta' });
			expect(calls(bed.sandbox)).toEqual([
				`GET /v1/domains/${bed.domain}/signup-fields`,
				`GET /v1/domains/${bed.domain}/users`,
				'GET /v1/users',
				`PATCH /v1/users/${learner.id}`,
			]);
			expect(bed.sandbox.requests[1].query).toMatchObject({
				signup_field_id: crmField,
				signup_field_value: 'contact-1',
			});
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({
					id: learner.id,
					email,
					first_name: 'Augusta',
					matched_by: 'profileField',
					email_updated: true,
					names_updated: true,
				}),
			]);
		});

		test('the same email again changes nothing (found by the field, no write)', async () => {
			const email = uniqueEmail('same');
			const learner = learnerWithContactId('contact-2', email);
			const result = await upsert(email, 'crm contact id', 'contact-2');
			expect(result.error(NODE)).toBeUndefined();
			expect(calls(bed.sandbox).filter((call) => !call.startsWith('GET'))).toEqual([]);
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({
					id: learner.id,
					matched_by: 'profileField',
					email_updated: false,
				}),
			]);
		});

		test('no learner with the value: found or created by email as before', async () => {
			const email = uniqueEmail('fresh');
			const result = await upsert(email, 'CRM Contact ID', 'contact-unknown');
			expect(result.error(NODE)).toBeUndefined();
			expect(store().findUserByEmail(email)).toBeDefined();
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({ email, matched_by: 'email', email_updated: false }),
			]);
		});

		test('an empty value or a field not created in Skilljar matches by email, without failing', async () => {
			const email = uniqueEmail('nofield');
			const empty = await upsert(email, 'CRM Contact ID', '');
			expect(empty.error(NODE)).toBeUndefined();
			expect(calls(bed.sandbox)).toEqual([`POST /v1/domains/${bed.domain}/users`]);
			const missing = await upsert(email, 'Not A Field', 'contact-3');
			expect(missing.error(NODE)).toBeUndefined();
			expect(jsonOf(missing)).toEqual([expect.objectContaining({ email, matched_by: 'email' })]);
		});

		test('a new email that belongs to another learner fails naming both, and changes nothing', async () => {
			const learner = learnerWithContactId('contact-4');
			const other = store().upsertDomainUser(bed.domain, { email: uniqueEmail('taken') }).user;
			const result = await upsert(other.email, 'CRM Contact ID', 'contact-4');
			expect(result.error(NODE)?.message).toBe(
				`The learner with CRM Contact ID "contact-4" (${learner.email}) cannot take the email ${other.email}: another learner has it`,
			);
			expect(store().getUser(learner.id)?.email).toBe(learner.email);
			expect(calls(bed.sandbox).filter((call) => !call.startsWith('GET'))).toEqual([]);
		});
	});

	describe('v2 (field by ID)', () => {
		test('the learner with the value and the same email is updated, not duplicated', async () => {
			const email = uniqueEmail('v2same');
			const learner = learnerWithContactId('contact-5', email);
			const result = await upsert(email, crmField, 'contact-5', 'v2', { lastName: 'King' });
			expect(result.error(NODE)).toBeUndefined();
			expect(store().getUser(learner.id)).toMatchObject({ last_name: 'King' });
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({
					id: learner.id,
					matched_by: 'profileField',
					names_updated: true,
				}),
			]);
		});

		test('an email change says that v2 cannot change emails, and changes nothing', async () => {
			const learner = learnerWithContactId('contact-6');
			const usersBefore = store().listUsers().length;
			const result = await upsert(uniqueEmail('v2new'), crmField, 'contact-6', 'v2');
			expect(result.error(NODE)?.message).toBe(
				`The learner with profile field ${crmField} "contact-6" has the email ${learner.email}; the OAuth2 (v2) credential cannot change emails`,
			);
			expect(store().listUsers()).toHaveLength(usersBefore);
		});

		test('no learner with the value: created by email', async () => {
			const email = uniqueEmail('v2fresh');
			const result = await upsert(email, crmField, 'contact-none', 'v2');
			expect(result.error(NODE)).toBeUndefined();
			expect(store().findUserByEmail(email)).toBeDefined();
			expect(jsonOf(result)).toEqual([expect.objectContaining({ email, matched_by: 'email' })]);
		});
	});
});
