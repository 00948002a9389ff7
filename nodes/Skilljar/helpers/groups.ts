import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { RequestContext } from '../../shared/transport/types';
import { encodePathSegment } from '../../shared/validation';
import { entryError, singleEntry, type BatchAnswer } from './batch';
import {
	flatten,
	skilljarRequest,
	v1List,
	v2List,
	type JsonApiResource,
	type SkilljarConnection,
} from '../transport';

export const GROUP_NAME_MAX = 100;

/** A group as every operation outputs it, whichever API answered. */
export interface GroupOutput extends IDataObject {
	id: string;
	name: string;
}

function fromV1Group(record: IDataObject): GroupOutput {
	return { ...record, id: String(record.id), name: String(record.name ?? '') };
}

function fromV2Group(resource: JsonApiResource): GroupOutput {
	const flat = flatten(resource);
	return { ...flat, id: String(flat.id), name: String(flat.name ?? '') };
}

/**
 * Groups of the organization. `nameContains` narrows v2 lists on the server (a case-insensitive
 * substring match there); v1 can only match exact names, so it lists all and callers filter.
 */
export async function listGroups(
	ctx: RequestContext,
	conn: SkilljarConnection,
	itemIndex: number,
	limit = Number.POSITIVE_INFINITY,
	nameContains?: string,
): Promise<GroupOutput[]> {
	if (conn.api === 'v1') {
		const records = await v1List<IDataObject>(
			ctx,
			conn,
			{ path: '/v1/groups', declaresPageSize: true, itemIndex },
			limit,
		);
		return records.map(fromV1Group);
	}
	const { data } = await v2List(
		ctx,
		conn,
		{
			path: '/v2/groups/',
			qs: nameContains ? { 'filter[name]': nameContains } : {},
			scope: 'student-groups:read',
			itemIndex,
		},
		limit,
	);
	return data.map(fromV2Group);
}

/** The group with exactly this name (names are unique and case-sensitive in Skilljar). */
export async function findGroupByName(
	ctx: RequestContext,
	conn: SkilljarConnection,
	name: string,
	itemIndex: number,
): Promise<GroupOutput | undefined> {
	if (conn.api === 'v1') {
		const records = await v1List<IDataObject>(
			ctx,
			conn,
			{ path: '/v1/groups', qs: { name }, declaresPageSize: true, itemIndex },
			1,
		);
		return records.map(fromV1Group).find((group) => group.name === name);
	}
	return (await listGroups(ctx, conn, itemIndex, Number.POSITIVE_INFINITY, name)).find(
		(group) => group.name === name,
	);
}

