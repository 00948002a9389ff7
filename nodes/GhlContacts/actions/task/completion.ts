import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { contactLocator, idField } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';

/** Mark Completed and Mark Not Completed: the same parameters and endpoint, opposite flags. */
export function completionProperties(purpose: string): INodeProperties[] {
	return [
		contactLocator(),
		{ ...idField('taskId', 'Task ID', 'e.g. lJpzYrWdpkC2hX6t2yue'), description: purpose },
	];
}

export async function setTaskCompleted(
	ctx: IExecuteFunctions,
	itemIndex: number,
	conn: GhlConnection,
	completed: boolean,
) {
	const contactId = ctx.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const taskId = ctx.getNodeParameter('taskId', itemIndex, '') as string;
	const { task } = await ghlRequest<{ task: IDataObject }>(ctx, conn, {
		method: 'PUT',
		path: '/contacts/{contactId}/tasks/{taskId}/completed',
		pathParams: {
			contactId: { label: 'Contact', value: contactId },
			taskId: { label: 'Task ID', value: taskId },
		},
		body: { completed },
		itemIndex,
		expects: { task: 'object' },
	});
	return [{ json: task }];
}
