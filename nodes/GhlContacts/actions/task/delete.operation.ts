import {
	NodeApiError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { contactLocator, idField } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';

const properties: INodeProperties[] = [
	contactLocator(),
	{ ...idField('taskId', 'Task ID', 'e.g. lJpzYrWdpkC2hX6t2yue'), description: 'The task to delete' },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', { extractValue: true }) as string;
	const taskId = this.getNodeParameter('taskId', itemIndex, '') as string;
	// `succeded` is HighLevel's spelling.
	const response = await ghlRequest<{ succeded?: boolean }>(this, conn, {
		method: 'DELETE',
		path: '/contacts/{contactId}/tasks/{taskId}',
		pathParams: {
			contactId: { label: 'Contact', value: contactId },
			taskId: { label: 'Task ID', value: taskId },
		},
		itemIndex,
	});
	if (response?.succeded === false) {
		throw new NodeApiError(this.getNode(), response as JsonObject, {
			message: 'HighLevel did not delete the task',
			description: 'It answered without an error but with "succeded": false. Check the task in HighLevel and run again.',
			itemIndex,
		});
	}
	return [{ json: { id: taskId, contactId, deleted: true } }];
}
