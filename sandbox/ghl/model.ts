// Turns validated write bodies into stored contacts the way GHL normalises them.
import type { Contact, ContactWrite, CustomFieldDefinition, CustomFieldValue, CustomFieldWrite } from './types';

const PLAIN_FIELDS = [
	'companyName',
	'source',
	'gender',
	'address1',
	'city',
	'state',
	'postalCode',
	'country',
	'website',
	'timezone',
	'assignedTo',
] as const;

export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** GHL stores phones in E.164; a bare 10-digit number is taken as North American. */
export function normalizePhone(phone: string): string {
	const digits = phone.replace(/\D/g, '');
	if (digits === '') return '';
	if (!phone.trim().startsWith('+') && digits.length === 10) return `+1${digits}`;
	return `+${digits}`;
}

/** GHL lowercases and trims tags; duplicates collapse. */
export function normalizeTags(tags: readonly string[]): string[] {
	const out: string[] = [];
	for (const raw of tags) {
		const tag = raw.trim().toLowerCase();
		if (tag !== '' && !out.includes(tag)) out.push(tag);
	}
	return out;
}

/** Accepts the formats the spec lists (YYYY-MM-DD, MM/DD/YYYY, … with - / . _) and full ISO. */
function parseDateOfBirth(value: string): string | undefined {
	const ymd = /^(\d{4})[-/._](\d{2})[-/._](\d{2})$/.exec(value);
	const mdy = /^(\d{2})[-/._](\d{2})[-/._](\d{4})$/.exec(value);
	let iso: string;
	if (ymd) iso = `${ymd[1]}-${ymd[2]}-${ymd[3]}T00:00:00.000Z`;
	else if (mdy) iso = `${mdy[3]}-${mdy[1]}-${mdy[2]}T00:00:00.000Z`;
	else iso = value;
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function setOrClear<K extends keyof Contact>(target: Contact, key: K, value: Contact[K] | null | undefined): void {
	if (value === undefined) return;
	if (value === null || value === '') delete target[key];
	else target[key] = value;
}

function resolveFieldId(write: CustomFieldWrite, defs: readonly CustomFieldDefinition[]): string | undefined {
	if (write.id) return write.id;
	const key = write.key?.replace(/^contact\./, '');
	return defs.find((def) => def.fieldKey === `contact.${key}`)?.id;
}

/** Writes merge by field id; an empty or null value removes the field. */
function mergeCustomFields(
	current: readonly CustomFieldValue[],
	writes: readonly CustomFieldWrite[],
	defs: readonly CustomFieldDefinition[],
): CustomFieldValue[] {
	const merged = new Map(current.map((field) => [field.id, field.value]));
	for (const write of writes) {
		const id = resolveFieldId(write, defs);
		if (!id) continue;
		const value = write.field_value !== undefined ? write.field_value : write.value;
		if (value === undefined) continue;
		if (value === null || value === '') merged.delete(id);
		else merged.set(id, value);
	}
	return [...merged].map(([id, value]) => ({ id, value }));
}

export interface ContactWriteContext {
	id: string;
	locationId: string;
	now: string;
	fieldDefs: readonly CustomFieldDefinition[];
}

/** Applies a write on top of `previous` (or a blank contact) and returns a new object; stored contacts are never mutated. */
export function applyContactWrite(previous: Contact | undefined, input: ContactWrite, ctx: ContactWriteContext): Contact {
	const next: Contact = previous
		? { ...previous, dateUpdated: ctx.now }
		: { id: ctx.id, locationId: ctx.locationId, type: 'lead', dnd: false, tags: [], customFields: [], dateAdded: ctx.now, dateUpdated: ctx.now };

	let { firstName, lastName } = input;
	if (firstName === undefined && lastName === undefined && input.name) {
		const [first, ...rest] = input.name.trim().split(/\s+/);
		firstName = first;
		lastName = rest.length > 0 ? rest.join(' ') : undefined;
	}
	setOrClear(next, 'firstName', firstName);
	setOrClear(next, 'lastName', lastName);
	setOrClear(next, 'email', input.email == null ? input.email : normalizeEmail(input.email));
	setOrClear(next, 'phone', input.phone == null ? input.phone : normalizePhone(input.phone));
	setOrClear(next, 'dateOfBirth', input.dateOfBirth == null ? input.dateOfBirth : parseDateOfBirth(input.dateOfBirth));
	for (const field of PLAIN_FIELDS) setOrClear(next, field, input[field]);
	if (input.dnd !== undefined) next.dnd = input.dnd;
	if (input.dndSettings) next.dndSettings = { ...next.dndSettings, ...input.dndSettings };
	if (input.inboundDndSettings) next.inboundDndSettings = input.inboundDndSettings;
	if (input.tags) next.tags = normalizeTags(input.tags);
	if (input.customFields) next.customFields = mergeCustomFields(next.customFields, input.customFields, ctx.fieldDefs);
	return withDerivedNames(next);
}

/** Recomputes the lower-case copies GHL keeps for search and sorting. */
export function withDerivedNames(contact: Contact): Contact {
	const full = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
	const derived: Contact = { ...contact };
	setOrClear(derived, 'firstNameLowerCase', contact.firstName?.toLowerCase() ?? null);
	setOrClear(derived, 'lastNameLowerCase', contact.lastName?.toLowerCase() ?? null);
	setOrClear(derived, 'fullNameLowerCase', full.toLowerCase());
	setOrClear(derived, 'contactName', full.toLowerCase());
	setOrClear(derived, 'emailLowerCase', contact.email ?? null);
	return derived;
}

/** Free-text `query` of GET /contacts/ and POST /contacts/search: case-insensitive substring on the usual fields. */
export function matchesQuery(contact: Contact, query: string): boolean {
	const needle = query.trim().toLowerCase();
	if (needle === '') return true;
	const haystack = [contact.fullNameLowerCase, contact.email, contact.phone, contact.companyName?.toLowerCase(), ...contact.tags];
	return haystack.some((value) => value !== undefined && value.includes(needle));
}
