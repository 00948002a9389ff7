import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { collectPages } from '../../../shared/transport/paging';
import { locationIdField, returnAllFields, simplifyField } from '../../descriptions/common';
import { customFieldIdField } from '../../descriptions/contactFields';
import { simplifyContact } from '../../helpers/contact';
import {
	buildFilters,
	buildSort,
	CUSTOM_FIELD,
	MAX_TEXT,
	OPERATORS,
} from '../../helpers/searchFilters';
import { ghlRequest, resolveLocationId, type GhlConnection } from '../../transport';

/** HighLevel's largest page. */
const MAX_PAGE_LIMIT = 500;
/** page × pageLimit may not pass this (an Elasticsearch result window); deeper pages need searchAfter. */
const PAGED_WINDOW = 10_000;

const FILTER_FIELDS: INodePropertyOptions[] = [
	{ name: 'Assigned User ID', value: 'assignedTo' },
	{ name: 'Business ID', value: 'businessId' },
	{ name: 'City', value: 'city' },
	{ name: 'Company Name', value: 'companyName' },
	{ name: 'Contact ID', value: 'id' },
	{ name: 'Contact Type', value: 'type', description: 'Lead or customer' },
	{ name: 'Country', value: 'country' },
	{ name: 'Custom Field', value: CUSTOM_FIELD },
	{ name: 'Date Added', value: 'dateAdded' },
	{ name: 'Date Updated', value: 'dateUpdated' },
	{ name: 'DND (All Channels)', value: 'dnd', description: 'Compare with true or false' },
	{ name: 'Email', value: 'email' },
	{ name: 'First Name', value: 'firstNameLowerCase' },
	{ name: 'Full Name', value: 'fullNameLowerCase' },
	{ name: 'Last Name', value: 'lastNameLowerCase' },
	{ name: 'Phone', value: 'phone' },
	{ name: 'Postal Code', value: 'postalCode' },
	{ name: 'Source', value: 'source' },
	{ name: 'State', value: 'state' },
	{ name: 'Tags', value: 'tags' },
	{ name: 'Timezone', value: 'timezone' },
	{ name: 'Website', value: 'website' },
];

const SORT_FIELDS: INodePropertyOptions[] = [
	{ name: 'Company Name', value: 'companyName' },
	{ name: 'Custom Field', value: CUSTOM_FIELD },
	{ name: 'Date Added', value: 'dateAdded' },
	{ name: 'Date Updated', value: 'dateUpdated' },
	{ name: 'Email', value: 'email' },
	{ name: 'First Name', value: 'firstNameLowerCase' },
	{ name: 'Full Name', value: 'fullNameLowerCase' },
	{ name: 'Last Name', value: 'lastNameLowerCase' },
];

const conditionValues: INodeProperties[] = [
	{
		displayName: 'Field',
		name: 'field',
		type: 'options',
		options: FILTER_FIELDS,
		default: 'email',
		description:
			'Contact field to test. With an expression, any field HighLevel can search on (e.g. customFields.abc123 for a custom field).',
	},
	{ ...customFieldIdField('customFieldId'), displayOptions: { show: { field: [CUSTOM_FIELD] } } },
	{
		displayName: 'Operator',
		name: 'operator',
		type: 'options',
		options: OPERATORS,
		default: 'eq',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		placeholder: 'e.g. jane@example.com',
		description: 'Text to compare with (at most 75 characters). Text comparisons ignore case.',
		displayOptions: { show: { operator: ['eq', 'not_eq', 'contains', 'not_contains'] } },
	},
	{
		displayName: 'From',
		name: 'rangeFrom',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2024-01-01',
		description:
			'Lowest value (inclusive): a date such as 2024-01-01 for date fields, or a number. Leave empty for no lower bound.',
		displayOptions: { show: { operator: ['range'] } },
	},
	{
		displayName: 'To',
		name: 'rangeTo',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2024-12-31T23:59:59Z',
		description: 'Highest value (inclusive). Leave empty for no upper bound.',
		displayOptions: { show: { operator: ['range'] } },
	},
];

