import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { GhlRequest } from '../transport';

const KINDS = {
	workflow: {
		param: 'workflowId',
		label: 'Workflow',
		path: '/contacts/{contactId}/workflow/{workflowId}',
	},
	campaign: {
		param: 'campaignId',
		label: 'Campaign',
		path: '/contacts/{contactId}/campaigns/{campaignId}',
	},
} as const;

export interface Membership extends Pick<GhlRequest, 'path' | 'pathParams'> {
	contactId: string;
	/** The workflow's or campaign's id. */
	id: string;
}

/**
 * The contact and the workflow or campaign an operation adds it to or removes it from, and the
 * path they make (both ids are checked before anything is sent).
 */
export function membershipOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: keyof typeof KINDS,
): Membership {
	const { param, label, path } = KINDS[kind];
	const contactId = ctx.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const id = ctx.getNodeParameter(param, itemIndex, '', { extractValue: true }) as string;
	// In a campaign path "removeAll" is HighLevel's endpoint for leaving every campaign.
	if (kind === 'campaign' && typeof id === 'string' && id.trim() === 'removeAll') {
		throw new NodeOperationError(ctx.getNode(), 'Campaign "removeAll" is not a campaign ID', {
			itemIndex,
			description:
				'To take the contact out of every campaign, use the "Remove From All Campaigns" operation.',
		});
	}
	return {
		contactId,
		id,
		path,
		pathParams: {
			contactId: { label: 'Contact', value: contactId },
			[param]: { label, value: id },
		},
	};
}
