import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { locationIdField } from '../../descriptions/common';
import { batchOptionsField, bulkContactField } from '../../helpers/bulk';
import type { GhlConnection } from '../../transport';
import { setBusinessInBulk } from './bulk';

// HighLevel's endpoint clears a contact's business whichever it is, so there is no Business ID to give.
const properties: INodeProperties[] = [
	{
		...bulkContactField(),
		hint: 'Each contact leaves its business, whichever it is; all items go to HighLevel together, in batches',
	},
	locationIdField,
	batchOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['business'], operation: ['removeContacts'] } },
	properties,
);

export async function executeBatch(
	this: IExecuteFunctions,
	conn: GhlConnection,
	concurrency: number,
) {
	return await setBusinessInBulk(this, conn, concurrency, 'remove');
}
