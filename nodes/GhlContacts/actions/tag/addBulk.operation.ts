import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import type { GhlConnection } from '../../transport';
import { bulkTagProperties, changeTagsInBulk } from './bulk';

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['addBulk'] } },
	bulkTagProperties('Tags to add to each contact'),
);

export async function executeBatch(
	this: IExecuteFunctions,
	conn: GhlConnection,
	concurrency: number,
) {
	return await changeTagsInBulk(this, conn, concurrency, 'add');
}
