import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { campaignLocator } from '../../descriptions/automation';
import { contactLocator } from '../../descriptions/common';
import { assertSucceeded } from '../../helpers/confirmed';
import { ghlRequest, type GhlConnection } from '../../transport';
import { campaignIdOf, campaignPath } from './campaignId';

const properties: INodeProperties[] = [contactLocator(), campaignLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['remove'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const campaignId = campaignIdOf(this, itemIndex);
	const response = await ghlRequest<{ succeded?: boolean }>(this, conn, {
		method: 'DELETE',
		...campaignPath(contactId, campaignId),
		// Removing twice leaves the contact out of the campaign all the same.
		retrySafe: true,
		itemIndex,
		expects: { succeded: 'value' },
	});
	assertSucceeded(this, response, 'remove the contact from the campaign', itemIndex);
	return [{ json: { contactId, campaignId, removed: true } }];
}
