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
import { truncate } from '../../../shared/validation';
import { locationIdField, returnAllFields, simplifyField } from '../../descriptions/common';
import { customFieldIdField } from '../../descriptions/contactFields';
import { simplifyContact } from '../../helpers/contact';
import { ghlRequest, resolveLocationId, type GhlConnection } from '../../transport';

/** HighLevel's largest page. */
const MAX_PAGE_LIMIT = 500;
/** page × pageLimit may not pass this (an Elasticsearch result window); deeper pages need searchAfter. */
const PAGED_WINDOW = 10_000;
/** Longest text HighLevel accepts for `query` and for eq/contains filter values. */
const MAX_TEXT = 75;
const CUSTOM_FIELD = 'customField';

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

const OPERATORS: INodePropertyOptions[] = [
	{ name: 'Contains', value: 'contains' },
	{ name: 'Does Not Contain', value: 'not_contains' },
	{ name: 'Does Not Exist (Empty)', value: 'not_exists' },
	{ name: 'Equals', value: 'eq' },
	{ name: 'Exists (Has a Value)', value: 'exists' },
	{ name: 'Is Between', value: 'range', description: 'Inclusive range of dates or numbers' },
	{ name: 'Not Equals', value: 'not_eq' },
];
const OPERATOR_VALUES = new Set(OPERATORS.map((option) => String(option.value)));

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

function fail(
	node: INode,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(node, message, { itemIndex, description });
}

function fieldName(node: INode, entry: IDataObject, where: string, itemIndex: number): string {
	const field = String(entry.field ?? '').trim();
	if (field === CUSTOM_FIELD) {
		const id = String(entry.customFieldId ?? '').trim();
		if (id === '')
			throw fail(
				node,
				itemIndex,
				`${where} has no custom field`,
				'Pick a custom field, or give its ID with an expression.',
			);
		return `customFields.${id}`;
	}
	if (field === '')
		throw fail(node, itemIndex, `${where} has no field`, 'Pick the contact field to use.');
	return field;
}

/** Numbers stay numbers for range comparisons (custom numeric fields); dates and text stay text. */
function rangeBound(value: unknown): string | number | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number') return value;
	const text = String(value).trim();
	if (text === '') return undefined;
	return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function buildCondition(
	node: INode,
	entry: IDataObject,
	where: string,
	itemIndex: number,
): IDataObject {
	const field = fieldName(node, entry, where, itemIndex);
	const operator = String(entry.operator ?? '');
	if (!OPERATOR_VALUES.has(operator)) {
		throw fail(
			node,
			itemIndex,
			`${where} has an unknown operator "${truncate(operator)}"`,
			`Use one of: ${[...OPERATOR_VALUES].join(', ')}.`,
		);
	}
	if (operator === 'exists' || operator === 'not_exists') return { field, operator };
	if (operator === 'range') {
		const gte = rangeBound(entry.rangeFrom);
		const lte = rangeBound(entry.rangeTo);
		if (gte === undefined && lte === undefined) {
			throw fail(
				node,
				itemIndex,
				`${where} (Is Between) needs From, To or both`,
				'Give at least one bound of the range.',
			);
		}
		return {
			field,
			operator,
			value: { ...(gte !== undefined ? { gte } : {}), ...(lte !== undefined ? { lte } : {}) },
		};
	}
	const raw = entry.value;
	const text =
		typeof raw === 'string' ? raw.trim() : raw === undefined || raw === null ? '' : String(raw);
	if (text === '') {
		throw fail(
			node,
			itemIndex,
			`${where} has an empty Value`,
			'Give the value to compare with, or use Exists / Does Not Exist.',
		);
	}
	if (text.length > MAX_TEXT) {
		throw fail(
			node,
			itemIndex,
			`${where} Value is ${text.length} characters long; HighLevel accepts at most ${MAX_TEXT}`,
			'Shorten the value.',
		);
	}
	// DND is a boolean in HighLevel's index; "true"/"false" typed as text would never match.
	const value =
		field === 'dnd' && /^(true|false)$/i.test(text) ? text.toLowerCase() === 'true' : text;
	return { field, operator, value };
}

/**
 * Builds the `filters` array: each UI group becomes `{group, filters}`; top-level entries are
 * combined with AND by HighLevel, so "Any Group" wraps the groups in one OR group.
 */
export function buildFilters(
	node: INode,
	raw: IDataObject,
	combine: string,
	itemIndex: number,
): IDataObject[] {
	const groups = (Array.isArray(raw.group) ? raw.group : []) as IDataObject[];
	const built: IDataObject[] = [];
	groups.forEach((group, groupIndex) => {
		const conditions = ((group.conditions as IDataObject | undefined)?.condition ??
			[]) as IDataObject[];
		if (!Array.isArray(conditions) || conditions.length === 0) return;
		const match = group.match === 'OR' ? 'OR' : 'AND';
		built.push({
			group: match,
			filters: conditions.map((condition, conditionIndex) =>
				buildCondition(
					node,
					condition,
					`Filter group ${groupIndex + 1}, condition ${conditionIndex + 1}`,
					itemIndex,
				),
			),
		});
	});
	if (combine === 'OR' && built.length > 1) return [{ group: 'OR', filters: built }];
	return built;
}

export function buildSort(node: INode, raw: IDataObject, itemIndex: number): IDataObject[] {
	const rules = (Array.isArray(raw.rule) ? raw.rule : []) as IDataObject[];
	return rules.map((rule, index) => {
		const where = `Sort rule ${index + 1}`;
		const direction = String(rule.direction ?? 'desc');
		if (direction !== 'asc' && direction !== 'desc') {
			throw fail(
				node,
				itemIndex,
				`${where} has an unknown direction "${truncate(direction)}"`,
				'Use asc or desc.',
			);
		}
		return { field: fieldName(node, rule, where, itemIndex), direction };
	});
}
