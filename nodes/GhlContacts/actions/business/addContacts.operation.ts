import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { idField, locationIdField } from '../../descriptions/common';
import { batchOptionsField, bulkContactField } from '../../helpers/bulk';
import type { GhlConnection } from '../../transport';
import { setBusinessInBulk } from './bulk';

const properties: INodeProperties[] = [
	{
		...idField('businessId', 'Business ID', 'e.g. 63b7ec34ea409a9a8bd2a4ff'),
		description:
			'The HighLevel business (company) the contacts join; a contact in another business moves to this one',
	},
	bulkContactField(),
	locationIdField,
	batchOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['business'], operation: ['addContacts'] } },
	properties,
);

export async function executeBatch(
	this: IExecuteFunctions,
	conn: GhlConnection,
	concurrency: number,
) {
	return await setBusinessInBulk(this, conn, concurrency, 'add');
}
