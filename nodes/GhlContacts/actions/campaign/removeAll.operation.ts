import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { contactLocator } from '../../descriptions/common';
import { assertSucceeded } from '../../helpers/confirmed';
import { ghlRequest, type GhlConnection } from '../../transport';

const properties: INodeProperties[] = [contactLocator()];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['removeAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const response = await ghlRequest<{ succeded?: boolean }>(this, conn, {
		method: 'DELETE',
		path: '/contacts/{contactId}/campaigns/removeAll',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		// A repeat finds the contact in no campaign and changes nothing.
		retrySafe: true,
		itemIndex,
		expects: { succeded: 'value' },
	});
	assertSucceeded(this, response, 'remove the contact from every campaign', itemIndex);
	return [{ json: { contactId, removedFromAllCampaigns: true } }];
}
