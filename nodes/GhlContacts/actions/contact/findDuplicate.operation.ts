import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { assertEmail, normalisePhone } from '../../../shared/validation';
import { locationIdField, simplifyField } from '../../descriptions/common';
import { simplifyContact } from '../../helpers/contact';
import { ghlRequest, resolveLocationId, type GhlConnection } from '../../transport';

const properties: INodeProperties[] = [
	locationIdField,
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		default: '',
		placeholder: 'e.g. jane@example.com',
		description:
			'Email to look for. Give Email, Phone or both; HighLevel matches on email first, then phone.',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. +14155550123',
		description: 'Phone to look for, in international format with country code',
	},
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['findDuplicate'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const rawEmail = String(this.getNodeParameter('email', itemIndex, '') ?? '').trim();
	const rawPhone = String(this.getNodeParameter('phone', itemIndex, '') ?? '').trim();
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	if (rawEmail === '' && rawPhone === '') {
		throw new NodeOperationError(this.getNode(), 'Email or Phone is required', {
			itemIndex,
			description: 'Give the email, the phone, or both of the contact to look for.',
		});
	}
	const qs: IDataObject = { locationId: resolveLocationId(this, conn, itemIndex) };
	if (rawEmail) qs.email = assertEmail(this.getNode(), 'Email', rawEmail, itemIndex);
	if (rawPhone) qs.number = normalisePhone(this.getNode(), 'Phone', rawPhone, itemIndex);

	const { contact } = await ghlRequest<{ contact?: IDataObject | null }>(this, conn, {
		method: 'GET',
		path: '/contacts/search/duplicate',
		qs,
		locationId: qs.locationId as string,
		itemIndex,
		// `contact` is null (or absent) when there is no duplicate; the answer is still an object.
		expects: {},
	});
	if (!contact) return [{ json: { found: false } }];
	return [{ json: { found: true, ...(simplify ? simplifyContact(contact) : contact) } }];
}
