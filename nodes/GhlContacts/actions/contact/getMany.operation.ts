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
		displayName:
			'HighLevel marks this endpoint as legacy. "Search" filters by any field and pages past 10,000 contacts.',
		name: 'legacyNotice',
		type: 'notice',
		default: '',
	},
	locationIdField,
	...returnAllFields(10_000),
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		placeholder: 'e.g. jane@example.com',
		description: 'Text HighLevel matches against name, email, phone and company',
	},
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['getMany'] } },
	properties,
);

interface ListPage {
	contacts: IDataObject[];
	meta?: { startAfterId?: string | null; startAfter?: number | null };
}

interface Cursor {
	startAfterId: string;
	startAfter: number;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const locationId = resolveLocationId(this, conn, itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const query = (this.getNodeParameter('query', itemIndex, '') as string).trim();
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;

	const contacts = await collectPages<IDataObject, Cursor>(async (cursor) => {
		const page = await ghlRequest<ListPage>(this, conn, {
			method: 'GET',
			path: '/contacts/',
			qs: {
				locationId,
				limit: Math.min(PAGE_SIZE, limit),
				...(query ? { query } : {}),
				...(cursor ?? {}),
			},
			locationId,
			itemIndex,
			expects: { contacts: 'list' },
		});
		const { startAfterId, startAfter } = page.meta ?? {};
		const next = startAfterId && startAfter ? { startAfterId, startAfter } : undefined;
		return { items: page.contacts ?? [], next };
	}, limit);

	return contacts.map((contact) => ({ json: simplify ? simplifyContact(contact) : contact }));
}