const properties: INodeProperties[] = [
	locationIdField,
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		placeholder: 'e.g. jane',
		description:
			'Free text HighLevel matches against name, email, phone, company and tags (at most 75 characters)',
	},
	{
		displayName: 'Filter Groups',
		name: 'filterGroups',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Filter Group',
		default: {},
		description:
			'Conditions on contact fields. Each group combines its own conditions with AND or OR; "Combine Groups" says how the groups combine.',
		options: [
			{
				displayName: 'Group',
				name: 'group',
				values: [
					{
						displayName: 'Match',
						name: 'match',
						type: 'options',
						options: [
							{ name: 'All Conditions (AND)', value: 'AND' },
							{ name: 'Any Condition (OR)', value: 'OR' },
						],
						default: 'AND',
					},
					{
						displayName: 'Conditions',
						name: 'conditions',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						placeholder: 'Add Condition',
						default: {},
						options: [{ displayName: 'Condition', name: 'condition', values: conditionValues }],
					},
				],
			},
		],
	},
	{
		displayName: 'Combine Groups',
		name: 'combineGroups',
		type: 'options',
		options: [
			{ name: 'All Groups Must Match (AND)', value: 'AND' },
			{ name: 'Any Group May Match (OR)', value: 'OR' },
		],
		default: 'AND',
		description: 'How several filter groups combine',
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Sort Rule',
		default: {},
		description: 'Order of the results; by default newest first (Date Added, descending)',
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'options',
						options: SORT_FIELDS,
						default: 'dateAdded',
					},
					{
						...customFieldIdField('customFieldId'),
						displayOptions: { show: { field: [CUSTOM_FIELD] } },
					},
					{
						displayName: 'Direction',
						name: 'direction',
						type: 'options',
						options: [
							{ name: 'Ascending', value: 'asc' },
							{ name: 'Descending', value: 'desc' },
						],
						default: 'desc',
					},
				],
			},
		],
	},
	...returnAllFields(100_000),
	simplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['search'] } },
	properties,
);

type SearchCursor = { page: number } | { searchAfter: unknown[] };

interface SearchPage {
	contacts?: IDataObject[];
	total?: number;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const node = this.getNode();
	const query = String(this.getNodeParameter('query', itemIndex, '') ?? '').trim();
	if (query.length > MAX_TEXT) {
		throw new NodeOperationError(
			node,
			`Query is ${query.length} characters long; HighLevel accepts at most ${MAX_TEXT}`,
			{
				itemIndex,
				description: 'Shorten the Query, or use Filter Groups to match on specific fields.',
			},
		);
	}
	const filters = buildFilters(
		node,
		this.getNodeParameter('filterGroups', itemIndex, {}) as IDataObject,
		this.getNodeParameter('combineGroups', itemIndex, 'AND') as string,
		itemIndex,
	);
	const sort = buildSort(
		node,
		this.getNodeParameter('sort', itemIndex, {}) as IDataObject,
		itemIndex,
	);
	const locationId = resolveLocationId(this, conn, itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const pageLimit = Math.min(MAX_PAGE_LIMIT, limit);
	let seen = 0;

	const contacts = await collectPages<IDataObject, SearchCursor>(async (cursor = { page: 1 }) => {
		const result = await ghlRequest<SearchPage>(this, conn, {
			method: 'POST',
			path: '/contacts/search',
			body: {
				locationId,
				pageLimit,
				...cursor,
				...(query ? { query } : {}),
				...(filters.length > 0 ? { filters } : {}),
				...(sort.length > 0 ? { sort } : {}),
			},
			locationId,
			itemIndex,
			retrySafe: true,
			expects: { contacts: 'list' },
		});
		const items = result.contacts ?? [];
		seen += items.length;
		const more = items.length === pageLimit && (result.total === undefined || seen < result.total);
		return {
			items,
			next: more ? nextCursor(node, cursor, pageLimit, items, itemIndex) : undefined,
		};
	}, limit);

	return contacts.map((contact) => ({ json: simplify ? simplifyContact(contact) : contact }));
}

/**
 * `page` reaches the first 10,000 results only; past that HighLevel wants the `searchAfter`
 * values of the last contact seen (each result carries its own).
 */
function nextCursor(
	node: INode,
	cursor: SearchCursor,
	pageLimit: number,
	items: IDataObject[],
	itemIndex: number,
): SearchCursor {
	if ('page' in cursor && (cursor.page + 1) * pageLimit <= PAGED_WINDOW)
		return { page: cursor.page + 1 };
	const searchAfter = items[items.length - 1]?.searchAfter;
	if (!Array.isArray(searchAfter) || searchAfter.length === 0) {
		throw new NodeOperationError(
			node,
			'HighLevel did not return a searchAfter cursor to page past 10,000 results',
			{
				itemIndex,
				description:
					'Narrow the search with Filter Groups or Query, or set a Limit of 10,000 or less.',
			},
		);
	}
	return { searchAfter };
}