export function checkGroupName(ctx: RequestContext, name: string, itemIndex: number): string {
	const trimmed = name.trim();
	if (trimmed === '' || trimmed.length > GROUP_NAME_MAX) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Group name "${trimmed.slice(0, 60)}" must have 1 to ${GROUP_NAME_MAX} characters`,
			{
				itemIndex,
				description: 'Skilljar group names are at most 100 characters long.',
			},
		);
	}
	return trimmed;
}

/** Creates a group; fails with Skilljar's answer when the name is taken. */
export async function createGroup(
	ctx: RequestContext,
	conn: SkilljarConnection,
	name: string,
	itemIndex: number,
): Promise<GroupOutput> {
	if (conn.api === 'v1') {
		return fromV1Group(
			await skilljarRequest(ctx, conn, {
				method: 'POST',
				path: '/v1/groups',
				body: { name },
				itemIndex,
			}),
		);
	}
	const answer = await skilljarRequest<BatchAnswer>(ctx, conn, {
		method: 'POST',
		path: '/v2/groups/',
		body: { data: [{ type: 'groups', attributes: { name } }] },
		scope: 'student-groups:write',
		itemIndex,
	});
	return fromV2Group(singleEntry(ctx.getNode(), answer, `the group "${name}"`, itemIndex).result!);
}

/** The group a Group locator names: from the list or by ID as given, by name looked up. */
export async function resolveGroup(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	itemIndex: number,
): Promise<{ id: string; name?: string }> {
	const raw = ctx.getNodeParameter('group', itemIndex) as
		{ mode?: string; value?: unknown } | string;
	const locator = typeof raw === 'object' && raw !== null ? raw : { mode: 'id', value: raw };
	const value = String(locator.value ?? '').trim();
	if (value === '') {
		throw new NodeOperationError(ctx.getNode(), 'Group is empty', {
			itemIndex,
			description: 'Pick a group, or give its name or ID.',
		});
	}
	if (locator.mode !== 'name') {
		encodePathSegment(ctx.getNode(), { label: 'Group', value }, itemIndex);
		return { id: value };
	}
	const group = await findGroupByName(ctx, conn, value, itemIndex);
	if (!group) {
		throw new NodeOperationError(ctx.getNode(), `No Skilljar group is named "${value}"`, {
			itemIndex,
			description:
				'Group names match exactly, including case. Create the group first (Group → Create).',
		});
	}
	return { id: group.id, name: group.name };
}

/** Adds a learner to a group. Membership is a set, so a repeat cannot add twice. */
export async function addMember(
	ctx: RequestContext,
	conn: SkilljarConnection,
	groupId: string,
	learnerId: string,
	itemIndex: number,
): Promise<void> {
	const pathParams = { groupId: { label: 'Group', value: groupId } };
	if (conn.api === 'v1') {
		await skilljarRequest(ctx, conn, {
			method: 'POST',
			path: '/v1/groups/{groupId}/users',
			pathParams,
			body: { user: { id: learnerId } },
			retrySafe: true,
			itemIndex,
		});
		return;
	}
	const answer = await skilljarRequest<BatchAnswer>(ctx, conn, {
		method: 'POST',
		path: '/v2/groups/{groupId}/relationships/students/',
		pathParams,
		body: { data: [{ type: 'students', id: learnerId }] },
		retrySafe: true,
		scope: 'student-groups:write',
		itemIndex,
	});
	singleEntry(ctx.getNode(), answer, `adding learner ${learnerId} to group ${groupId}`, itemIndex);
}

/** Removes a learner from a group (v2: idempotent; v1: 404 when not a member). */
export async function removeMember(
	ctx: RequestContext,
	conn: SkilljarConnection,
	groupId: string,
	learnerId: string,
	itemIndex: number,
): Promise<void> {
	if (conn.api === 'v1') {
		await skilljarRequest(ctx, conn, {
			method: 'DELETE',
			path: '/v1/groups/{groupId}/users/{learnerId}',
			pathParams: {
				groupId: { label: 'Group', value: groupId },
				learnerId: { label: 'Learner', value: learnerId },
			},
			itemIndex,
		});
		return;
	}
	const answer = await skilljarRequest<BatchAnswer>(ctx, conn, {
		method: 'DELETE',
		path: '/v2/groups/{groupId}/relationships/students/',
		pathParams: { groupId: { label: 'Group', value: groupId } },
		body: { data: [{ type: 'students', id: learnerId }] },
		scope: 'student-groups:write',
		itemIndex,
	});
	const entry = answer.data?.[0];
	if (entry?.status === 'failed')
		throw entryError(
			ctx.getNode(),
			entry,
			`removing learner ${learnerId} from group ${groupId}`,
			itemIndex,
		);
}

/** The groups a learner is in (v1 only: v2 cannot list memberships). */
export async function groupsOfLearner(
	ctx: RequestContext,
	conn: SkilljarConnection,
	learnerId: string,
	itemIndex: number,
): Promise<GroupOutput[]> {
	const memberships = await v1List<{ group?: { id: string; name: string } }>(ctx, conn, {
		path: '/v1/users/{learnerId}/groups',
		pathParams: { learnerId: { label: 'Learner', value: learnerId } },
		itemIndex,
	});
	return memberships
		.map((membership) => membership.group)
		.filter((group): group is { id: string; name: string } => group !== undefined)
		.map((group) => ({ id: String(group.id), name: String(group.name) }));
}
