import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { campaignLocator } from '../../descriptions/automation';
import { contactLocator } from '../../descriptions/common';
import { sendConfirmed } from '../../helpers/confirmed';
import { membershipOf } from '../../helpers/membership';
import type { GhlConnection } from '../../transport';

const properties: INodeProperties[] = [contactLocator(), campaignLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['remove'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const { contactId, id: campaignId, ...target } = membershipOf(this, itemIndex, 'campaign');
	await sendConfirmed(
		this,
		conn,
		{
			method: 'DELETE',
			...target,
			// Removing twice leaves the contact out of the campaign all the same.
			retrySafe: true,
			itemIndex,
			expects: { succeded: 'value' },
		},
		'remove the contact from the campaign',
	);
	return [{ json: { contactId, campaignId, removed: true } }];
}
