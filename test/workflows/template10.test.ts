// Template 10 (GHL note markers → Skilljar groups), run through n8n's engine as shipped: the GHL
// sandbox's own NoteCreate delivery goes through the template's GHL Trigger, the rest of the
// workflow runs against the GHL and Skilljar sandboxes, and the tests look at what Skilljar holds
// and what it was sent.
import type { Note } from '../../sandbox/ghl';
import { OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import {
	API_KEY_CREDENTIAL_ID,
	shareApiKeyCredential,
	startSkilljarTestBed,
	writes,
	type SkilljarTestBed,
} from '../harness/skilljar';
import { runTemplateOnGhlDelivery } from '../harness/templateRun';
import { loadTemplates } from '../harness/templates';

const template = loadTemplates().find((candidate) => candidate.key === '10')!;
const TRIGGER = 'GHL Note Created';
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };

describe('template 10: GHL note markers → Skilljar groups, in the engine', () => {
	let ghl: GhlTestBed;
	let skilljar: SkilljarTestBed;

	beforeAll(async () => {
		ghl = await startGhlTestBed({ ...FAST, oauthScopes: ['contacts.readonly'] });
		skilljar = await startSkilljarTestBed();
		shareApiKeyCredential(ghl.credentials, skilljar);
	});
	afterAll(async () => {
		await ghl?.close();
		await skilljar?.close();
	});

	/** HighLevel announces the note; the template's trigger takes the delivery; the workflow runs. */
	const deliver = async (note: Note, settings: Record<string, unknown> = {}) =>
		await runTemplateOnGhlDelivery({
			template,
			sandbox: ghl.sandbox,
			delivery: ghl.sandbox.webhooks.send('NoteCreate', note)[0],
			credentials: ghl.credentials,
			credentialIds: {
				ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' },
				skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' },
			},
			settings,
		});

	const contact = (firstName: string, lastName: string, email?: string) =>
		ghl.sandbox.store.createContact(ghl.locationId, { firstName, lastName, email });
	const note = (contactId: string, body: string) => ghl.sandbox.store.addNote(contactId, { body });
	const sophie = () =>
		ghl.sandbox.store
			.listContacts(ghl.locationId)
			.find((candidate) => candidate.email === 'sophie@example.com')!;
	const groupsOf = (email: string) => {
		const user = skilljar.sandbox.store.findUserByEmail(email);
		return user ? skilljar.sandbox.store.groupNamesOf(user.id).sort() : undefined;
	};

	test('each marker of the note puts the learner in its group, created when missing; the same note again writes nothing', async () => {
		contact('Sophie', 'Wilson', 'sophie@example.com');
		skilljar.sandbox.store.upsertDomainUser(skilljar.domain, { email: 'sophie@example.com' });
		skilljar.sandbox.store.addGroup({ name: 'Interest: ai' });
		const added = note(
			sophie().id,
			'Asked about #interest-AI and #Interest-data-science, again #interest-ai.',
		);
		skilljar.sandbox.clearRequests();

		const first = await deliver(added);
		expect(groupsOf('sophie@example.com')).toEqual(['Interest: ai', 'Interest: data-science']);
		expect(first.items('Markers in Note')).toEqual([
			expect.objectContaining({ markers: ['ai', 'data-science'] }),
		]);
		expect(first.items('Add to Marker Group')).toEqual([
			expect.objectContaining({ groups: ['Interest: ai'], added: ['Interest: ai'], created: [] }),
			expect.objectContaining({
				groups: ['Interest: data-science'],
				added: ['Interest: data-science'],
				created: ['Interest: data-science'],
			}),
		]);
		// Nothing else was written: one group made, two memberships (the markers run side by side).
		const groupId = (name: string) => skilljar.sandbox.store.findGroupByName(name)!.id;
		expect(
			writes(skilljar.sandbox)
				.map((request) => `${request.method} ${request.path}`)
				.sort(),
		).toEqual(
			[
				'POST /v1/groups',
				`POST /v1/groups/${groupId('Interest: ai')}/users`,
				`POST /v1/groups/${groupId('Interest: data-science')}/users`,
			].sort(),
		);

		// HighLevel delivers the same note again (a new webhook id): reads only.
		skilljar.sandbox.clearRequests();
		const again = await deliver(added);
		expect(again.items('Add to Marker Group')).toEqual([
			expect.objectContaining({ added: [], created: [] }),
			expect.objectContaining({ added: [], created: [] }),
		]);
		expect(writes(skilljar.sandbox)).toEqual([]);
		expect(groupsOf('sophie@example.com')).toEqual(['Interest: ai', 'Interest: data-science']);
	});

	test('a note without a marker stops at once: no request to HighLevel or Skilljar', async () => {
		const plain = note(sophie().id, 'Called, no answer. Interest in AI (no marker).');
		ghl.sandbox.clearRequests();
		skilljar.sandbox.clearRequests();

		const run = await deliver(plain);

		expect(run.items('Skip: No Markers')).toHaveLength(1);
		expect(run.ran()).not.toContain('Get Contact');
		expect(ghl.sandbox.requests.filter((request) => !request.path.startsWith('/oauth'))).toEqual(
			[],
		);
		expect(skilljar.sandbox.requests).toEqual([]);
	});

	test('a contact that is not a learner is skipped, or made one with createMissingLearners', async () => {
		const tim = contact('Tim', 'Berners-Lee', 'tim@example.com');
		const added = note(tim.id, '#interest-web');
		skilljar.sandbox.clearRequests();

		const skipped = await deliver(added);
		expect(skipped.items('Skip: Not a Learner')).toEqual([
			expect.objectContaining({ found: false, email: 'tim@example.com' }),
		]);
		expect(writes(skilljar.sandbox)).toEqual([]);
		expect(skilljar.sandbox.store.findUserByEmail('tim@example.com')).toBeUndefined();

		await deliver(added, { createMissingLearners: true });
		const learner = skilljar.sandbox.store.findUserByEmail('tim@example.com')!;
		expect(learner).toMatchObject({ first_name: 'Tim', last_name: 'Berners-Lee' });
		expect(groupsOf('tim@example.com')).toEqual(['Interest: web']);
	});

	test('with createMissingGroups off, a marker without a group adds nothing and says so', async () => {
		const added = note(sophie().id, '#interest-robotics');
		skilljar.sandbox.clearRequests();

		const run = await deliver(added, { createMissingGroups: false });

		expect(run.items('Add to Marker Group')).toEqual([
			expect.objectContaining({ missing: ['Interest: robotics'], added: [] }),
		]);
		expect(writes(skilljar.sandbox)).toEqual([]);
		expect(skilljar.sandbox.store.findGroupByName('Interest: robotics')).toBeUndefined();
	});

	test('a contact without an email is a skip; a contact HighLevel cannot find goes to the failure row', async () => {
		const nobody = contact('No', 'Email');
		const skipped = await deliver(note(nobody.id, '#interest-ai'));
		expect(skipped.items('Skip: No Email')).toEqual([expect.objectContaining({ id: nobody.id })]);

		const gone = contact('Gone', 'Soon', 'gone@example.com');
		const orphan = note(gone.id, '#interest-ai');
		ghl.sandbox.store.quietly(() => ghl.sandbox.store.deleteContact(gone.id));
		const failed = await deliver(orphan);
		expect(failed.items('Failed: Contact Not Read')).toEqual([
			expect.objectContaining({ error: expect.stringMatching(/HighLevel answered 40[04]/) }),
		]);
		expect(failed.ran()).not.toContain('Find Learner');
	});

	test("a Skilljar failure goes to its step's Failed node with the error", async () => {
		const added = note(sophie().id, `#interest-${'x'.repeat(120)}`);

		const run = await deliver(added);

		// A group name longer than Skilljar's 100 characters cannot be made.
		expect(run.items('Failed: Add to Group')).toEqual([
			expect.objectContaining({ error: expect.stringContaining('must have 1 to 100 characters') }),
		]);
	});

	test('its trigger listens to Note Created', () => {
		const trigger = template.workflow.nodes.find((node) => node.name === TRIGGER)!;
		expect(trigger.parameters.events).toEqual(['NoteCreate']);
	});
});
