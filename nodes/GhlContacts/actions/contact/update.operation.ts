import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { contactLocator, simplifyField } from '../../descriptions/common';
import { contactFieldsCollection } from '../../descriptions/contactFields';
import { simplifyContact } from '../../helpers/contact';
import { buildContactBody } from '../../helpers/contactBody';
import { ghlRequest, type GhlConnection } from '../../transport';

const properties: INodeProperties[] = [
	contactLocator(),
	contactFieldsCollection('update'),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	// PUT /contacts/{id} must not carry locationId (the API rejects it); the body builder never adds it.
	const body = buildContactBody(this.getNode(), fields, 'update', itemIndex);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Update Fields is empty: nothing to update', {
			itemIndex,
			description:
				'Add at least one field with a value under "Update Fields". Empty values are skipped, so an expression that resolves to nothing changes nothing.',
		});
	}
	const { contact } = await ghlRequest<{ contact: IDataObject }>(this, conn, {
		method: 'PUT',
		path: '/contacts/{contactId}',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		body,
		itemIndex,
		expects: { contact: 'object' },
	});
	return [{ json: simplify ? simplifyContact(contact) : contact }];
}
