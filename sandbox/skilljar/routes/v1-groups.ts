// v1 groups: Skilljar's nearest thing to tags. Names are unique (case-sensitive), ≤ 100 characters.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { drfNotFound, drfValidation } from '../errors';
import { v1Page } from '../paging';
import { GROUP_NAME_MAX } from '../store';
import { v1Group, v1GroupUser } from '../views';
import { groupOr404, idPattern, userOr404 } from './helpers';

const groupParams = {
	type: 'object',
	properties: { group_id: idPattern },
	required: ['group_id'],
} as const;
const memberParams = {
	type: 'object',
	properties: { group_id: idPattern, user_id: idPattern },
	required: ['group_id', 'user_id'],
} as const;
const pageQuery = { page: { type: 'integer' }, page_size: { type: 'integer' } } as const;
const groupBody = {
	type: 'object',
	properties: {
		name: { type: 'string', minLength: 1, maxLength: GROUP_NAME_MAX },
		rule_email_domains: { type: 'array', items: { type: 'string' } },
	},
	required: ['name'],
} as const;
const groupPatchBody = { type: 'object', properties: groupBody.properties } as const;

type GroupParams = { group_id: string };
type GroupInput = { name?: string; rule_email_domains?: string[] };

export function registerV1GroupRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;

	app.get<{ Querystring: { name?: string } }>(
		'/v1/groups',
		{ schema: { querystring: { type: 'object', properties: pageQuery } } },
		async (request) => {
			const { name } = request.query;
			const groups = store
				.listGroups()
				.filter((group) => name === undefined || group.name === name);
			return v1Page(
				ctx,
				request,
				groups.map((group) => v1Group(store, group)),
			);
		},
	);

	app.post<{ Body: GroupInput & { name: string } }>(
		'/v1/groups',
		{ schema: { body: groupBody } },
		async (request, reply) => {
			if (store.findGroupByName(request.body.name))
				throw drfValidation({ name: ['group with this name already exists.'] });
			const group = store.addGroup({
				name: request.body.name,
				rule_email_domains: request.body.rule_email_domains,
			});
			return reply.code(201).send(v1Group(store, group));
		},
	);

	app.get<{ Params: GroupParams }>(
		'/v1/groups/:group_id',
		{ schema: { params: groupParams } },
		async (request) => v1Group(store, groupOr404(ctx, request.params.group_id)),
	);

	const updateGroup = async (request: { params: GroupParams; body: GroupInput | undefined }) => {
		const group = groupOr404(ctx, request.params.group_id);
		const body = request.body ?? {};
		if (body.name !== undefined && body.name !== group.name) {
			if (store.findGroupByName(body.name))
				throw drfValidation({ name: ['group with this name already exists.'] });
			group.name = body.name;
		}
		if (body.rule_email_domains !== undefined) group.rule_email_domains = body.rule_email_domains;
		group.updated_at = new Date(ctx.clock()).toISOString();
		return v1Group(store, group);
	};
	app.put<{ Params: GroupParams; Body: GroupInput | undefined }>(
		'/v1/groups/:group_id',
		{ schema: { params: groupParams, body: groupPatchBody } },
		updateGroup,
	);
	app.patch<{ Params: GroupParams; Body: GroupInput | undefined }>(
		'/v1/groups/:group_id',
		{ schema: { params: groupParams, body: groupPatchBody } },
		updateGroup,
	);

	app.delete<{ Params: GroupParams }>(
		'/v1/groups/:group_id',
		{ schema: { params: groupParams } },
		async (request, reply) => {
			const group = groupOr404(ctx, request.params.group_id);
			for (const membership of store.membersOf(group.id))
				store.removeMember(group.id, membership.userId);
			store.groups.delete(group.id);
			return reply.code(204).send();
		},
	);

	app.get<{ Params: GroupParams }>(
		'/v1/groups/:group_id/users',
		{ schema: { params: groupParams, querystring: { type: 'object', properties: pageQuery } } },
		async (request) => {
			const group = groupOr404(ctx, request.params.group_id);
			return v1Page(
				ctx,
				request,
				store.membersOf(group.id).map((membership) => v1GroupUser(store, membership)),
			);
		},
	);

	// Membership is a set: adding a member again returns the existing membership.
	app.post<{ Params: GroupParams; Body: { user: { id: string } } }>(
		'/v1/groups/:group_id/users',
		{
			schema: {
				params: groupParams,
				body: {
					type: 'object',
					properties: {
						user: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
					},
					required: ['user'],
				},
			},
		},
		async (request, reply) => {
			const group = groupOr404(ctx, request.params.group_id);
			const user = store.getUser(request.body.user.id);
			if (!user)
				throw drfValidation({
					user: [`Invalid pk "${request.body.user.id}" - object does not exist.`],
				});
			const { membership } = store.addMember(group.id, user.id);
			return reply.code(201).send(v1GroupUser(store, membership));
		},
	);

	app.get<{ Params: GroupParams & { user_id: string } }>(
		'/v1/groups/:group_id/users/:user_id',
		{ schema: { params: memberParams } },
		async (request) => {
			const group = groupOr404(ctx, request.params.group_id);
			const membership = store.memberships.get(`${group.id}|${request.params.user_id}`);
			if (!membership) throw drfNotFound();
			return v1GroupUser(store, membership);
		},
	);

	app.delete<{ Params: GroupParams & { user_id: string } }>(
		'/v1/groups/:group_id/users/:user_id',
		{ schema: { params: memberParams } },
		async (request, reply) => {
			const group = groupOr404(ctx, request.params.group_id);
			userOr404(ctx, request.params.user_id);
			if (!store.removeMember(group.id, request.params.user_id)) throw drfNotFound();
			return reply.code(204).send();
		},
	);
}
