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
			'HighLevel updates the contact with the same email (else phone) or creates one. The output\'s "new" field is true when a contact was created.',
		name: 'upsertNotice',
		type: 'notice',
		default: '',
	},
	locationIdField,
	contactFieldsCollection('upsert'),
	{
		displayName: 'Create New If Duplicates Allowed',
		name: 'createNewIfDuplicateAllowed',
		type: 'boolean',
		default: false,
		description:
			'Whether to always create a new contact when the location allows duplicate contacts. Off: an existing contact with the same email or phone is updated.',
	},
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['upsert'] } },
	properties,
);

interface UpsertResponse {
	new: boolean;
	contact: IDataObject;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const fields = this.getNodeParameter('contactFields', itemIndex, {}) as IDataObject;
	const createNew = this.getNodeParameter(
		'createNewIfDuplicateAllowed',
		itemIndex,
		false,
	) as boolean;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const body = buildContactBody(this.getNode(), fields, 'upsert', itemIndex);
	if (body.email === undefined && body.phone === undefined) {
		throw new NodeOperationError(this.getNode(), 'Create or Update needs Email or Phone', {
			itemIndex,
			description:
				'HighLevel finds the contact to update by email or phone. Add Email or Phone under Contact Fields, or use "Create".',
		});
	}
	const locationId = resolveLocationId(this, conn, itemIndex);
	const response = await ghlRequest<UpsertResponse>(this, conn, {
		method: 'POST',
		path: '/contacts/upsert',
		body: { locationId, ...body, ...(createNew ? { createNewIfDuplicateAllowed: true } : {}) },
		locationId,
		itemIndex,
		// Repeating an upsert finds the contact the first attempt made, so it cannot duplicate;
		// unless it is told to create a new one where the location allows duplicates.
		retrySafe: !createNew,
		expects: { contact: 'object' },
	});
	const contact = simplify ? simplifyContact(response.contact) : response.contact;
	return [{ json: { ...contact, new: response.new === true } }];
}
