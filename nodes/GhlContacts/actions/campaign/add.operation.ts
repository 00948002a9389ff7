import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { campaignLocator } from '../../descriptions/automation';
import { contactLocator } from '../../descriptions/common';
import { sendConfirmed } from '../../helpers/confirmed';
import { membershipOf } from '../../helpers/membership';
import type { GhlConnection } from '../../transport';

const properties: INodeProperties[] = [contactLocator(), campaignLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['add'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const { contactId, id: campaignId, ...target } = membershipOf(this, itemIndex, 'campaign');
	await sendConfirmed(
		this,
		conn,
		{
			method: 'POST',
			...target,
			// AddContactToCampaignDto has no fields, but the spec requires the body.
			body: {},
			// Not repeated after a lost answer: a campaign that allows a contact more than once would
			// start it over.
			retrySafe: false,
			itemIndex,
			expects: { succeded: 'value' },
		},
		'add the contact to the campaign',
	);
	return [{ json: { contactId, campaignId, added: true } }];
}
