import {
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { truncate } from '../../shared/validation';

/** Longest text HighLevel accepts for `query` and for eq/contains filter values. */
export const MAX_TEXT = 75;
export const CUSTOM_FIELD = 'customField';

export const OPERATORS: INodePropertyOptions[] = [
	{ name: 'Contains', value: 'contains' },
	{ name: 'Does Not Contain', value: 'not_contains' },
	{ name: 'Does Not Exist (Empty)', value: 'not_exists' },
	{ name: 'Equals', value: 'eq' },
	{ name: 'Exists (Has a Value)', value: 'exists' },
	{ name: 'Is Between', value: 'range', description: 'Inclusive range of dates or numbers' },
	{ name: 'Not Equals', value: 'not_eq' },
];
const OPERATOR_VALUES = new Set(OPERATORS.map((option) => String(option.value)));

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
