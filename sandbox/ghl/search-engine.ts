// POST /contacts/search semantics: filters, groups, sort, page window and searchAfter cursors.
import { unprocessable } from './errors';
import { matchesQuery } from './model';
import type { Contact } from './types';

export type FilterOperator = 'eq' | 'not_eq' | 'contains' | 'not_contains' | 'exists' | 'not_exists' | 'range';
export type Scalar = string | number | boolean;
export interface RangeBounds {
	gte?: string | number;
	lte?: string | number;
	gt?: string | number;
	lt?: string | number;
}
export interface FieldFilter {
	field: string;
	operator: FilterOperator;
	value?: Scalar | Scalar[] | RangeBounds;
}
export interface FilterGroup {
	group: 'AND' | 'OR';
	filters: SearchFilter[];
}
export type SearchFilter = FieldFilter | FilterGroup;
export type CursorValue = string | number | null;

export interface SearchBody {
	locationId: string;
	pageLimit: number;
	page?: number;
	searchAfter?: CursorValue[];
	query?: string;
	filters?: SearchFilter[];
	sort?: Array<{ field: string; direction: 'asc' | 'desc' }>;
}

export type SearchHit = Contact & { searchAfter: CursorValue[] };

/** page × pageLimit may not pass this; deeper results need searchAfter (an Elasticsearch result window). */
const MAX_PAGED_RESULTS = 10_000;
const DEFAULT_SORT: NonNullable<SearchBody['sort']> = [{ field: 'dateAdded', direction: 'desc' }];

type FieldValue = string | number | boolean | string[] | undefined;
interface FieldSpec {
	get: (contact: Contact) => FieldValue;
	/** Ids compare exactly; text fields compare case-insensitively. */
	exact?: boolean;
}

const lower = (value: string | undefined) => value?.toLowerCase();
const FIELDS: Record<string, FieldSpec> = {
	id: { get: (c) => c.id, exact: true },
	firstNameLowerCase: { get: (c) => c.firstNameLowerCase },
	lastNameLowerCase: { get: (c) => c.lastNameLowerCase },
	firstName: { get: (c) => c.firstNameLowerCase },
	lastName: { get: (c) => c.lastNameLowerCase },
	name: { get: (c) => c.fullNameLowerCase },
	fullNameLowerCase: { get: (c) => c.fullNameLowerCase },
	email: { get: (c) => c.email },
	phone: { get: (c) => c.phone },
	tags: { get: (c) => c.tags },
	dateAdded: { get: (c) => Date.parse(c.dateAdded) },
	dateUpdated: { get: (c) => Date.parse(c.dateUpdated) },
	companyName: { get: (c) => lower(c.companyName) },
	source: { get: (c) => lower(c.source) },
	city: { get: (c) => lower(c.city) },
	state: { get: (c) => lower(c.state) },
	country: { get: (c) => lower(c.country) },
	postalCode: { get: (c) => lower(c.postalCode) },
	address1: { get: (c) => lower(c.address1) },
	website: { get: (c) => lower(c.website) },
	timezone: { get: (c) => lower(c.timezone) },
	type: { get: (c) => c.type },
	dnd: { get: (c) => c.dnd },
	assignedTo: { get: (c) => c.assignedTo, exact: true },
	businessId: { get: (c) => c.businessId, exact: true },
};

/** `customFields.<id>` filters and sorts on a custom field's value. */
function fieldSpec(field: string): FieldSpec {
	const spec = FIELDS[field];
	if (spec) return spec;
	const custom = /^customFields\.(.+)$/.exec(field)?.[1];
	if (custom) {
		return {
			get: (c) => {
				const value = c.customFields.find((entry) => entry.id === custom)?.value;
				if (value === undefined || typeof value !== 'object') return typeof value === 'string' ? value.toLowerCase() : value;
				return Array.isArray(value) ? value.map((item) => item.toLowerCase()) : JSON.stringify(value);
			},
		};
	}
	throw unprocessable([`field ${field} is not supported for search`]);
}

/** Brings a filter operand to the field's representation (dates as epoch ms, text lower-cased). */
function operand(spec: FieldSpec, sample: FieldValue, value: unknown): unknown {
	if (typeof sample === 'number' && typeof value === 'string') {
		const date = Date.parse(value);
		return Number.isNaN(date) ? Number(value) : date;
	}
	return typeof value === 'string' && !spec.exact ? value.toLowerCase() : value;
}

