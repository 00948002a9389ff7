// Hostile node parameters for the action nodes: ids that would change which endpoint a request
// reaches (`/`, `..`, `?`, `#`), whitespace and control characters, very long strings, and
// malformed emails and phones. Each fails its item with an error that names the field, and no
// request reaches the service (the sandbox's request log stays empty). Values arrive the way most
// do in n8n, through an expression reading the input item, one item per value, with Continue On
// Fail on; a run of one good value then shows the same parameters do reach the API.
import type { IDataObject, NodeParameterValueType } from 'n8n-workflow';

import type { RunResult } from '../harness/engine';
import { apiRequests as ghlRequests, byId, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { course, OCH_NODE, startOchTestBed, type OchTestBed } from '../harness/och';
import {
	apiRequests as skilljarRequests,
	byEmail,
	byId as skilljarId,
	NODE as SKILLJAR_NODE,
	startSkilljarTestBed,
	type SkilljarTestBed,
} from '../harness/skilljar';

const GHL_NODE = 'GHL Contacts';
/** Where each item's value goes: an expression, as values usually arrive in n8n. */
const VALUE = '={{ $json.value }}';

const PROBLEMS = {
	reserved: 'must not contain "/", "\\", "?", "#" or "%"',
	spaces: 'must not contain spaces or line breaks',
	control: 'contains control characters',
	dots: 'must not be "." or ".."',
	empty: 'is empty',
	long: 'is longer than 128 characters',
} as const;
type Problem = keyof typeof PROBLEMS;

/** Ids no service has, each with the problem the node names. */
const BAD_IDS: ReadonlyArray<[string, string, Problem]> = [
	['a slash', 'abc/def', 'reserved'],
	['a path up', '../locations/other', 'reserved'],
	['two dots', '..', 'dots'],
	['one dot', '.', 'dots'],
	['a query string', 'abc?locationId=other', 'reserved'],
	['a fragment', 'abc#top', 'reserved'],
	['a backslash', 'abc\\..\\def', 'reserved'],
	['an encoded slash', 'abc%2Fdef', 'reserved'],
	['encoded dots', '%2e%2e', 'reserved'],
	['a space inside', 'abc def', 'spaces'],
	['a tab', 'abc\tdef', 'spaces'],
	['a line break', 'abc\ndef', 'spaces'],
	['CRLF and a header', 'abc\r\nX-Injected: 1', 'spaces'],
	['a Unicode line separator', 'abc\u2028def', 'spaces'],
	['a NUL', 'abc\u0000def', 'control'],
	['an escape sequence', 'abc\u001b[2Jdef', 'control'],
	['129 characters', 'a'.repeat(129), 'long'],
	['100,000 characters', 'a'.repeat(100_000), 'long'],
	['an empty value', '', 'empty'],
	['only spaces', '   ', 'empty'],
];

/** GHL takes ids as given: spaces at either end are an error too (Location ID, Skilljar and OCH trim them; an empty Location ID means the credential's). */
const EDGE_SPACES: ReadonlyArray<[string, string, Problem]> = [
	['a leading space', ' abc', 'spaces'],
	['a trailing line break', 'abc\n', 'spaces'],
];

const BAD_EMAILS: ReadonlyArray<[string, string]> = [
	['no @', 'ada.example.com'],
	['nothing before the @', '@example.com'],
	['nothing after the @', 'ada@'],
	['no dot in the domain', 'ada@example'],
	['a one-letter top-level domain', 'ada@example.c'],
	['a space inside', 'ada lovelace@example.com'],
	['a space in the domain', 'ada@exam ple.com'],
	['two @', 'ada@@example.com'],
	['two addresses', 'ada@example.com,bob@example.com'],
	['a semicolon list', 'ada@example.com;bob@example.com'],
	['a display name', 'Ada <ada@example.com>'],
	['quotes', '"ada"@example.com'],
	['a header injection', 'ada@example.com\r\nBcc: all@example.com'],
	['a NUL', 'ada\u0000@example.com'],
	['an escape sequence', 'ada\u001b[31m@example.com'],
	['longer than 254 characters', `${'a'.repeat(250)}@example.com`],
];

const BAD_PHONES: ReadonlyArray<[string, string]> = [
	['too few digits', '12345'],
	['words', 'call me'],
	['no country code', '4155550123'],
	['a country code starting with 0', '+0123456789'],
	['too many digits', '+1415555012345678'],
	['two plus signs', '++14155550123'],
	['a letter inside', '+1415555012a'],
	['an extension', '+1 (415) 555-0123 ext 5'],
	['full-width digits', '+１４１５５５５０１２３'],
	['a NUL inside', '+1415\u00005550123'],
	['a plus sign alone', '+'],
];

interface FieldCase {
	/** Resource → operation, and the parameter. */
	what: string;
	/** How errors name the field. */
	label: string;
	/** The node's parameters, with VALUE in the field under test. */
	parameters: () => Record<string, NodeParameterValueType>;
	/** A value that works, to show these parameters reach the API. */
	valid: () => string;
	/** The values tried and the message each must fail with. */
	bad: ReadonlyArray<[string, string, string]>;
}

function idValues(label: string, values: ReadonlyArray<[string, string, Problem]>, emptyMessage?: string): Array<[string, string, string]> {
	return values.map(([what, value, problem]) => [what, value, problem === 'empty' && emptyMessage ? emptyMessage : `${label} ${PROBLEMS[problem]}`]);
}

/** Emails and phones: the message names the field and quotes (the start of) the value. */
function valuePattern(label: string, kind: 'email' | 'phone'): string {
	return `${label} "…" is not a valid ${kind === 'email' ? 'email address' : 'phone number'}`;
}

function messageMatches(expected: string, actual: unknown): boolean {
	if (!expected.includes('"…"')) return actual === expected;
	const [before, after] = expected.split('"…"');
	return typeof actual === 'string' && actual.startsWith(`${before}"`) && actual.endsWith(`"${after}`);
}

/**
 * Every bad value fails its own item with the expected message, nothing reaches the service, and
 * one good value through the same parameters does.
 */
async function expectRejectedBeforeAnyRequest(
	field: FieldCase,
	run: (parameters: Record<string, NodeParameterValueType>, items: IDataObject[], continueOnFail: boolean) => Promise<RunResult>,
	node: string,
	requests: () => unknown[],
	clearRequests: () => void,
): Promise<void> {
	clearRequests();
	const result = await run(field.parameters(), field.bad.map(([, value]) => ({ value })), true);
	const output = result.output(node).map((item) => (item.json.error as IDataObject | undefined)?.message);
	const mismatches = field.bad
		.map(([what, , message], index) => ({ what, expected: message, actual: output[index] }))
		.filter(({ expected, actual }) => !messageMatches(expected, actual));
	expect(mismatches).toEqual([]);
	expect(output).toHaveLength(field.bad.length);
	expect(requests()).toEqual([]);

	// Without Continue On Fail the node stops with an error that names the field and says where.
	const [, firstValue, firstMessage] = field.bad[0];
	const stopped = await run(field.parameters(), [{ value: firstValue }], false);
	const error = stopped.error(node);
	expect({ message: error?.message, matches: messageMatches(firstMessage, error?.message) }).toMatchObject({ matches: true });
	// …and says how to fix it.
	expect(String(error?.description ?? '').length).toBeGreaterThan(10);
	expect(requests()).toEqual([]);

	const good = await run(field.parameters(), [{ value: field.valid() }], false);
	expect(good.error(node)?.message).toBeUndefined();
	expect(requests().length).toBeGreaterThan(0);
}

describe('GHL Contacts: hostile parameters fail naming the field, before any request', () => {
	let bed: GhlTestBed;
	let contactId: string;
	let taskId: string;
	let noteId: string;
	let workflowId: string;
	let campaignId: string;
	const businessId = 'biz-hostile-0001';
	let unique = 0;

	beforeAll(async () => {
		bed = await startGhlTestBed({ rateLimit: { max: 10_000, intervalMs: 10_000 } });
		contactId = bed.sandbox.store.addContact({ firstName: 'Ada', email: 'ada@example.com' }).id;
		taskId = bed.sandbox.store.addTask(contactId, { title: 'Call back', dueDate: '2030-01-01T09:00:00.000Z', completed: false }).id;
		noteId = bed.sandbox.store.addNote(contactId, { body: 'Asked about the spring cohort' }).id;
		bed.sandbox.store.addBusiness({ id: businessId, locationId: bed.locationId, name: 'Acme' });
		bed.sandbox.seed({});
		workflowId = bed.sandbox.store.automation.listWorkflows(bed.locationId)[0].id;
		campaignId = bed.sandbox.store.automation.listCampaigns(bed.locationId)[0].id;
	});
	afterAll(async () => await bed.close());

	const ids = (label: string) => idValues(label, [...BAD_IDS, ...EDGE_SPACES]);
	const contact = () => contactId;
	const throwaway = () => bed.sandbox.store.addContact({ firstName: 'Throwaway' }).id;
	const email = () => `ghl.${++unique}@example.com`;
	const phone = () => `+1415555${String(1000 + ++unique).slice(-4)}`;
	const emails = BAD_EMAILS.map(([what, value]): [string, string, string] => [what, value, valuePattern('Email', 'email')]);
	const phones = BAD_PHONES.map(([what, value]): [string, string, string] => [what, value, valuePattern('Phone', 'phone')]);

	const fields: FieldCase[] = [
		{ what: 'Contact → Get: Contact', label: 'Contact', parameters: () => ({ resource: 'contact', operation: 'get', contactId: byId(VALUE) }), valid: contact, bad: ids('Contact') },
		{ what: 'Contact → Update: Contact', label: 'Contact', parameters: () => ({ resource: 'contact', operation: 'update', contactId: byId(VALUE), updateFields: { firstName: 'Ada' } }), valid: contact, bad: ids('Contact') },
		{ what: 'Contact → Delete: Contact', label: 'Contact', parameters: () => ({ resource: 'contact', operation: 'delete', contactId: byId(VALUE) }), valid: throwaway, bad: ids('Contact') },
		{ what: 'Contact → Get Many by Business: Business ID', label: 'Business ID', parameters: () => ({ resource: 'contact', operation: 'getManyByBusiness', businessId: VALUE }), valid: () => businessId, bad: ids('Business ID') },
		{ what: 'Contact → Get Many: Location ID', label: 'Location ID', parameters: () => ({ resource: 'contact', operation: 'getMany', locationId: VALUE, limit: 1 }), valid: () => bed.locationId, bad: idValues('Location ID', BAD_IDS).filter(([, value]) => value.trim() !== '') },
		{ what: 'Task → Get Many: Contact', label: 'Contact', parameters: () => ({ resource: 'task', operation: 'getMany', contactId: byId(VALUE) }), valid: contact, bad: ids('Contact') },
		{ what: 'Task → Get: Task ID', label: 'Task ID', parameters: () => ({ resource: 'task', operation: 'get', contactId: byId(contactId), taskId: VALUE }), valid: () => taskId, bad: ids('Task ID') },
		{ what: 'Task → Update: Task ID', label: 'Task ID', parameters: () => ({ resource: 'task', operation: 'update', contactId: byId(contactId), taskId: VALUE, updateFields: { title: 'Call back soon' } }), valid: () => taskId, bad: ids('Task ID') },
		{ what: 'Task → Mark Completed: Task ID', label: 'Task ID', parameters: () => ({ resource: 'task', operation: 'markCompleted', contactId: byId(contactId), taskId: VALUE }), valid: () => taskId, bad: ids('Task ID') },
		{ what: 'Task → Delete: Task ID', label: 'Task ID', parameters: () => ({ resource: 'task', operation: 'delete', contactId: byId(contactId), taskId: VALUE }), valid: () => bed.sandbox.store.addTask(contactId, { title: 'x', dueDate: '2030-01-01T09:00:00.000Z', completed: false }).id, bad: ids('Task ID') },
		{ what: 'Note → Get: Note ID', label: 'Note ID', parameters: () => ({ resource: 'note', operation: 'get', contactId: byId(contactId), noteId: VALUE }), valid: () => noteId, bad: ids('Note ID') },
		{ what: 'Note → Update: Note ID', label: 'Note ID', parameters: () => ({ resource: 'note', operation: 'update', contactId: byId(contactId), noteId: VALUE, updateFields: { body: 'Paid' } }), valid: () => noteId, bad: ids('Note ID') },
		{ what: 'Note → Delete: Note ID', label: 'Note ID', parameters: () => ({ resource: 'note', operation: 'delete', contactId: byId(contactId), noteId: VALUE }), valid: () => bed.sandbox.store.addNote(contactId, { body: 'x' }).id, bad: ids('Note ID') },
		{ what: 'Note → Create: Contact', label: 'Contact', parameters: () => ({ resource: 'note', operation: 'create', contactId: byId(VALUE), body: 'Called back' }), valid: contact, bad: ids('Contact') },
		{ what: 'Tag → Add: Contact', label: 'Contact', parameters: () => ({ resource: 'tag', operation: 'add', contactId: byId(VALUE), tags: 'vip' }), valid: contact, bad: ids('Contact') },
		{ what: 'Tag → Remove: Contact', label: 'Contact', parameters: () => ({ resource: 'tag', operation: 'remove', contactId: byId(VALUE), tags: 'vip' }), valid: contact, bad: ids('Contact') },
		{ what: 'Workflow → Add Contact: Contact', label: 'Contact', parameters: () => ({ resource: 'workflow', operation: 'add', contactId: byId(VALUE), workflowId: byId(workflowId) }), valid: contact, bad: ids('Contact') },
		{ what: 'Workflow → Add Contact: Workflow', label: 'Workflow', parameters: () => ({ resource: 'workflow', operation: 'add', contactId: byId(contactId), workflowId: byId(VALUE) }), valid: () => workflowId, bad: ids('Workflow') },
		{ what: 'Workflow → Remove Contact: Workflow', label: 'Workflow', parameters: () => ({ resource: 'workflow', operation: 'remove', contactId: byId(contactId), workflowId: byId(VALUE) }), valid: () => workflowId, bad: ids('Workflow') },
		{ what: 'Campaign → Add Contact: Campaign', label: 'Campaign', parameters: () => ({ resource: 'campaign', operation: 'add', contactId: byId(contactId), campaignId: byId(VALUE) }), valid: () => campaignId, bad: ids('Campaign') },
		{ what: 'Campaign → Remove Contact: Campaign', label: 'Campaign', parameters: () => ({ resource: 'campaign', operation: 'remove', contactId: byId(contactId), campaignId: byId(VALUE) }), valid: () => campaignId, bad: ids('Campaign') },
		{ what: 'Campaign → Remove From All Campaigns: Contact', label: 'Contact', parameters: () => ({ resource: 'campaign', operation: 'removeAll', contactId: byId(VALUE) }), valid: contact, bad: ids('Contact') },
		{ what: 'Follower → Add: Contact', label: 'Contact', parameters: () => ({ resource: 'follower', operation: 'add', contactId: byId(VALUE), followers: ['SandboxUser000000001'] }), valid: contact, bad: ids('Contact') },
		{ what: 'Follower → Remove: Contact', label: 'Contact', parameters: () => ({ resource: 'follower', operation: 'remove', contactId: byId(VALUE), followers: ['SandboxUser000000001'] }), valid: contact, bad: ids('Contact') },
		{ what: 'Tag → Add to Many Contacts: Contact', label: 'Contact', parameters: () => ({ resource: 'tag', operation: 'addBulk', contactId: byId(VALUE), tags: 'vip' }), valid: contact, bad: ids('Contact') },
		{ what: 'Tag → Remove From Many Contacts: Contact', label: 'Contact', parameters: () => ({ resource: 'tag', operation: 'removeBulk', contactId: byId(VALUE), tags: 'vip' }), valid: contact, bad: ids('Contact') },
		{ what: 'Business → Add Contacts: Contact', label: 'Contact', parameters: () => ({ resource: 'business', operation: 'addContacts', businessId, contactId: byId(VALUE) }), valid: contact, bad: ids('Contact') },
		{ what: 'Business → Add Contacts: Business ID', label: 'Business ID', parameters: () => ({ resource: 'business', operation: 'addContacts', businessId: VALUE, contactId: byId(contactId) }), valid: () => businessId, bad: ids('Business ID') },
		{ what: 'Business → Remove Contacts: Contact', label: 'Contact', parameters: () => ({ resource: 'business', operation: 'removeContacts', contactId: byId(VALUE) }), valid: contact, bad: ids('Contact') },
		{ what: 'Appointment → Get Many: Contact', label: 'Contact', parameters: () => ({ resource: 'appointment', operation: 'getMany', contactId: byId(VALUE) }), valid: contact, bad: ids('Contact') },
		{ what: 'Contact → Create: Email', label: 'Email', parameters: () => ({ resource: 'contact', operation: 'create', contactFields: { firstName: 'Ada', email: VALUE } }), valid: email, bad: emails },
		{ what: 'Contact → Create or Update: Email', label: 'Email', parameters: () => ({ resource: 'contact', operation: 'upsert', contactFields: { email: VALUE } }), valid: email, bad: emails },
		{ what: 'Contact → Update: Email', label: 'Email', parameters: () => ({ resource: 'contact', operation: 'update', contactId: byId(contactId), updateFields: { email: VALUE } }), valid: email, bad: emails },
		{ what: 'Contact → Find Duplicate: Email', label: 'Email', parameters: () => ({ resource: 'contact', operation: 'findDuplicate', email: VALUE }), valid: email, bad: emails },
		{ what: 'Contact → Create: Phone', label: 'Phone', parameters: () => ({ resource: 'contact', operation: 'create', contactFields: { firstName: 'Ada', phone: VALUE } }), valid: phone, bad: phones },
		{ what: 'Contact → Create or Update: Phone', label: 'Phone', parameters: () => ({ resource: 'contact', operation: 'upsert', contactFields: { phone: VALUE } }), valid: phone, bad: phones },
		{ what: 'Contact → Update: Phone', label: 'Phone', parameters: () => ({ resource: 'contact', operation: 'update', contactId: byId(contactId), updateFields: { phone: VALUE } }), valid: phone, bad: phones },
		{ what: 'Contact → Find Duplicate: Phone', label: 'Phone', parameters: () => ({ resource: 'contact', operation: 'findDuplicate', phone: VALUE }), valid: phone, bad: phones },
	];

	test.each(fields.map((field) => [field.what, field.bad.length, field] as const))('%s: %i hostile values', async (_what, _count, field) => {
		await expectRejectedBeforeAnyRequest(
			field,
			async (parameters, items, continueOnFail) => await bed.run(parameters, { items, continueOnFail }),
			GHL_NODE,
			() => ghlRequests(bed.sandbox),
			() => bed.sandbox.clearRequests(),
		);
	});
});

describe('Skilljar: hostile parameters fail naming the field, before any request', () => {
	let bed: SkilljarTestBed;
	let learnerId: string;
	/** A learner whose email the Update case may change (Ada's stays, for lookups by email). */
	let renamedId: string;
	let publishedCourseId: string;
	let groupId: string;
	let unique = 0;

	beforeAll(async () => {
		bed = await startSkilljarTestBed();
		const store = bed.sandbox.store;
		publishedCourseId = store.addPublishedCourse('Algebra').id;
		learnerId = store.upsertDomainUser(bed.domain, { email: 'ada@example.com', first_name: 'Ada' }).user.id;
		store.enroll(learnerId, publishedCourseId);
		renamedId = store.upsertDomainUser(bed.domain, { email: 'grace@example.com', first_name: 'Grace' }).user.id;
		groupId = store.addGroup({ name: 'Customers' }).id;
	});
	afterAll(async () => await bed.close());

	// Skilljar's fields trim their values, so spaces at either end are not an error there; a value
	// with "@" in a Learner field is taken as an email, so none of these has one.
	const learnerIds = idValues('Learner ID', BAD_IDS, 'Learner is empty');
	const courseIds = idValues('Published Course', BAD_IDS);
	const groupIds = idValues('Group', BAD_IDS, 'Group is empty');
	const learner = () => learnerId;
	const email = () => `skilljar.${++unique}@example.com`;
	const emails = (label: string) => BAD_EMAILS.map(([what, value]): [string, string, string] => [what, value, valuePattern(label, 'email')]);

	const fields: FieldCase[] = [
		{ what: 'Learner → Get: Learner (by ID)', label: 'Learner ID', parameters: () => ({ resource: 'learner', operation: 'get', learner: skilljarId(VALUE) }), valid: learner, bad: learnerIds },
		{ what: 'Learner → Update: Learner (by ID)', label: 'Learner ID', parameters: () => ({ resource: 'learner', operation: 'update', learner: skilljarId(VALUE), updateFields: { firstName: 'Ada' } }), valid: learner, bad: learnerIds },
		{ what: 'Learner → Deactivate: Learner (by ID)', label: 'Learner ID', parameters: () => ({ resource: 'learner', operation: 'deactivate', learner: skilljarId(VALUE) }), valid: learner, bad: learnerIds },
		{ what: 'Learner → Send Invite: Learner (by ID)', label: 'Learner ID', parameters: () => ({ resource: 'learner', operation: 'sendInvite', learner: skilljarId(VALUE), sendEmail: false }), valid: learner, bad: learnerIds },
		{ what: 'Progress → Get: Learner (by ID)', label: 'Learner ID', parameters: () => ({ resource: 'progress', operation: 'get', learner: skilljarId(VALUE) }), valid: learner, bad: learnerIds },
		{ what: 'Enrollment → Enroll: Published Course', label: 'Published Course', parameters: () => ({ resource: 'enrollment', operation: 'enroll', email: 'ada@example.com', publishedCourseId: VALUE }), valid: () => publishedCourseId, bad: courseIds },
		{ what: 'Enrollment → Get Many (by course): Published Course', label: 'Published Course', parameters: () => ({ resource: 'enrollment', operation: 'getMany', by: 'course', publishedCourseId: VALUE }), valid: () => publishedCourseId, bad: courseIds },
		{ what: 'Enrollment → Unenroll: Published Course', label: 'Published Course', parameters: () => ({ resource: 'enrollment', operation: 'unenroll', learner: skilljarId(learnerId), publishedCourseId: VALUE }), valid: () => publishedCourseId, bad: courseIds },
		{ what: 'Group → Add Learner: Group (by ID)', label: 'Group', parameters: () => ({ resource: 'group', operation: 'addLearner', group: skilljarId(VALUE), learner: skilljarId(learnerId) }), valid: () => groupId, bad: groupIds },
		{ what: 'Group → Remove Learner: Group (by ID)', label: 'Group', parameters: () => ({ resource: 'group', operation: 'removeLearner', group: skilljarId(VALUE), learner: skilljarId(learnerId) }), valid: () => groupId, bad: groupIds },
		{ what: 'Learner → Create or Update: Email', label: 'Email', parameters: () => ({ resource: 'learner', operation: 'upsert', email: VALUE, firstName: 'Ada' }), valid: email, bad: emails('Email') },
		{ what: 'Learner → Find by Email: Email', label: 'Email', parameters: () => ({ resource: 'learner', operation: 'findByEmail', email: VALUE }), valid: email, bad: emails('Email') },
		{ what: 'Learner → Update: Email', label: 'Email', parameters: () => ({ resource: 'learner', operation: 'update', learner: skilljarId(renamedId), updateFields: { email: VALUE } }), valid: email, bad: emails('Email') },
		{ what: 'Enrollment → Enroll: Email', label: 'Email', parameters: () => ({ resource: 'enrollment', operation: 'enroll', email: VALUE, publishedCourseId }), valid: email, bad: emails('Email') },
		{ what: 'Learner → Get: Learner (by email)', label: 'Learner email', parameters: () => ({ resource: 'learner', operation: 'get', learner: byEmail(VALUE) }), valid: () => 'ada@example.com', bad: emails('Learner email') },
	];

	test.each(fields.map((field) => [field.what, field.bad.length, field] as const))('%s: %i hostile values', async (_what, _count, field) => {
		await expectRejectedBeforeAnyRequest(
			field,
			async (parameters, items, continueOnFail) => await bed.run(parameters, { items, continueOnFail }),
			SKILLJAR_NODE,
			() => skilljarRequests(bed.sandbox),
			() => bed.sandbox.clearRequests(),
		);
	});
});

describe('OnlineCourseHost: hostile parameters fail naming the field, before any request', () => {
	let bed: OchTestBed;
	let unique = 0;

	beforeAll(async () => {
		bed = await startOchTestBed();
	});
	afterAll(async () => await bed.close());

	const COURSE_ID = 'rkUNIGXTgtrPCz130A2D';
	// OCH's course id travels in the JSON body, not the URL, but it is still an id: the same
	// values are refused, in the node's own words for a course.
	const notACourse = 'Course "…" is not a course ID';
	const courseIds: Array<[string, string, string]> = BAD_IDS.filter(([, value]) => value.trim() !== '').map(([what, value, problem]) => [
		what,
		value,
		problem === 'long' ? 'Course ID is longer than 128 characters' : notACourse,
	]);
	courseIds.push(['an empty value', '', 'Course is empty'], ['only spaces', '   ', 'Course is empty']);

	const fields: FieldCase[] = [
		{
			what: 'Student → Enroll in Course: Email',
			label: 'Email',
			parameters: () => ({ resource: 'student', operation: 'enroll', email: VALUE, firstName: 'Ada', courseId: course(COURSE_ID) }),
			valid: () => `och.${++unique}@example.com`,
			bad: BAD_EMAILS.map(([what, value]): [string, string, string] => [what, value, valuePattern('Email', 'email')]),
		},
		{
			what: 'Student → Enroll in Course: Course (by ID)',
			label: 'Course',
			parameters: () => ({ resource: 'student', operation: 'enroll', email: 'ada@example.com', firstName: 'Ada', courseId: course(VALUE) }),
			valid: () => COURSE_ID,
			bad: courseIds,
		},
	];

	test.each(fields.map((field) => [field.what, field.bad.length, field] as const))('%s: %i hostile values', async (_what, _count, field) => {
		await expectRejectedBeforeAnyRequest(
			field,
			async (parameters, items, continueOnFail) => await bed.run(parameters, { items, continueOnFail }),
			OCH_NODE,
			() => bed.sandbox.requests,
			() => bed.sandbox.clearRequests(),
		);
	});
});
