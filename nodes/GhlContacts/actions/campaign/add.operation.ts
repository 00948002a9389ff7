import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { campaignLocator } from '../../descriptions/automation';
import { contactLocator } from '../../descriptions/common';
import { assertSucceeded } from '../../helpers/confirmed';
import { ghlRequest, type GhlConnection } from '../../transport';
import { campaignIdOf, campaignPath } from './campaignId';

const properties: INodeProperties[] = [contactLocator(), campaignLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['add'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const campaignId = campaignIdOf(this, itemIndex);
	const response = await ghlRequest<{ succeded?: boolean }>(this, conn, {
		method: 'POST',
		...campaignPath(contactId, campaignId),
		// AddContactToCampaignDto has no fields, but the spec requires the body.
		body: {},
		// Not repeated after a lost answer: a campaign that allows a contact more than once would
		// start it over.
		retrySafe: false,
		itemIndex,
		expects: { succeded: 'value' },
	});
	assertSucceeded(this, response, 'add the contact to the campaign', itemIndex);
	return [{ json: { contactId, campaignId, added: true } }];
}