const isEmpty = (value: FieldValue) => value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

function compileField(filter: FieldFilter): (contact: Contact) => boolean {
	const spec = fieldSpec(filter.field);
	const values = (v: FieldValue): Array<string | number | boolean> => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
	switch (filter.operator) {
		case 'exists':
			return (c) => !isEmpty(spec.get(c));
		case 'not_exists':
			return (c) => isEmpty(spec.get(c));
		case 'eq':
		case 'not_eq': {
			const wanted = Array.isArray(filter.value) ? filter.value : [filter.value];
			const eq = (c: Contact) => {
				const actual = spec.get(c);
				return values(actual).some((item) => wanted.some((w) => operand(spec, item, w) === item));
			};
			return filter.operator === 'eq' ? eq : (c) => !eq(c);
		}
		case 'contains':
		case 'not_contains': {
			const needle = String(filter.value).toLowerCase();
			const contains = (c: Contact) => values(spec.get(c)).some((item) => String(item).toLowerCase().includes(needle));
			return filter.operator === 'contains' ? contains : (c) => !contains(c);
		}
		case 'range': {
			const bounds = filter.value as RangeBounds;
			return (c) =>
				values(spec.get(c)).some((raw) => {
					const item = raw as string | number;
					const at = (bound: string | number | undefined) => operand(spec, item, bound) as string | number;
					return (
						(bounds.gte === undefined || item >= at(bounds.gte)) &&
						(bounds.gt === undefined || item > at(bounds.gt)) &&
						(bounds.lte === undefined || item <= at(bounds.lte)) &&
						(bounds.lt === undefined || item < at(bounds.lt))
					);
				});
		}
	}
}

function compileFilter(filter: SearchFilter): (contact: Contact) => boolean {
	if ('group' in filter) {
		const parts = filter.filters.map(compileFilter);
		return filter.group === 'AND' ? (c) => parts.every((part) => part(c)) : (c) => parts.some((part) => part(c));
	}
	return compileField(filter);
}

function sortValue(value: FieldValue): CursorValue {
	if (value === undefined) return null;
	if (Array.isArray(value)) return value[0] ?? null;
	return typeof value === 'boolean' ? Number(value) : value;
}

/** Missing values sort last in both directions, as Elasticsearch does; the id breaks ties ascending. */
function compareKeys(a: readonly CursorValue[], b: readonly CursorValue[], directions: readonly number[]): number {
	for (let i = 0; i < a.length; i++) {
		const x = a[i];
		const y = b[i];
		if (x === y) continue;
		if (x === null) return 1;
		if (y === null) return -1;
		return (x < y ? -1 : 1) * (directions[i] ?? 1);
	}
	return 0;
}

export function searchContacts(contacts: readonly Contact[], body: SearchBody): { contacts: SearchHit[]; total: number } {
	const sort = body.sort?.length ? body.sort : DEFAULT_SORT;
	const specs = sort.map((entry) => fieldSpec(entry.field));
	const directions = sort.map((entry) => (entry.direction === 'desc' ? -1 : 1));
	const filters = (body.filters ?? []).map(compileFilter);

	if (body.searchAfter && body.searchAfter.length !== sort.length + 1) {
		throw unprocessable([`searchAfter must have ${sort.length + 1} values: the sort values and the id of the last contact seen`]);
	}
	if (!body.searchAfter && (body.page ?? 1) * body.pageLimit > MAX_PAGED_RESULTS) {
		throw unprocessable([`page * pageLimit must not exceed ${MAX_PAGED_RESULTS}; use searchAfter to page beyond ${MAX_PAGED_RESULTS} results`]);
	}

	const matches = contacts
		.filter((c) => (!body.query || matchesQuery(c, body.query)) && filters.every((filter) => filter(c)))
		.map((contact) => ({ contact, key: [...specs.map((spec) => sortValue(spec.get(contact))), contact.id] }))
		.sort((a, b) => compareKeys(a.key, b.key, directions));

	const cursor = body.searchAfter;
	const start = cursor ? matches.findIndex((m) => compareKeys(m.key, cursor, directions) > 0) : ((body.page ?? 1) - 1) * body.pageLimit;
	const page = start < 0 ? [] : matches.slice(start, start + body.pageLimit);
	return { contacts: page.map(({ contact, key }) => ({ ...contact, searchAfter: key })), total: matches.length };
}
