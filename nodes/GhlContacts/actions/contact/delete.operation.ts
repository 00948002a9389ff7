import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { contactLocator } from '../../descriptions/common';
import { deleteRecord } from '../../helpers/deleteRecord';
import type { GhlConnection } from '../../transport';

const properties: INodeProperties[] = [contactLocator()];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	await deleteRecord(this, conn, 'contact', {
		path: '/contacts/{contactId}',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		itemIndex,
	});
	return [{ json: { id: contactId, deleted: true } }];
}
