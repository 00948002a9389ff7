import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { contactLocator } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';
import { followersField, followersOf } from './followers';

const properties: INodeProperties[] = [
	contactLocator(),
	followersField('Users who start following the contact'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['follower'], operation: ['add'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const followers = followersOf(this, itemIndex);
	const response = await ghlRequest<{ followers: string[]; followersAdded: string[] }>(this, conn, {
		method: 'POST',
		path: '/contacts/{contactId}/followers',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		body: { followers },
		// Followers are a set: a user who already follows the contact is not added again.
		retrySafe: true,
		itemIndex,
		expects: { followers: 'list', followersAdded: 'list' },
	});
	return [
		{
			json: {
				contactId,
				followers: response.followers,
				followersAdded: response.followersAdded,
			},
		},
	];
}
