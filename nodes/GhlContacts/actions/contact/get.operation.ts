import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { contactLocator, simplifyField } from '../../descriptions/common';
import { simplifyContact } from '../../helpers/contact';
import { ghlRequest, type GhlConnection } from '../../transport';

const properties: INodeProperties[] = [contactLocator(), simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const { contact } = await ghlRequest<{ contact: IDataObject }>(this, conn, {
		method: 'GET',
		path: '/contacts/{contactId}',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		itemIndex,
		expects: { contact: 'object' },
	});
	return [{ json: simplify ? simplifyContact(contact) : contact }];
}
