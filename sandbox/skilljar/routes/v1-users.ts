// v1 users (organisation-wide), domain users (membership of a training domain), invites and
// signup (profile) field values.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { drfValidation, HttpError } from '../errors';
import { v1Cursor, v1Page } from '../paging';
import { NAME_MAX, type SkilljarStore } from '../store';
import type { SignupField } from '../types';
import {
	v1DomainUser,
	v1SignupField,
	v1SignupValues,
	v1UserOverview,
	v1UserUpdate,
} from '../views';
import {
	booleanFilter,
	domainOr404,
	domainPattern,
	idPattern,
	matches,
	memberOr404,
	userOr404,
} from './helpers';

/** The sandbox's permanent-error class: an email the configuration refuses (RuntimeConfig.refusedEmails). */
function refuseConfiguredEmail(ctx: SandboxContext, email: string): void {
	if (ctx.refusesEmail(email)) throw drfValidation({ email: ['Enter a valid email address.'] });
}

const nameField = { type: 'string', maxLength: NAME_MAX } as const;
const emailField = { type: 'string', format: 'email', maxLength: 254 } as const;
const dateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const pageQuery = { page: { type: 'integer' }, page_size: { type: 'integer' } } as const;

const userParams = {
	type: 'object',
	properties: { user_id: idPattern },
	required: ['user_id'],
} as const;
const domainParams = {
	type: 'object',
	properties: { domain_name: domainPattern },
	required: ['domain_name'],
} as const;
const domainUserParams = {
	type: 'object',
	properties: { domain_name: domainPattern, user_id: idPattern },
	required: ['domain_name', 'user_id'],
} as const;

const userUpdateBody = {
	type: 'object',
	properties: { email: emailField, first_name: nameField, last_name: nameField },
} as const;
const domainUserCreateBody = {
	type: 'object',
	properties: {
		user: {
			type: 'object',
			properties: { email: emailField, first_name: nameField, last_name: nameField },
			required: ['email'],
		},
		active: { type: 'boolean' },
		marketing_optin: { type: ['boolean', 'null'] },
		expires_at: dateTime,
	},
	required: ['user'],
} as const;
const domainUserUpdateBody = {
	type: 'object',
	properties: { active: { type: 'boolean' }, expires_at: dateTime },
} as const;
/** v1 values have minLength 1 (v2's have none); DRF trims first, so blanks are refused too. */
function v1ValueProblem(
	store: SkilljarStore,
	field: SignupField,
	value: string,
): string | undefined {
	if (value.trim() === '') return 'This field may not be blank.';
	return store.signupValueProblem(field, value);
}

const signupValueBody = {
	type: 'object',
	properties: {
		signup_field: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
		value: { type: 'string' },
	},
	required: ['signup_field', 'value'],
} as const;
const signupBulkBody = {
	type: 'object',
	properties: {
		signup_fields: {
			type: 'array',
			items: {
				type: 'object',
				properties: { id: { type: 'string' }, value: { type: 'string' } },
				required: ['id', 'value'],
			},
		},
	},
	required: ['signup_fields'],
} as const;

type UserParams = { user_id: string };
type DomainParams = { domain_name: string };
type DomainUserParams = DomainParams & UserParams;
type UserPatch = { email?: string; first_name?: string; last_name?: string };

