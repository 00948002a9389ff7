import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { contactLocator } from '../../descriptions/common';
import type { GhlConnection } from '../../transport';
import { changeFollowers, followersField } from './followers';

const properties: INodeProperties[] = [
	contactLocator(),
	followersField('Users who stop following the contact'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['follower'], operation: ['remove'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	return await changeFollowers(this, conn, itemIndex, 'DELETE');
}
