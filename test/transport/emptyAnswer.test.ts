import type { NodeParameterValueType } from 'n8n-workflow';

import { byId as ghlId, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { course, OCH_NODE, startOchTestBed, type OchTestBed } from '../harness/och';
import { byId as learnerId, NODE as SKILLJAR_NODE, startSkilljarTestBed, type SkilljarTestBed } from '../harness/skilljar';

type Parameters = Record<string, NodeParameterValueType>;

/** Every request answers 200 `{}` (or the faults let the first `okFirst` requests through). */
const EMPTY_ANSWERS = { rate: { emptyAnswer: 1 } };

describe('a 200 without the expected body fails naming what was missing (HighLevel)', () => {
	let bed: GhlTestBed;
	const contact = ghlId('Contact0000000000001');

	beforeAll(async () => {
		bed = await startGhlTestBed();
		bed.sandbox.setFaults(EMPTY_ANSWERS);
	});
	afterAll(async () => await bed.close());

	test.each<[string, Parameters, string]>([
		['Contact → Get', { resource: 'contact', operation: 'get', contactId: contact }, '`contact`'],
		['Contact → Create', { resource: 'contact', operation: 'create', contactFields: { email: 'a@example.com' } }, '`contact`'],
		['Contact → Update', { resource: 'contact', operation: 'update', contactId: contact, updateFields: { firstName: 'A' } }, '`contact`'],
		['Contact → Create or Update', { resource: 'contact', operation: 'upsert', contactFields: { email: 'a@example.com' } }, '`contact`'],
		['Contact → Get Many', { resource: 'contact', operation: 'getMany', returnAll: false, limit: 5 }, '`contacts`'],
		['Contact → Search', { resource: 'contact', operation: 'search', returnAll: false, limit: 5 }, '`contacts`'],
		['Contact → Get Many by Business', { resource: 'contact', operation: 'getManyByBusiness', businessId: 'Business000000000001', returnAll: true }, '`contacts`'],
		['Task → Get', { resource: 'task', operation: 'get', contactId: contact, taskId: 'Task0000000000000001' }, '`task`'],
		['Task → Get Many', { resource: 'task', operation: 'getMany', contactId: contact, returnAll: true }, '`tasks`'],
		['Task → Create', { resource: 'task', operation: 'create', contactId: contact, title: 'T', dueDate: '2026-12-01T09:30:00Z' }, '`task`'],
		['Task → Update', { resource: 'task', operation: 'update', contactId: contact, taskId: 'Task0000000000000001', updateFields: { title: 'T' } }, '`task`'],
		['Task → Mark Completed', { resource: 'task', operation: 'markCompleted', contactId: contact, taskId: 'Task0000000000000001' }, '`task`'],
		['Note → Get', { resource: 'note', operation: 'get', contactId: contact, noteId: 'Note0000000000000001' }, '`note`'],
		['Note → Get Many', { resource: 'note', operation: 'getMany', contactId: contact, returnAll: true }, '`notes`'],
		['Note → Create', { resource: 'note', operation: 'create', contactId: contact, body: 'N' }, '`note`'],
		['Note → Update', { resource: 'note', operation: 'update', contactId: contact, noteId: 'Note0000000000000001', updateFields: { body: 'N' } }, '`note`'],
		['Tag → Add', { resource: 'tag', operation: 'add', contactId: contact, tags: 'vip' }, '`tags`'],
		['Tag → Remove', { resource: 'tag', operation: 'remove', contactId: contact, tags: 'vip' }, '`tags`'],
	])('%s', async (_name, parameters, missing) => {
		const result = await bed.run(parameters);
		expect(result.error('GHL Contacts')?.message).toBe(`HighLevel answered 200 without ${missing}`);
		expect(result.error('GHL Contacts')?.description).toContain('Check the API base URL in the credential');
	});

	test('Contact → Find Duplicate: an answer without `contact` is "none found" (HighLevel may omit it)', async () => {
		const result = await bed.run({ resource: 'contact', operation: 'findDuplicate', email: 'a@example.com' });
		expect(result.error('GHL Contacts')).toBeUndefined();
		expect(result.output('GHL Contacts')[0].json).toEqual({ found: false });
	});
});

describe('a 200 without the expected body fails naming what was missing (Skilljar)', () => {
	let bed: SkilljarTestBed;

	beforeAll(async () => {
		bed = await startSkilljarTestBed();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.setFaults(EMPTY_ANSWERS));

	test.each<[string, Parameters, 'v1' | 'v2', string]>([
		['Learner → Get (v1)', { resource: 'learner', operation: 'get', learner: learnerId('user0001') }, 'v1', '`user`'],
		['Learner → Get (v2)', { resource: 'learner', operation: 'get', learner: learnerId('user0001') }, 'v2', '`data`'],
		['Learner → Get Many (v2)', { resource: 'learner', operation: 'getMany', returnAll: true }, 'v2', '`data`'],
		['Course → Get Many (v2)', { resource: 'course', operation: 'getMany', returnAll: true }, 'v2', '`data`'],
		['Group → Get Many (v2)', { resource: 'group', operation: 'getMany', returnAll: true }, 'v2', '`data`'],
		['Learner → Create or Update (v2)', { resource: 'learner', operation: 'upsert', email: 'a@example.com' }, 'v2', '`data`'],
	])('%s', async (_name, parameters, api, missing) => {
		const result = await bed.run(parameters, { api });
		expect(result.error(SKILLJAR_NODE)?.message).toBe(`Skilljar answered 200 without ${missing}`);
	});
});

describe('a 200 without the expected body fails naming what was missing (OnlineCourseHost)', () => {
	let bed: OchTestBed;

	beforeAll(async () => {
		bed = await startOchTestBed();
		bed.sandbox.setFaults(EMPTY_ANSWERS);
	});
	afterAll(async () => await bed.close());

	test('Student → Enroll: no `status`, so nothing confirms the enrollment', async () => {
		const result = await bed.run({
			resource: 'student',
			operation: 'enroll',
			email: 'ada@example.com',
			firstName: 'Ada',
			courseId: course('rkUNIGXTgtrPCz130A2D'),
		});
		expect(result.error(OCH_NODE)?.message).toBe('OnlineCourseHost answered 200 without `status`');
	});

	test('Course → Get Many: no list', async () => {
		const result = await bed.run({ resource: 'course', operation: 'getMany' });
		expect(result.error(OCH_NODE)?.message).toBe('OnlineCourseHost answered the course list with something other than a list');
	});
});