export function registerV1UserRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;

	app.get('/v1/ping', async (_request, reply) => reply.code(200).send());

	// ---- users ----

	app.get<{ Querystring: Record<string, string | undefined> }>(
		'/v1/users',
		{
			schema: {
				querystring: {
					type: 'object',
					properties: { is_inactive: { type: 'boolean' }, page_size: { type: 'integer' } },
				},
			},
		},
		async (request) => {
			const { email, first_name, last_name } = request.query;
			const inactive = booleanFilter(request.query.is_inactive);
			const users = store
				.listUsers()
				.filter(
					(user) =>
						(email === undefined || user.email === email.trim().toLowerCase()) &&
						matches(user.first_name, first_name) &&
						matches(user.last_name, last_name) &&
						(inactive === undefined || (user.inactive_at !== null) === inactive),
				);
			return v1Cursor(
				ctx,
				request,
				users.map((user) => v1UserOverview(store, user)),
			);
		},
	);

	app.get<{ Params: UserParams }>(
		'/v1/users/:user_id',
		{ schema: { params: userParams } },
		async (request) => v1UserOverview(store, userOr404(ctx, request.params.user_id)),
	);

	const updateUser = async (request: { params: UserParams; body: UserPatch | undefined }) => {
		const user = userOr404(ctx, request.params.user_id);
		const body = request.body ?? {};
		if (body.email !== undefined) {
			const email = body.email.trim().toLowerCase();
			refuseConfiguredEmail(ctx, email);
			const owner = store.findUserByEmail(email);
			if (owner && owner.id !== user.id)
				throw drfValidation({ email: ['A user with that email already exists.'] });
			user.email = email;
		}
		if (body.first_name !== undefined) user.first_name = body.first_name;
		if (body.last_name !== undefined) user.last_name = body.last_name;
		return v1UserUpdate(user);
	};
	// Both PUT and PATCH update partially (v1-openapi.yml).
	app.put<{ Params: UserParams; Body: UserPatch | undefined }>(
		'/v1/users/:user_id',
		{ schema: { params: userParams, body: userUpdateBody } },
		updateUser,
	);
	app.patch<{ Params: UserParams; Body: UserPatch | undefined }>(
		'/v1/users/:user_id',
		{ schema: { params: userParams, body: userUpdateBody } },
		updateUser,
	);

	app.get<{ Params: UserParams }>(
		'/v1/users/:user_id/groups',
		{ schema: { params: userParams, querystring: { type: 'object', properties: pageQuery } } },
		async (request) => {
			const user = userOr404(ctx, request.params.user_id);
			const memberships = [...store.memberships.values()].filter(
				(membership) => membership.userId === user.id,
			);
			return v1Page(
				ctx,
				request,
				memberships.map((membership) => ({
					id: membership.id,
					group: { id: membership.groupId, name: store.groups.get(membership.groupId)?.name ?? '' },
					joined_at: membership.created_at,
				})),
			);
		},
	);

	// ---- domains and domain users ----

	app.get<{ Params: DomainParams; Querystring: Record<string, string | undefined> }>(
		'/v1/domains/:domain_name/users',
		{
			schema: {
				params: domainParams,
				querystring: {
					type: 'object',
					properties: {
						...pageQuery,
						active: { type: 'boolean' },
						include_signup_field_data: { type: 'boolean' },
					},
				},
			},
		},
		async (request) => {
			const domain = domainOr404(ctx, request.params.domain_name);
			const query = request.query;
			const active = booleanFilter(query.active);
			const members = store.listDomainUsers(domain.name).filter((member) => {
				const user = store.getUser(member.userId);
				if (!user) return false;
				if (
					query.user__email !== undefined &&
					user.email !== query.user__email.trim().toLowerCase()
				)
					return false;
				if (
					!matches(user.first_name, query.user__first_name) ||
					!matches(user.last_name, query.user__last_name)
				)
					return false;
				if (active !== undefined && member.active !== active) return false;
				if (query.signup_field_value !== undefined) {
					const fieldIds = [...member.values.keys()].filter(
						(id) =>
							(query.signup_field_id === undefined || id === query.signup_field_id) &&
							(query.signup_field_label === undefined ||
								store.signupFields.get(id)?.label === query.signup_field_label),
					);
					if (!fieldIds.some((id) => member.values.get(id) === query.signup_field_value))
						return false;
				}
				return true;
			});
			const withFields = booleanFilter(query.include_signup_field_data) === true;
			return v1Page(
				ctx,
				request,
				members.map((member) => v1DomainUser(store, member, withFields)),
			);
		},
	);

	// An upsert: a known email is added to the domain and returned, with its names unchanged.
	app.post<{
		Params: DomainParams;
		Body: {
			user: UserPatch & { email: string };
			active?: boolean;
			expires_at?: string | null;
			marketing_optin?: boolean | null;
		};
	}>(
		'/v1/domains/:domain_name/users',
		{ schema: { params: domainParams, body: domainUserCreateBody } },
		async (request, reply) => {
			const domain = domainOr404(ctx, request.params.domain_name);
			const { user, ...membership } = request.body;
			refuseConfiguredEmail(ctx, user.email.trim().toLowerCase());
			const result = store.upsertDomainUser(domain.name, { ...user, ...membership });
			return reply.code(201).send(v1DomainUser(store, result.member, true));
		},
	);

	app.get<{ Params: DomainUserParams }>(
		'/v1/domains/:domain_name/users/:user_id',
		{ schema: { params: domainUserParams } },
		async (request) =>
			v1DomainUser(
				store,
				memberOr404(ctx, request.params.domain_name, request.params.user_id),
				true,
			),
	);

	const updateMember = async (request: {
		params: DomainUserParams;
		body: { active?: boolean; expires_at?: string | null } | undefined;
	}) => {
		const member = memberOr404(ctx, request.params.domain_name, request.params.user_id);
		const body = request.body ?? {};
		if (body.active !== undefined) member.active = body.active;
		if (body.expires_at !== undefined) member.expires_at = body.expires_at;
		return v1DomainUser(store, member, true);
	};
	app.put<{
		Params: DomainUserParams;
		Body: { active?: boolean; expires_at?: string | null } | undefined;
	}>(
		'/v1/domains/:domain_name/users/:user_id',
		{ schema: { params: domainUserParams, body: domainUserUpdateBody } },
		updateMember,
	);
	app.patch<{
		Params: DomainUserParams;
		Body: { active?: boolean; expires_at?: string | null } | undefined;
	}>(
		'/v1/domains/:domain_name/users/:user_id',
		{ schema: { params: domainUserParams, body: domainUserUpdateBody } },
		updateMember,
	);

	app.post<{ Params: DomainUserParams; Body: { send_email?: boolean } | undefined }>(
		'/v1/domains/:domain_name/users/:user_id/invites',
		{
			schema: {
				params: domainUserParams,
				body: { type: 'object', properties: { send_email: { type: 'boolean' } } },
			},
		},
		async (request, reply) => {
			const member = memberOr404(ctx, request.params.domain_name, request.params.user_id);
			const invite = store.addInvite(
				member.domain,
				member.userId,
				request.body?.send_email ?? true,
			);
			return reply.code(201).send({
				id: invite.id,
				token: invite.token,
				sent_at: invite.sent_at,
				used_at: null,
				invite_url: `https://${member.domain}/accounts/invite/${invite.token}`,
			});
		},
	);

	// ---- signup (profile) fields ----

	app.get<{ Params: DomainParams }>(
		'/v1/domains/:domain_name/signup-fields',
		{ schema: { params: domainParams, querystring: { type: 'object', properties: pageQuery } } },
		async (request) => {
			const domain = domainOr404(ctx, request.params.domain_name);
			return v1Page(ctx, request, store.listSignupFields(domain.name).map(v1SignupField));
		},
	);

	app.get<{ Params: DomainUserParams }>(
		'/v1/domains/:domain_name/users/:user_id/signup-fields',
		{
			schema: { params: domainUserParams, querystring: { type: 'object', properties: pageQuery } },
		},
		async (request) =>
			v1Page(
				ctx,
				request,
				v1SignupValues(store, memberOr404(ctx, request.params.domain_name, request.params.user_id)),
			),
	);

	/** Validates and stores one value; returns the DRF field errors, if any. */
	const setValue = (
		domain: string,
		member: { values: Map<string, string> },
		fieldId: string,
		value: string,
	): string[] | undefined => {
		const field = store.signupFields.get(fieldId);
		if (!field || field.domain !== domain)
			return [`Invalid pk "${fieldId}" - object does not exist.`];
		const problem = v1ValueProblem(store, field, value);
		if (problem) return [problem];
		member.values.set(field.id, value);
		return undefined;
	};

	app.post<{ Params: DomainUserParams; Body: { signup_field: { id: string }; value: string } }>(
		'/v1/domains/:domain_name/users/:user_id/signup-fields',
		{ schema: { params: domainUserParams, body: signupValueBody } },
		async (request, reply) => {
			const member = memberOr404(ctx, request.params.domain_name, request.params.user_id);
			const problem = setValue(
				member.domain,
				member,
				request.body.signup_field.id,
				request.body.value,
			);
			if (problem)
				throw drfValidation(
					request.body.signup_field.id && store.signupFields.has(request.body.signup_field.id)
						? { value: problem }
						: { signup_field: problem },
				);
			const field = store.signupFields.get(request.body.signup_field.id);
			return reply
				.code(201)
				.send({ signup_field: { id: field?.id, label: field?.label }, value: request.body.value });
		},
	);

	// All-or-nothing: one bad field rejects the request and stores nothing (DRF validates first).
	app.post<{
		Params: DomainUserParams;
		Body: { signup_fields: Array<{ id: string; value: string }> };
	}>(
		'/v1/domains/:domain_name/users/:user_id/signup-fields-bulk',
		{ schema: { params: domainUserParams, body: signupBulkBody } },
		async (request, reply) => {
			const member = memberOr404(ctx, request.params.domain_name, request.params.user_id);
			const errors: Array<Record<string, string[]>> = request.body.signup_fields.map(
				({ id, value }) => {
					const field = store.signupFields.get(id);
					const entry: Record<string, string[]> = {};
					if (!field || field.domain !== member.domain)
						entry.id = [`Invalid pk "${id}" - object does not exist.`];
					else {
						const problem = v1ValueProblem(store, field, value);
						if (problem) entry.value = [problem];
					}
					return entry;
				},
			);
			if (errors.some((error) => Object.keys(error).length > 0)) {
				throw new HttpError(400, { signup_fields: errors });
			}
			const results = request.body.signup_fields
				.filter(({ id, value }) => member.values.get(id) !== value)
				.map(({ id, value }) => {
					member.values.set(id, value);
					return { signup_field: { id, label: store.signupFields.get(id)?.label ?? '' }, value };
				});
			return reply
				.code(201)
				.header(
					'location',
					`${ctx.baseUrl}/v1/domains/${member.domain}/users/${member.userId}/signup-fields`,
				)
				.send({ results });
		},
	);
}
