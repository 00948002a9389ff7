import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import {
	assertEmail,
	normalisePhone,
	parseDateTime,
	toList,
	truncate,
} from '../../shared/validation';
import type { ContactWriteOperation } from '../descriptions/contactFields';

/** Plain text fields every write endpoint accepts, as they appear in the API body. */
const TEXT_FIELDS = [
	'firstName',
	'lastName',
	'name',
	'source',
	'address1',
	'city',
	'state',
	'postalCode',
	'country',
	'website',
	'timezone',
	'assignedTo',
] as const;

/** CreateContactDto and UpsertContactDto have these; UpdateContactDto does not (the API answers 422). */
const CREATE_ONLY_TEXT_FIELDS = ['companyName'] as const;

const LABELS: Record<string, string> = {
	firstName: 'First Name',
	lastName: 'Last Name',
	name: 'Full Name',
	source: 'Source',
	address1: 'Street Address',
	city: 'City',
	state: 'State',
	postalCode: 'Postal Code',
	country: 'Country',
	website: 'Website',
	timezone: 'Timezone',
	assignedTo: 'Assigned User ID',
	companyName: 'Company Name',
};

function isEmpty(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		(typeof value === 'string' && value.trim() === '') ||
		(Array.isArray(value) && value.length === 0)
	);
}

function fail(
	node: INode,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(node, message, { itemIndex, description });
}

/**
 * Turns the user's contact-field collection into the body of POST /contacts/, POST
 * /contacts/upsert or PUT /contacts/{id}: validates and normalises each field (naming it when it is
 * wrong), leaves out empty values, and sends only what that endpoint accepts. Runs before any
 * request, so bad input never reaches HighLevel.
 */
export function buildContactBody(
	node: INode,
	fields: IDataObject,
	operation: ContactWriteOperation,
	itemIndex: number,
): IDataObject {
	const body: IDataObject = {};
	const textFields: readonly string[] =
		operation === 'update' ? TEXT_FIELDS : [...TEXT_FIELDS, ...CREATE_ONLY_TEXT_FIELDS];

	for (const key of textFields) {
		const value = fields[key];
		if (isEmpty(value)) continue;
		if (typeof value !== 'string' && typeof value !== 'number') {
			throw fail(
				node,
				itemIndex,
				`${LABELS[key]} must be text`,
				`Give ${LABELS[key]} as text, not a list or object.`,
			);
		}
		body[key] = String(value).trim();
	}

	if (!isEmpty(fields.email)) {
		body.email = assertEmail(node, 'Email', String(fields.email), itemIndex);
	}
	if (!isEmpty(fields.phone)) {
		body.phone = normalisePhone(node, 'Phone', String(fields.phone), itemIndex);
	}
	if (!isEmpty(fields.tags)) {
		const tags = toList(typeof fields.tags === 'number' ? String(fields.tags) : fields.tags);
		if (tags.length > 0) body.tags = tags;
	}
	if (!isEmpty(fields.dateOfBirth)) {
		body.dateOfBirth = toDateOnly(node, 'Date of Birth', fields.dateOfBirth, itemIndex);
	}
	if (typeof fields.dnd === 'boolean') body.dnd = fields.dnd;

	const dndSettings = buildDndSettings(node, fields.dndSettings, itemIndex);
	if (dndSettings) body.dndSettings = dndSettings;

	const customFields = buildCustomFields(node, fields.customFields, itemIndex);
	if (customFields.length > 0) body.customFields = customFields;

	return body;
}

/** `{channel: [{channel, status, message}]}` from the UI → `{SMS: {status, message}, …}`. */
function buildDndSettings(node: INode, raw: unknown, itemIndex: number): IDataObject | undefined {
	const entries = ((raw as IDataObject | undefined)?.channel ?? []) as IDataObject[];
	if (!Array.isArray(entries) || entries.length === 0) return undefined;
	const settings: IDataObject = {};
	for (const entry of entries) {
		const channel = String(entry.channel ?? '');
		const status = String(entry.status ?? '');
		if (channel in settings) {
			throw fail(
				node,
				itemIndex,
				`DND Settings lists the channel ${channel} twice`,
				'Keep one entry per channel.',
			);
		}
		const message = typeof entry.message === 'string' ? entry.message.trim() : '';
		settings[channel] = { status, ...(message ? { message } : {}) };
	}
	return settings;
}

/** `{field: [{fieldId, value}]}` from the UI → `[{id, field_value}]`, the write shape HighLevel documents. */
function buildCustomFields(node: INode, raw: unknown, itemIndex: number): IDataObject[] {
	const entries = ((raw as IDataObject | undefined)?.field ?? []) as IDataObject[];
	if (!Array.isArray(entries)) return [];
	const result: IDataObject[] = [];
	entries.forEach((entry, position) => {
		const id = typeof entry.fieldId === 'string' ? entry.fieldId.trim() : '';
		if (id === '') {
			throw fail(
				node,
				itemIndex,
				`Custom Fields entry ${position + 1} has no field`,
				'Pick a custom field from the list, or give its ID with an expression.',
			);
		}
		if (isEmpty(entry.value)) return;
		result.push({ id, field_value: entry.value as IDataObject['field_value'] });
	});
	return result;
}

/**
 * A calendar date as YYYY-MM-DD. Date-only strings keep their day as written (no timezone shift);
 * anything else (a date-time, a Luxon DateTime from an expression) is read by parseDateTime.
 */
export function toDateOnly(node: INode, field: string, value: unknown, itemIndex: number): string {
	if (typeof value === 'object' && value !== null && 'toISODate' in value) {
		const iso = (value as { toISODate: () => string | null }).toISODate();
		if (iso) return iso;
	}
	if (typeof value === 'string') {
		const text = value.trim();
		const ymd = /^(\d{4})[-/.](\d{2})[-/.](\d{2})(?:$|T)/.exec(text);
		const mdy = /^(\d{2})[-/.](\d{2})[-/.](\d{4})$/.exec(text);
		const parts = ymd ? [ymd[1], ymd[2], ymd[3]] : mdy ? [mdy[3], mdy[1], mdy[2]] : undefined;
		if (parts) {
			const [year, month, day] = parts.map(Number);
			const date = new Date(Date.UTC(year, month - 1, day));
			if (
				date.getUTCFullYear() !== year ||
				date.getUTCMonth() !== month - 1 ||
				date.getUTCDate() !== day
			) {
				throw fail(
					node,
					itemIndex,
					`${field} "${truncate(text)}" is not a valid date`,
					'Use a real calendar date, e.g. 1990-09-25.',
				);
			}
			return `${parts[0]}-${parts[1]}-${parts[2]}`;
		}
	}
	return parseDateTime(node, field, value, itemIndex).toISOString().slice(0, 10);
}
