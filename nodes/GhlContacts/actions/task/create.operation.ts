import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { contactLocator } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';
import { assignedToField, assigneeOf } from './assignee';
import { formatDueDate } from './dueDate';

const properties: INodeProperties[] = [
	contactLocator(),
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Call back about the enrolment',
	},
	{
		displayName: 'Due Date',
		name: 'dueDate',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			"When the task is due. A date without a time zone is read in the workflow's time zone.",
		hint: 'Sent to HighLevel in UTC, to the second',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			assignedToField,
			{
				displayName: 'Completed',
				name: 'completed',
				type: 'boolean',
				default: false,
				description: 'Whether the task is created as already done',
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
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const title = String(this.getNodeParameter('title', itemIndex, '') ?? '').trim();
	if (title === '') {
		throw new NodeOperationError(this.getNode(), 'Title is empty', {
			itemIndex,
			description: 'A task needs a title. Fill in "Title", or check the expression that sets it.',
		});
	}
	const dueDate = formatDueDate(
		this,
		'Due Date',
		this.getNodeParameter('dueDate', itemIndex, ''),
		itemIndex,
	);
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;

	const body: IDataObject = { title, dueDate, completed: additional.completed === true };
	if (typeof additional.body === 'string' && additional.body !== '') body.body = additional.body;
	const assignedTo = assigneeOf(this, 'additionalFields', itemIndex);
	if (assignedTo !== undefined) body.assignedTo = assignedTo;

	const { task } = await ghlRequest<{ task: IDataObject }>(this, conn, {
		method: 'POST',
		path: '/contacts/{contactId}/tasks',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		body,
		itemIndex,
		expects: { task: 'object' },
	});
	return [{ json: task }];
}
