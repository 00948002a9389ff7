import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { contactLocator, idField } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';
import { assignedToField, assigneeOf } from './assignee';
import { formatDueDate } from './dueDate';

const properties: INodeProperties[] = [
	contactLocator(),
	{
		...idField('taskId', 'Task ID', 'e.g. lJpzYrWdpkC2hX6t2yue'),
		description: 'The task to update',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here change; the others keep their values',
		options: [
			assignedToField,
			{
				displayName: 'Completed',
				name: 'completed',
				type: 'boolean',
				default: false,
				description: 'Whether the task is done',
			},
			{
				displayName: 'Description',
				name: 'body',
				type: 'string',
				default: '',
				typeOptions: { rows: 3 },
				placeholder: 'e.g. Ask which start date suits them',
				description: 'Details of the task',
			},
			{
				displayName: 'Due Date',
				name: 'dueDate',
				type: 'dateTime',
				default: '',
				description:
					"When the task is due. A date without a time zone is read in the workflow's time zone.",
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				placeholder: 'e.g. Call back about the enrolment',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const taskId = this.getNodeParameter('taskId', itemIndex, '') as string;
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;

	const body: IDataObject = {};
	if (fields.title !== undefined) {
		const title = String(fields.title).trim();
		if (title === '') {
			throw new NodeOperationError(this.getNode(), 'Title is empty', {
				itemIndex,
				description:
					'A task needs a title. Remove "Title" from "Update Fields" to keep the current one.',
			});
		}
		body.title = title;
	}
	if (fields.body !== undefined) body.body = String(fields.body);
	if (fields.dueDate !== undefined)
		body.dueDate = formatDueDate(this, 'Due Date', fields.dueDate, itemIndex);
	if (fields.completed !== undefined) body.completed = fields.completed === true;
	const assignedTo = assigneeOf(this, 'updateFields', itemIndex);
	if (assignedTo !== undefined) body.assignedTo = assignedTo;
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', {
			itemIndex,
			description: 'Add at least one field under "Update Fields" (e.g. Title or Due Date).',
		});
	}

	const { task } = await ghlRequest<{ task: IDataObject }>(this, conn, {
		method: 'PUT',
		path: '/contacts/{contactId}/tasks/{taskId}',
		pathParams: {
			contactId: { label: 'Contact', value: contactId },
			taskId: { label: 'Task ID', value: taskId },
		},
		body,
		itemIndex,
		expects: { task: 'object' },
	});
	return [{ json: task }];
}
