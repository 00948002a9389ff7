import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { formatWithOffset, parseDateInZone } from '../../../shared/dateTime';
import { workflowLocator } from '../../descriptions/automation';
import { contactLocator } from '../../descriptions/common';
import { sendConfirmed } from '../../helpers/confirmed';
import { membershipOf } from '../../helpers/membership';
import type { GhlConnection } from '../../transport';

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
	const { contactId, id: workflowId, ...target } = membershipOf(this, itemIndex, 'workflow');
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (additional.eventStartTime !== undefined) {
		body.eventStartTime = eventStartTimeOf(this, additional.eventStartTime, itemIndex);
	}
	await sendConfirmed(
		this,
		conn,
		{
			method: 'POST',
			...target,
			body,
			// Not repeated after a lost answer: HighLevel queues each add as an enrollment, and a
			// workflow that allows re-entry (or one the contact finished meanwhile) would run twice.
			retrySafe: false,
			itemIndex,
			expects: { succeded: 'value' },
		},
		'add the contact to the workflow',
	);
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
		parseDateInZone(ctx.getNode(), 'Event Start Time', value, ctx.getTimezone(), itemIndex),
		ctx.getTimezone(),
	);
}
