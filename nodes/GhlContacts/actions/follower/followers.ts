import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { toList } from '../../../shared/validation';
import { usersHint } from '../../descriptions/automation';

export function followersField(purpose: string): INodeProperties {
	return {
		displayName: 'Follower Names or IDs',
		name: 'followers',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getUsers' },
		default: [],
		required: true,
		description: `${purpose}. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		hint: usersHint,
	};
}

/**
 * The Followers parameter as user ids: picked from the list, or from an expression as a list or
 * one comma-separated string. Duplicates are dropped; an empty list fails before any request.
 */
export function followersOf(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const followers = [...new Set(toList(ctx.getNodeParameter('followers', itemIndex, [])))];
	if (followers.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Followers is empty', {
			itemIndex,
			description:
				'Pick at least one user, or give user IDs by expression, e.g. {{ ["hxHGVRb1YJUscrCB8eXK"] }} or "id1, id2".',
		});
	}
	const spaced = followers.find((id) => /\s/.test(id));
	if (spaced !== undefined) {
		throw new NodeOperationError(ctx.getNode(), `Follower "${spaced}" is not a user ID`, {
			itemIndex,
			description:
				'User IDs have no spaces. Pick users from the list, or give their IDs, not their names.',
		});
	}
	return followers;
}
