import type { IExecuteFunctions } from 'n8n-workflow';

import { parseDateInZone } from '../../../shared/dateTime';

/**
 * A task due date the way HighLevel accepts it: ISO 8601 in UTC, whole seconds, no milliseconds
 * ("2026-12-01T09:30:00Z"); with milliseconds the API answers 422.
 */
export function formatDueDate(
	ctx: IExecuteFunctions,
	field: string,
	value: unknown,
	itemIndex: number,
): string {
	const date = parseDateInZone(ctx.getNode(), field, value, ctx.getTimezone(), itemIndex);
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
