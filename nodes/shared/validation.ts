import { NodeOperationError, type INode } from 'n8n-workflow';

/** A value destined for a URL path segment, with the parameter name users see. */
export interface PathParam {
	label: string;
	value: unknown;
}

const MAX_ID_LENGTH = 128;

/**
 * Rejects ids that would change which endpoint a request reaches (`/`, `..`, `?`, `#`) or that
 * can never be valid (empty, whitespace, control characters), before anything is sent.
 */
export function encodePathSegment(node: INode, param: PathParam, itemIndex: number): string {
	const fail = (problem: string) =>
		new NodeOperationError(node, `${param.label} ${problem}`, {
			itemIndex,
			description: `Check the "${param.label}" parameter of this item.`,
		});
	if (typeof param.value !== 'string' && typeof param.value !== 'number') {
		throw fail('is missing');
	}
	const value = String(param.value);
	if (value.trim() === '') throw fail('is empty');
	if (/\s/.test(value)) throw fail('must not contain spaces or line breaks');
	if (/[\u0000-\u001f\u007f]/.test(value)) throw fail('contains control characters');
	if (/[/\\?#%]/.test(value)) throw fail('must not contain "/", "\\", "?", "#" or "%"');
	if (value === '.' || value === '..') throw fail('must not be "." or ".."');
	if (value.length > MAX_ID_LENGTH) throw fail(`is longer than ${MAX_ID_LENGTH} characters`);
	return encodeURIComponent(value);
}

/** Fills `{name}` placeholders of a path template with validated, encoded segments. */
export function buildPath(
	node: INode,
	template: string,
	params: Record<string, PathParam>,
	itemIndex: number,
): string {
	return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
		const param = params[name];
		if (!param) throw new NodeOperationError(node, `Internal: no value for path parameter ${name}`);
		return encodePathSegment(node, param, itemIndex);
	});
}

// No spaces, control characters or the separators of address lists and display names.
const EMAIL =
	/^[^\s@"<>(),;:\u0000-\u001f\u007f]+@[^\s@"<>(),;:\u0000-\u001f\u007f]+\.[^\s@"<>(),;:\u0000-\u001f\u007f]{2,}$/;

export function assertEmail(node: INode, field: string, value: string, itemIndex: number): string {
	const email = value.trim();
	if (!EMAIL.test(email) || email.length > 254) {
		throw new NodeOperationError(
			node,
			`${field} "${truncate(email)}" is not a valid email address`,
			{
				itemIndex,
				description: 'Use the form name@example.com.',
			},
		);
	}
	return email;
}

/** Phones go to the API as E.164 (+ and 7 to 15 digits); common separators are removed first. */
export function normalisePhone(
	node: INode,
	field: string,
	value: string,
	itemIndex: number,
): string {
	const phone = value.trim().replace(/[\s().-]/g, '');
	if (!/^\+[1-9]\d{6,14}$/.test(phone)) {
		throw new NodeOperationError(
			node,
			`${field} "${truncate(value)}" is not a valid phone number`,
			{
				itemIndex,
				description:
					'Use the international E.164 format: a plus sign, the country code and the number, e.g. +14155550123.',
			},
		);
	}
	return phone;
}

/** Parses a date-time parameter (ISO string, or a Luxon DateTime/Date from an expression). */
export function parseDateTime(node: INode, field: string, value: unknown, itemIndex: number): Date {
	const candidate =
		value instanceof Date
			? value
			: typeof value === 'object' && value !== null && 'toISO' in value
				? new Date(String((value as { toISO: () => string }).toISO()))
				: typeof value === 'string' || typeof value === 'number'
					? new Date(value)
					: new Date(NaN);
	if (value === '' || value === undefined || Number.isNaN(candidate.getTime())) {
		throw new NodeOperationError(
			node,
			`${field} "${truncate(String(value ?? ''))}" is not a valid date`,
			{
				itemIndex,
				description: 'Use an ISO 8601 date and time, e.g. 2026-12-01T09:30:00Z, or pick one.',
			},
		);
	}
	return candidate;
}

/** Accepts a list, or one comma-separated string as GHL automations send tags. */
export function toList(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap((entry) => toList(entry));
	if (typeof value !== 'string') return [];
	return value
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

export function truncate(value: string, max = 60): string {
	return value.length > max ? `${value.slice(0, max)}…` : value;
}
