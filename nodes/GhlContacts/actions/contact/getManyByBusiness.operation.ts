import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { collectPages } from '../../../shared/transport/paging';
import { locationIdField, returnAllFields, simplifyField } from '../../descriptions/common';
import { simplifyContact } from '../../helpers/contact';
import { ghlRequest, resolveLocationId, type GhlConnection } from '../../transport';

const PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Business ID',
		name: 'businessId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 63f7a3b2c9e4d1f0a8b7c6d5',
		description: 'The HighLevel business (company) whose contacts to list',
	},
	locationIdField,
	...returnAllFields(10_000),
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		placeholder: 'e.g. jane',
		description: 'Only contacts whose name, email, phone or company contains this text',
	},
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['getManyByBusiness'] } },
	properties,
);

interface BusinessPage {
	contacts?: IDataObject[];
	count?: number;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const businessId = this.getNodeParameter('businessId', itemIndex, '') as string;
	const locationId = resolveLocationId(this, conn, itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const query = String(this.getNodeParameter('query', itemIndex, '') ?? '').trim();
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const pageSize = Math.min(PAGE_SIZE, limit);

	// skip/limit paging: every page repeats locationId, limit and query; only skip moves.
	const contacts = await collectPages<IDataObject, number>(async (skip = 0) => {
		const page = await ghlRequest<BusinessPage>(this, conn, {
			method: 'GET',
			path: '/contacts/business/{businessId}',
			pathParams: { businessId: { label: 'Business ID', value: businessId } },
			qs: { locationId, limit: pageSize, skip, ...(query ? { query } : {}) },
			locationId,
			itemIndex,
			expects: { contacts: 'list' },
		});
		const items = page.contacts ?? [];
		const next = skip + items.length;
		const more = items.length === pageSize && (page.count === undefined || next < page.count);
		return { items, next: more ? next : undefined };
	}, limit);

	return contacts.map((contact) => ({ json: simplify ? simplifyContact(contact) : contact }));
}
