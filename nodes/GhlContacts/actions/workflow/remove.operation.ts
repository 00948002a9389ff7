import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { workflowLocator } from '../../descriptions/automation';
import { contactLocator } from '../../descriptions/common';
import { assertSucceeded } from '../../helpers/confirmed';
import { ghlRequest, type GhlConnection } from '../../transport';
import { workflowPath } from './path';

const properties: INodeProperties[] = [contactLocator(), workflowLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['workflow'], operation: ['remove'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const workflowId = this.getNodeParameter('workflowId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const response = await ghlRequest<{ succeded?: boolean }>(this, conn, {
		method: 'DELETE',
		...workflowPath(contactId, workflowId),
		// The spec requires a body here too (CreateWorkflowDto, every field optional).
		body: {},
		// Removing twice leaves the contact out of the workflow all the same.
		retrySafe: true,
		itemIndex,
		expects: { succeded: 'value' },
	});
	assertSucceeded(this, response, 'remove the contact from the workflow', itemIndex);
	return [{ json: { contactId, workflowId, removed: true } }];
}
