import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { contactLocator, idField } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';

const properties: INodeProperties[] = [
	contactLocator(),
	{ ...idField('taskId', 'Task ID', 'e.g. lJpzYrWdpkC2hX6t2yue'), description: 'The task to get' },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const taskId = this.getNodeParameter('taskId', itemIndex, '') as string;
	const { task } = await ghlRequest<{ task: IDataObject }>(this, conn, {
		method: 'GET',
		path: '/contacts/{contactId}/tasks/{taskId}',
		pathParams: {
			contactId: { label: 'Contact', value: contactId },
			taskId: { label: 'Task ID', value: taskId },
		},
		itemIndex,
	});
	return [{ json: task }];
}
