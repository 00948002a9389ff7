import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { contactLocator } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';
import { followersField, followersOf } from './followers';

const properties: INodeProperties[] = [
	contactLocator(),
	followersField('Users who stop following the contact'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['follower'], operation: ['remove'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const followers = followersOf(this, itemIndex);
	const response = await ghlRequest<{ followers: string[]; followersRemoved: string[] }>(
		this,
		conn,
		{
			method: 'DELETE',
			path: '/contacts/{contactId}/followers',
			pathParams: { contactId: { label: 'Contact', value: contactId } },
			body: { followers },
			// Removing a user who no longer follows the contact changes nothing.
			retrySafe: true,
			itemIndex,
			expects: { followers: 'list', followersRemoved: 'list' },
		},
	);
	return [
		{
			json: {
				contactId,
				followers: response.followers,
				followersRemoved: response.followersRemoved,
			},
		},
	];
}
