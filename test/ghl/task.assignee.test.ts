import type { INodeProperties } from 'n8n-workflow';

import { GhlContacts } from '../../nodes/GhlContacts/GhlContacts.node';
import { apiRequests, byId, startGhlTestBed, type GhlTestBed } from '../harness/ghl';

const NODE = 'GHL Contacts';
const ADAM = 'SandboxUser000000002';

/** The Assigned To option of a task operation's collection, as the editor sees it. */
function assignedToOf(operation: 'create' | 'update'): INodeProperties | undefined {
	const collection = new GhlContacts().description.properties.find(
		(property) => property.name === (operation === 'create' ? 'additionalFields' : 'updateFields') && property.displayOptions?.show?.operation?.includes(operation) && property.displayOptions?.show?.resource?.includes('task'),
	);
	return (collection?.options as INodeProperties[] | undefined)?.find((option) => option.name === 'assignedTo');
}

describe('Task Assigned To: a user picker that still takes the plain ids of older workflows', () => {
	let bed: GhlTestBed;
	let contactId: string;

	beforeAll(async () => {
		bed = await startGhlTestBed();
		bed.sandbox.seed({});
		contactId = bed.sandbox.store.addContact({ firstName: 'Ada' }).id;
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const create = (assignedTo: unknown, items?: object[]) =>
		bed.run(
			{
				resource: 'task',
				operation: 'create',
				contactId: byId(contactId),
				title: 'Call back',
				dueDate: '2026-12-01T09:30:00Z',
				additionalFields: { assignedTo } as never,
			},
			{ items: items as never },
		);
	const sentAssignee = () => (apiRequests(bed.sandbox)[0].body as { assignedTo?: string }).assignedTo;

	test.each(['create', 'update'] as const)('on %s it is a resource locator named assignedTo, From List (searchUsers) or By ID', (operation) => {
		const field = assignedToOf(operation);
		expect(field).toMatchObject({ name: 'assignedTo', displayName: 'Assigned To', type: 'resourceLocator' });
		expect(field?.modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([
			['list', 'searchUsers'],
			['id', undefined],
		]);
	});

	test.each([
		['picked from the list', { __rl: true, mode: 'list', value: ADAM, cachedResultName: 'Adam Admin (adam.admin@example.com)' }],
		['typed By ID', byId(ADAM)],
		['By ID from an expression', byId('={{ $json.owner }}')],
		['a plain string, as workflows saved before the picker hold it', ADAM],
	])('a user %s is sent as the user id and stored on the task', async (_how, assignedTo) => {
		const result = await create(assignedTo, [{ owner: ADAM }]);
		expect(result.error(NODE)).toBeUndefined();
		expect(sentAssignee()).toBe(ADAM);
		expect(bed.sandbox.store.getTask(contactId, String(result.output(NODE)[0].json.id))?.assignedTo).toBe(ADAM);
	});

	test.each([
		['an empty picker', { __rl: true, mode: 'list', value: '' }],
		['an empty old string', ''],
	])('%s assigns nobody (no assignedTo sent)', async (_how, assignedTo) => {
		await create(assignedTo);
		expect(apiRequests(bed.sandbox)).toHaveLength(1);
		expect(sentAssignee()).toBeUndefined();
	});

	test('Update changes the assignee from the picker, and from an old plain string', async () => {
		const task = bed.sandbox.store.addTask(contactId, { title: 'Check enrolment', dueDate: '2026-11-20T10:00:00.000Z', completed: false, assignedTo: 'SandboxUser000000001' });
		for (const [assignedTo, expected] of [
			[byId(ADAM), ADAM],
			['SandboxUser000000003', 'SandboxUser000000003'],
		] as const) {
			bed.sandbox.clearRequests();
			const result = await bed.run({ resource: 'task', operation: 'update', contactId: byId(contactId), taskId: task.id, updateFields: { assignedTo } as never });
			expect(result.error(NODE)).toBeUndefined();
			expect(apiRequests(bed.sandbox)[0].body).toEqual({ assignedTo: expected });
			expect(bed.sandbox.store.getTask(contactId, task.id)?.assignedTo).toBe(expected);
		}
	});
});
