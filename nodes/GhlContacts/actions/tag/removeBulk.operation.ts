import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import type { GhlConnection } from '../../transport';
import { bulkTagProperties, changeTagsInBulk } from './bulk';

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['removeBulk'] } },
	bulkTagProperties('Tags to remove from each contact; tags a contact does not have are ignored'),
);

export async function executeBatch(
	this: IExecuteFunctions,
	conn: GhlConnection,
	concurrency: number,
) {
	return await changeTagsInBulk(this, conn, concurrency, 'remove');
}
