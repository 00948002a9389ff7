import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { encodePathSegment } from '../../shared/validation';
import { contactLocator } from '../descriptions/common';

/**
 * HighLevel's bulk endpoints state no limit on the ids of one request; 100 is the most its
 * contact lists hand out per page, so batches never exceed what HighLevel is known to handle.
 */
export const MAX_BATCH_SIZE = 100;

/** The Contact parameter of a bulk operation: one contact per input item. */
export function bulkContactField(): INodeProperties {
	return {
		...contactLocator(),
		default: { mode: 'id', value: '' },
		description:
			'The contact of each input item, usually by ID from an expression such as {{ $json.id }}',
		hint: 'Each input item names one contact; all items go to HighLevel together, in batches',
	};
}

export const batchOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			default: MAX_BATCH_SIZE,
			typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
			description: `Most contacts sent in one request (at most ${MAX_BATCH_SIZE})`,
		},
	],
};

/** The run's Batch Size, checked: a whole number from 1 to MAX_BATCH_SIZE. */
export function batchSizeOf(ctx: IExecuteFunctions): number {
	const value = ctx.getNodeParameter('options.batchSize', 0, MAX_BATCH_SIZE) as unknown;
	const size = Number(value);
	if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH_SIZE) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Batch Size must be a whole number from 1 to ${MAX_BATCH_SIZE}`,
			{
				description: `It is ${JSON.stringify(value)}. HighLevel gets at most ${MAX_BATCH_SIZE} contacts per request from this node.`,
			},
		);
	}
	return size;
}

/** The item's contact id, checked like any id: not empty, no spaces or separators. */
export function bulkContactIdOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const value: unknown = ctx.getNodeParameter('contactId', itemIndex, '', { extractValue: true });
	encodePathSegment(ctx.getNode(), { label: 'Contact', value }, itemIndex);
	return String(value);
}

/** The error of one contact that HighLevel reported as not done, for the first item naming it. */
export function contactFailure(
	ctx: IExecuteFunctions,
	message: string,
	description: string,
	itemIndex: number,
	answer: IDataObject,
): NodeApiError {
	return new NodeApiError(ctx.getNode(), answer as JsonObject, { message, description, itemIndex });
}
