import { NodeOperationError, type INode } from 'n8n-workflow';

import { parseDateTime, truncate } from './validation';

// A date (and time) with no offset, as the editor's date picker stores it.
const ZONELESS = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * A date-time parameter as an instant. A value without an offset is wall-clock time in the
 * workflow's time zone, as in n8n's own nodes, not the server's; anything else (ISO with an
 * offset, a Luxon DateTime from an expression) is read by parseDateTime.
 */
export function parseDateInZone(
	node: INode,
	field: string,
	value: unknown,
	timeZone: string,
	itemIndex: number,
): Date {
	const text = typeof value === 'string' ? value.trim() : value;
	const zoneless = typeof text === 'string' ? ZONELESS.exec(text) : null;
	return zoneless
		? wallClockToDate(node, field, text as string, zoneless, timeZone, itemIndex)
		: parseDateTime(node, field, text, itemIndex);
}

/** ISO 8601 to the second with the zone's offset at that instant, e.g. "2026-06-23T03:30:00+01:00". */
export function formatWithOffset(date: Date, timeZone: string): string {
	const instant = Math.floor(date.getTime() / 1000) * 1000;
	const offsetMinutes = Math.round(offsetMs(instant, timeZone) / 60_000);
	const wall = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 19);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
	const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
	return `${wall}${sign}${hours}:${minutes}`;
}

function wallClockToDate(
	node: INode,
	field: string,
	text: string,
	match: RegExpExecArray,
	timeZone: string,
	itemIndex: number,
): Date {
	const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
	const wall = Date.UTC(year, month - 1, day, hour, minute, second);
	const check = new Date(wall);
	if (
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day ||
		hour > 23 ||
		minute > 59 ||
		second > 59
	) {
		throw new NodeOperationError(node, `${field} "${truncate(text)}" is not a valid date`, {
			itemIndex,
			description: 'Use an ISO 8601 date and time, e.g. 2026-12-01T09:30:00Z, or pick one.',
		});
	}
	// Two passes settle the offset also next to a daylight-saving switch.
	const first = wall - offsetMs(wall, timeZone);
	return new Date(wall - offsetMs(first, timeZone));
}

/** How far the zone's wall clock is ahead of UTC at that instant. */
function offsetMs(instant: number, timeZone: string): number {
	let parts: Intl.DateTimeFormatPart[];
	try {
		parts = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		}).formatToParts(new Date(instant));
	} catch {
		// n8n checks the workflow's zone name when it is saved; an unknown one here means UTC.
		return 0;
	}
	const get = (type: Intl.DateTimeFormatPartTypes) =>
		Number(parts.find((part) => part.type === type)?.value ?? 0);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second'),
	);
	return asUtc - Math.floor(instant / 1000) * 1000;
}
