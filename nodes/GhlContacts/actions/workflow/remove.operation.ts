import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { workflowLocator } from '../../descriptions/automation';
import { contactLocator } from '../../descriptions/common';
import { sendConfirmed } from '../../helpers/confirmed';
import { membershipOf } from '../../helpers/membership';
import type { GhlConnection } from '../../transport';

const properties: INodeProperties[] = [contactLocator(), workflowLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['workflow'], operation: ['remove'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const { contactId, id: workflowId, ...target } = membershipOf(this, itemIndex, 'workflow');
	await sendConfirmed(
		this,
		conn,
		{
			method: 'DELETE',
			...target,
			// The spec requires a body here too (CreateWorkflowDto, every field optional).
			body: {},
			// Removing twice leaves the contact out of the workflow all the same.
			retrySafe: true,
			itemIndex,
			expects: { succeded: 'value' },
		},
		'remove the contact from the workflow',
	);
	return [{ json: { contactId, workflowId, removed: true } }];
}
