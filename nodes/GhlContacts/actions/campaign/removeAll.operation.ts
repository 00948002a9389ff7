import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { contactLocator } from '../../descriptions/common';
import { sendConfirmed } from '../../helpers/confirmed';
import type { GhlConnection } from '../../transport';

const properties: INodeProperties[] = [contactLocator()];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['removeAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	await sendConfirmed(
		this,
		conn,
		{
			method: 'DELETE',
			path: '/contacts/{contactId}/campaigns/removeAll',
			pathParams: { contactId: { label: 'Contact', value: contactId } },
			// A repeat finds the contact in no campaign and changes nothing.
			retrySafe: true,
			itemIndex,
			expects: { succeded: 'value' },
		},
		'remove the contact from every campaign',
	);
	return [{ json: { contactId, removedFromAllCampaigns: true } }];
}
