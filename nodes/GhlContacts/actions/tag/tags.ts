import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { toList } from '../../../shared/validation';

export function tagsField(purpose: string): INodeProperties {
	return {
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. webinar-2026, vip',
		description: `${purpose}, separated by commas. An expression may also return a list.`,
		hint: 'HighLevel stores tags in lower case',
	};
}

/**
 * The Tags parameter as a list: a list from an expression, or one comma-separated string (what
 * GHL automations send). Duplicates are dropped; an empty list fails before any request.
 */
export function tagsOf(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const tags = [...new Set(toList(ctx.getNodeParameter('tags', itemIndex, '')))];
	if (tags.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Tags is empty', {
			itemIndex,
			description: 'Give at least one tag, e.g. "vip" or "webinar-2026, vip".',
		});
	}
	return tags;
}
