import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { toList } from '../../../shared/validation';
import { usersHint } from '../../descriptions/automation';
import { ghlRequest, type GhlConnection } from '../../transport';

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
function followersOf(ctx: IExecuteFunctions, itemIndex: number): string[] {
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

/** What each way answers besides `followers`, per the spec's response DTOs. */
const CHANGED = { POST: 'followersAdded', DELETE: 'followersRemoved' } as const;

/**
 * Adds (POST) or removes (DELETE) followers of the Contact parameter's contact, and outputs
 * HighLevel's `followers` with `followersAdded` or `followersRemoved`.
 */
export async function changeFollowers(
	ctx: IExecuteFunctions,
	conn: GhlConnection,
	itemIndex: number,
	method: keyof typeof CHANGED,
): Promise<INodeExecutionData[]> {
	const contactId = ctx.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const followers = followersOf(ctx, itemIndex);
	const changed = CHANGED[method];
	const response = await ghlRequest<Record<string, string[]>>(ctx, conn, {
		method,
		path: '/contacts/{contactId}/followers',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		body: { followers },
		// Followers are a set: a repeat adds nobody twice and removes nobody who is not there.
		retrySafe: true,
		itemIndex,
		expects: { followers: 'list', [changed]: 'list' },
	});
	return [{ json: { contactId, followers: response.followers, [changed]: response[changed] } }];
}
