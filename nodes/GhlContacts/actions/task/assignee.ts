import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { userLocator } from '../../descriptions/automation';

/**
 * A user picker under the old parameter name. Workflows saved before it was a picker hold a plain
 * string here; n8n reads a string for a resource locator as it is (the editor shows it, the run
 * uses it), so they keep working without a new node version.
 */
export const assignedToField: INodeProperties = userLocator(
	'assignedTo',
	'Assigned To',
	'The HighLevel user the task is assigned to',
);

/** The assignee's user id from a collection, picked or typed; undefined when none is given. */
export function assigneeOf(
	ctx: IExecuteFunctions,
	collection: 'additionalFields' | 'updateFields',
	itemIndex: number,
): string | undefined {
	const value: unknown = ctx.getNodeParameter(`${collection}.assignedTo`, itemIndex, '', {
		extractValue: true,
	});
	const id = typeof value === 'string' ? value.trim() : '';
	return id === '' ? undefined : id;
}
