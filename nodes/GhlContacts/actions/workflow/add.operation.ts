import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { workflowLocator } from '../../descriptions/automation';
import { contactLocator } from '../../descriptions/common';
import { assertSucceeded } from '../../helpers/confirmed';
import { formatWithOffset, readDateTime } from '../../helpers/dateTime';
import { ghlRequest, type GhlConnection } from '../../transport';
import { workflowPath } from './path';

const properties: INodeProperties[] = [
	contactLocator(),
	workflowLocator,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Event Start Time',
				name: 'eventStartTime',
				type: 'dateTime',
				default: '',
				description:
					"The time the workflow's event-based wait steps count from (e.g. a webinar's start). A date without a time zone is read in the workflow's time zone.",
				hint: 'Sent to HighLevel as ISO 8601 with the time zone offset, e.g. 2026-06-23T03:30:00+01:00',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workflow'], operation: ['add'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const workflowId = this.getNodeParameter('workflowId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (additional.eventStartTime !== undefined) {
		body.eventStartTime = eventStartTimeOf(this, additional.eventStartTime, itemIndex);
	}

	const response = await ghlRequest<{ succeded?: boolean }>(this, conn, {
		method: 'POST',
		...workflowPath(contactId, workflowId),
		body,
		// Not repeated after a lost answer: HighLevel queues each add as an enrollment, and a
		// workflow that allows re-entry (or one the contact finished meanwhile) would run twice.
		retrySafe: false,
		itemIndex,
		expects: { succeded: 'value' },
	});
	assertSucceeded(this, response, 'add the contact to the workflow', itemIndex);
	return [{ json: { contactId, workflowId, added: true, ...body } }];
}

function eventStartTimeOf(ctx: IExecuteFunctions, value: unknown, itemIndex: number): string {
	if (value === '' || value === null) {
		throw new NodeOperationError(ctx.getNode(), 'Event Start Time is empty', {
			itemIndex,
			description:
				'Give a date and time, e.g. 2026-06-23T09:30:00+01:00, or remove "Event Start Time" from "Additional Fields" to add the contact without one.',
		});
	}
	return formatWithOffset(
		readDateTime(ctx, 'Event Start Time', value, itemIndex),
		ctx.getTimezone(),
	);
}
