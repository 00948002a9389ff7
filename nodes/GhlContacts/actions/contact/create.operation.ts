import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { locationIdField, simplifyField } from '../../descriptions/common';
import { contactFieldsCollection } from '../../descriptions/contactFields';
import { simplifyContact } from '../../helpers/contact';
import { buildContactBody } from '../../helpers/contactBody';
import { ghlRequest, resolveLocationId, type GhlConnection } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName:
			'If the location does not allow duplicate contacts and the email or phone is taken, HighLevel refuses to create the contact. Use "Create or Update" to update it instead.',
		name: 'duplicateNotice',
		type: 'notice',
		default: '',
	},
	locationIdField,
	contactFieldsCollection('create'),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const fields = this.getNodeParameter('contactFields', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const body = buildContactBody(this.getNode(), fields, 'create', itemIndex);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Contact Fields is empty', {
			itemIndex,
			description:
				'Add at least one field (for example Email, Phone or First Name) to create a contact.',
		});
	}
	const locationId = resolveLocationId(this, conn, itemIndex);
	// Not retry-safe: repeating a create whose answer was lost could make a second contact.
	const { contact } = await ghlRequest<{ contact: IDataObject }>(this, conn, {
		method: 'POST',
		path: '/contacts/',
		body: { locationId, ...body },
		locationId,
		itemIndex,
		expects: { contact: 'object' },
	});
	return [{ json: simplify ? simplifyContact(contact) : contact }];
}
