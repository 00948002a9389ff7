import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/**
 * The Campaign parameter's id. "removeAll" is refused: in the path of a removal it is HighLevel's
 * endpoint for taking the contact out of every campaign, not a campaign.
 */
export function campaignIdOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const campaignId = ctx.getNodeParameter('campaignId', itemIndex, '', {
		extractValue: true,
	}) as string;
	if (typeof campaignId === 'string' && campaignId.trim() === 'removeAll') {
		throw new NodeOperationError(ctx.getNode(), 'Campaign "removeAll" is not a campaign ID', {
			itemIndex,
			description:
				'To take the contact out of every campaign, use the "Remove From All Campaigns" operation.',
		});
	}
	return campaignId;
}

export function campaignPath(contactId: string, campaignId: string) {
	return {
		path: '/contacts/{contactId}/campaigns/{campaignId}',
		pathParams: {
			contactId: { label: 'Contact', value: contactId },
			campaignId: { label: 'Campaign', value: campaignId },
		},
	};
}
