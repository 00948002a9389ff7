import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { contactLocator, simplifyField } from '../../descriptions/common';
import { simplifyContact } from '../../helpers/contact';
import { customFieldsByName } from '../../helpers/customFields';
import { ghlRequest, type GhlConnection } from '../../transport';

const properties: INodeProperties[] = [
	contactLocator(),
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Custom Fields by Name',
				name: 'customFieldsByName',
				type: 'boolean',
				default: false,
				description:
					'Whether to add customFieldsByName: every contact custom field of the location under its name (e.g. "Lead Score"), with this contact\'s value or null, and customFieldIdsByName: each field\'s ID under its name (to write a field known by name). Reads the field list once per run; needs the locations/customFields.readonly scope.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { contact } = await ghlRequest<{ contact: IDataObject }>(this, conn, {
		method: 'GET',
		path: '/contacts/{contactId}',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		itemIndex,
		expects: { contact: 'object' },
	});
	const json = simplify ? simplifyContact(contact) : contact;
	if (options.customFieldsByName === true) {
		const { values, ids } = await customFieldsByName(this, conn, contact, itemIndex);
		json.customFieldsByName = values;
		json.customFieldIdsByName = ids;
	}
	return [{ json }];
}
