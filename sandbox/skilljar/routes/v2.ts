// API v2 (JSON:API): students, groups and memberships, enrollments, published courses, domains,
// signup-field values. Writes are batches answered 200 (all succeeded), 207 (some failed, with a
// per-item error) or 400 (empty or over the cap); duplicates in one batch: first wins.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { jsonApiError } from '../errors';
import { v2Page } from '../paging';
import { EMAIL_PATTERN, GROUP_NAME_MAX, NAME_MAX } from '../store';
import type { User } from '../types';
import {
	v2Course,
	v2Domain,
	v2Enrollment,
	v2EnrollmentWrite,
	v2Group,
	v2Membership,
	v2PublishedCourse,
	v2SignupFieldValue,
	v2Student,
} from '../views';
import { booleanFilter, v2NotFound } from './helpers';

export const BATCH_MAX_ITEMS = 200;

type ItemError = { code: string; detail: string; source?: { pointer: string } };
type Outcome =
	| { status: 'succeeded'; id: string | null; result: unknown }
	| { status: 'deleted'; id: string }
	| { status: 'failed'; id: string | null; error: ItemError };

const failed = (
	code: string,
	detail: string,
	pointer?: string,
	id: string | null = null,
): Outcome => ({
	status: 'failed',
	id,
	error: { code, detail, ...(pointer ? { source: { pointer } } : {}) },
});

/** Runs a batch: envelope checks, first-wins duplicates, per-item outcomes, 200/207 answer. */
function runBatch<T>(
	reply: FastifyReply,
	items: T[],
	keyOf: (item: T) => string | undefined,
	keyPointer: (index: number) => string,
	process: (item: T, index: number) => Outcome,
) {
	if (items.length === 0)
		throw jsonApiError(
			400,
			'invalid_batch',
			'Invalid batch',
			'data must contain at least one item.',
			{ pointer: '/data' },
		);
	if (items.length > BATCH_MAX_ITEMS) {
		throw jsonApiError(
			400,
			'invalid_batch',
			'Invalid batch',
			`data may contain at most ${BATCH_MAX_ITEMS} items; got ${items.length}.`,
			{ pointer: '/data' },
		);
	}
	const seen = new Set<string>();
	const data = items.map((item, index) => {
		const key = keyOf(item);
		if (key !== undefined) {
			if (seen.has(key))
				return failed(
					'duplicate_in_batch',
					`An earlier item in this batch has the same value (${key}); the first one wins.`,
					keyPointer(index),
				);
			seen.add(key);
		}
		return process(item, index);
	});
	const failures = data.filter((outcome) => outcome.status === 'failed').length;
	return reply
		.code(failures > 0 ? 207 : 200)
		.send({
			data,
			summary: { total: data.length, succeeded: data.length - failures, failed: failures },
		});
}

const scopes = (...list: string[]) => ({ skilljarScopes: list });
const resourceArray = (type: string, item: object) => ({
	type: 'object',
	properties: {
		data: {
			type: 'array',
			items: { type: 'object', properties: { type: { const: type }, ...item }, required: ['type'] },
		},
	},
	required: ['data'],
});
const attributes = { attributes: { type: 'object' } };
const idParams = {
	type: 'object',
	properties: { id: { type: 'string', maxLength: 64 } },
	required: ['id'],
} as const;

interface Resource {
	type: string;
	id?: string | null;
	attributes?: Record<string, unknown>;
}

type ListQuery = Record<string, string | undefined>;

/**
 * A date-time filter (filter[enrolled_gte] …) in epoch ms. The spec: ISO 8601 with a timezone
 * offset; a naive date-time is a 422.
 */
function instantFilter(query: ListQuery, name: string): number | undefined {
	const raw = query[name];
	if (raw === undefined || raw === '') return undefined;
	const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(raw);
	if (!zoned || Number.isNaN(Date.parse(raw))) {
		throw jsonApiError(
			422,
			'validation_error',
			'Invalid query parameter',
			`${name} must be an ISO 8601 date-time with a timezone offset (e.g. Z or +00:00).`,
			{ parameter: name },
		);
	}
	return Date.parse(raw);
}

/** Whether a time lies in [from, to]; no bounds: always; bounds and no time: never. */
function within(at: string | null, from?: number, to?: number): boolean {
	if (from === undefined && to === undefined) return true;
	if (at === null) return false;
	const time = Date.parse(at);
	return (from === undefined || time >= from) && (to === undefined || time <= to);
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

export function registerV2Routes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;
	const base = () => ctx.baseUrl;

	// ---- students ----

	app.get<{ Querystring: ListQuery }>(
		'/v2/students/',
		{ config: scopes('students:read') },
		async (request) => {
			const query = request.query;
			const inactive = booleanFilter(query['filter[is_inactive]']);
			const users = store
				.listUsers()
				.filter(
					(user) =>
						(query['filter[email]'] === undefined ||
							user.email === query['filter[email]'].trim().toLowerCase()) &&
						(query['filter[first_name]'] === undefined ||
							user.first_name === query['filter[first_name]']) &&
						(query['filter[last_name]'] === undefined ||
							user.last_name === query['filter[last_name]']) &&
						(inactive === undefined || (user.inactive_at !== null) === inactive),
				);
			return v2Page(
				ctx,
				request,
				users.map((user) => v2Student(base(), user)),
			);
		},
	);

	app.get<{ Params: { id: string } }>(
		'/v2/students/:id',
		{ config: scopes('students:read'), schema: { params: idParams } },
		async (request) => {
			const user = store.getUser(request.params.id);
			if (!user) throw v2NotFound('student', request.params.id);
			return { data: v2Student(base(), user) };
		},
	);

	/** Problems with the names of a create/update item, as a failed outcome. */
	const nameProblem = (attrs: Record<string, unknown>, index: number): Outcome | undefined => {
		for (const name of ['first_name', 'last_name']) {
			const value = attrs[name];
			if (value === undefined || value === null) continue;
			if (typeof value !== 'string')
				return failed(
					'validation_error',
					`${name} must be a string.`,
					`/data/${index}/attributes/${name}`,
				);
			if (value.length > NAME_MAX)
				return failed(
					'validation_error',
					`${name} may have at most ${NAME_MAX} characters.`,
					`/data/${index}/attributes/${name}`,
				);
		}
		return undefined;
	};

	// A student created through v2 joins the organisation's first domain (sandbox assumption: the
	// spec names no domain for this endpoint).
	app.post<{ Body: { data: Resource[] } }>(
		'/v2/students/',
		{ config: scopes('students:write'), schema: { body: resourceArray('students', attributes) } },
		async (request, reply) =>
			runBatch(
				reply,
				request.body.data,
				(item) => text(item.attributes?.email)?.trim().toLowerCase(),
				(index) => `/data/${index}/attributes/email`,
				(item, index) => {
					const attrs = item.attributes ?? {};
					const email = text(attrs.email)?.trim() ?? '';
					if (!EMAIL_PATTERN.test(email))
						return failed(
							'validation_error',
							`"${email}" is not a valid email address.`,
							`/data/${index}/attributes/email`,
						);
					const problem = nameProblem(attrs, index);
					if (problem) return problem;
					const existing = store.findUserByEmail(email);
					if (existing)
						return failed(
							'duplicate_email',
							`A student with the email ${email.toLowerCase()} already exists.`,
							`/data/${index}/attributes/email`,
						);
					const { user } = store.upsertDomainUser(store.defaultDomain, {
						email,
						first_name: text(attrs.first_name) ?? '',
						last_name: text(attrs.last_name) ?? '',
					});
					return { status: 'succeeded', id: user.id, result: v2Student(base(), user) };
				},
			),
	);

	app.patch<{ Body: { data: Resource[] } }>(
		'/v2/students/',
		{
			config: scopes('students:write'),
			schema: {
				body: resourceArray('students', { id: { type: ['string', 'null'] }, ...attributes }),
			},
		},
		async (request, reply) =>
			runBatch(
				reply,
				request.body.data,
				(item) => item.id ?? text(item.attributes?.email)?.trim().toLowerCase(),
				(index) => `/data/${index}/id`,
				(item, index) => {
					const attrs = item.attributes ?? {};
					const email = text(attrs.email)?.trim().toLowerCase();
					let user: User | undefined;
					if (item.id) user = store.getUser(item.id);
					else if (email) user = store.findUserByEmail(email);
					else
						return failed(
							'validation_error',
							'Identify the student by id or attributes.email.',
							`/data/${index}/id`,
						);
					if (!user)
						return failed(
							'not_found',
							`No student ${item.id ?? email} in this organization.`,
							`/data/${index}/${item.id ? 'id' : 'attributes/email'}`,
							item.id ?? null,
						);
					if (item.id && email && email !== user.email) {
						return failed(
							'validation_error',
							'attributes.email does not match the student; email cannot be changed here.',
							`/data/${index}/attributes/email`,
							user.id,
						);
					}
					const problem = nameProblem(attrs, index);
					if (problem) return problem;
					const changesNames = attrs.first_name !== undefined || attrs.last_name !== undefined;
					if (user.inactive_at !== null && changesNames) {
						return failed(
							'validation_error',
							attrs.is_inactive === false
								? 'Reactivate the student in one PATCH (is_inactive: false), then change other fields in a second one.'
								: 'The student is inactive; reactivate them first.',
							`/data/${index}/attributes`,
							user.id,
						);
					}
					if (typeof attrs.first_name === 'string') user.first_name = attrs.first_name;
					if (typeof attrs.last_name === 'string') user.last_name = attrs.last_name;
					if (attrs.is_inactive === true && user.inactive_at === null)
						user.inactive_at = new Date(ctx.clock()).toISOString();
					if (attrs.is_inactive === false) user.inactive_at = null;
					return { status: 'succeeded', id: user.id, result: v2Student(base(), user) };
				},
			),
	);

	app.delete<{ Params: { id: string } }>(
		'/v2/students/:id',
		{ config: scopes('students:deactivate'), schema: { params: idParams } },
		async (request, reply) => {
			const user = store.getUser(request.params.id);
			if (!user) throw v2NotFound('student', request.params.id);
			user.inactive_at ??= new Date(ctx.clock()).toISOString();
			return reply.code(204).send();
		},
	);

	// ---- groups and memberships ----

	app.get<{ Querystring: ListQuery }>(
		'/v2/groups/',
		{ config: scopes('student-groups:read') },
		async (request) => {
			// filter[name] is a case-insensitive substring match (v2-openapi.json).
			const filter = request.query['filter[name]']?.toLowerCase();
			const groups = store
				.listGroups()
				.filter((group) => filter === undefined || group.name.toLowerCase().includes(filter));
			return v2Page(ctx, request, groups.map(v2Group));
		},
	);

	app.get<{ Params: { id: string } }>(
		'/v2/groups/:id',
		{ config: scopes('student-groups:read'), schema: { params: idParams } },
		async (request) => {
			const group = store.groups.get(request.params.id);
			if (!group) throw v2NotFound('group', request.params.id);
			return { data: v2Group(group) };
		},
	);

	app.post<{ Body: { data: Resource[] } }>(
		'/v2/groups/',
		{
			config: scopes('student-groups:write'),
			schema: { body: resourceArray('groups', attributes) },
		},
		async (request, reply) =>
			runBatch(
				reply,
				request.body.data,
				(item) => text(item.attributes?.name),
				(index) => `/data/${index}/attributes/name`,
				(item, index) => {
					const name = text(item.attributes?.name) ?? '';
					if (name.trim() === '' || name.length > GROUP_NAME_MAX) {
						return failed(
							'validation_error',
							`name must have 1 to ${GROUP_NAME_MAX} characters.`,
							`/data/${index}/attributes/name`,
						);
					}
					const existing = store.findGroupByName(name);
					if (existing)
						return failed(
							'duplicate_name',
							`A group named "${name}" already exists.`,
							`/data/${index}/attributes/name`,
							existing.id,
						);
					const domains = item.attributes?.rule_email_domains;
					const group = store.addGroup({
						name,
						rule_email_domains: Array.isArray(domains) ? domains.map(String) : [],
					});
					return { status: 'succeeded', id: group.id, result: v2Group(group) };
				},
			),
	);

	const membershipBody = resourceArray('students', { id: { type: 'string', maxLength: 64 } });
	const membershipRoute = '/v2/groups/:id/relationships/students/';
	// The group is looked up before the envelope is checked, so a missing group is always a 404.
	const groupFor = (id: string) => {
		const group = store.groups.get(id);
		if (!group) throw v2NotFound('group', id);
		return group;
	};

	// Adding and removing members take the same batch of student ids; only the change differs.
	const membershipChange =
		(change: (groupId: string, userId: string) => Outcome) =>
		async (request: FastifyRequest<{ Params: { id: string }; Body: { data: Resource[] } }>, reply: FastifyReply) => {
			const group = groupFor(request.params.id);
			return runBatch(
				reply,
				request.body.data,
				(item) => item.id ?? undefined,
				(index) => `/data/${index}/id`,
				(item, index) => {
					const user = item.id ? store.getUser(item.id) : undefined;
					if (!user)
						return failed(
							'not_found',
							`No student ${item.id ?? ''} in this organization.`,
							`/data/${index}/id`,
							item.id ?? null,
						);
					return change(group.id, user.id);
				},
			);
		};
	const membershipOptions = {
		config: scopes('student-groups:write'),
		schema: { params: idParams, body: membershipBody },
		preValidation: async (request: FastifyRequest) => void groupFor((request.params as { id: string }).id),
	};

	app.post<{ Params: { id: string }; Body: { data: Resource[] } }>(
		membershipRoute,
		membershipOptions,
		membershipChange((groupId, userId) => {
			const { membership } = store.addMember(groupId, userId);
			return { status: 'succeeded', id: membership.id, result: v2Membership(membership) };
		}),
	);

	app.delete<{ Params: { id: string }; Body: { data: Resource[] } }>(
		membershipRoute,
		membershipOptions,
		membershipChange((groupId, userId) => {
			store.removeMember(groupId, userId);
			return { status: 'deleted', id: userId };
		}),
	);

	// ---- enrollments ----

	app.get<{ Querystring: ListQuery }>(
		'/v2/enrollments/',
		{ config: scopes('enrollments:read') },
		async (request) => {
			const query = request.query;
			const now = ctx.clock();
			const active = booleanFilter(query['filter[active]']);
			const statuses = query['filter[progress_status]']?.split(',').map((status) => status.trim());
			const domains = query['filter[domains]']?.split(',').map((domain) => domain.trim());
			const emailUser =
				query['filter[student.email]'] !== undefined
					? store.findUserByEmail(query['filter[student.email]'])
					: undefined;
			const enrolledGte = instantFilter(query, 'filter[enrolled_gte]');
			const enrolledLte = instantFilter(query, 'filter[enrolled_lte]');
			const completedGte = instantFilter(query, 'filter[completed_gte]');
			const completedLte = instantFilter(query, 'filter[completed_lte]');
			const rows = store.listEnrollments().filter((enrollment) => {
				if (!within(enrollment.enrolled_at, enrolledGte, enrolledLte)) return false;
				if (!within(enrollment.progress.completed_at, completedGte, completedLte)) return false;
				const published = store.publishedCourses.get(enrollment.publishedCourseId);
				if (
					query['filter[student.id]'] !== undefined &&
					enrollment.userId !== query['filter[student.id]']
				)
					return false;
				if (query['filter[student.email]'] !== undefined && enrollment.userId !== emailUser?.id)
					return false;
				if (
					query['filter[course.id]'] !== undefined &&
					published?.courseId !== query['filter[course.id]']
				)
					return false;
				if (domains && !domains.includes(published?.domain ?? '')) return false;
				const live =
					enrollment.active &&
					(enrollment.expires_at === null || Date.parse(enrollment.expires_at) > now);
				if (active !== undefined && live !== active) return false;
				if (statuses) {
					const status = enrollment.progress.completed_at
						? 'completed'
						: enrollment.progress.completed_lesson_count > 0
							? 'in_progress'
							: 'not_started';
					if (!statuses.includes(status)) return false;
				}
				return true;
			});
			const page = v2Page(
				ctx,
				request,
				rows.map((enrollment) => v2Enrollment(store, base(), enrollment)),
			);
			if (query.include?.split(',').includes('student')) {
				const ids = [...new Set(page.data.map((row) => row.relationships.student.data.id))];
				page.included = ids
					.map((id) => store.getUser(id))
					.filter((user): user is User => user !== undefined)
					.map((user) => v2Student(base(), user));
			}
			return page;
		},
	);

	app.get<{ Params: { id: string } }>(
		'/v2/enrollments/:id',
		{ config: scopes('enrollments:read'), schema: { params: idParams } },
		async (request) => {
			const enrollment = store.enrollments.get(request.params.id);
			if (!enrollment) throw v2NotFound('enrollment', request.params.id);
			return { data: v2Enrollment(store, base(), enrollment) };
		},
	);

	app.post<{ Body: { published_course_id: string; expires_at?: string | null; data: Resource[] } }>(
		'/v2/enrollments/',
		{
			config: scopes('enrollments:write'),
			schema: {
				body: {
					type: 'object',
					properties: {
						published_course_id: { type: 'string' },
						expires_at: { type: ['string', 'null'], format: 'date-time' },
						data: resourceArray('enrollments', attributes).properties.data,
					},
					required: ['published_course_id', 'data'],
				},
			},
		},
		async (request, reply) => {
			const { published_course_id: publishedId, expires_at: expiresAt } = request.body;
			const published = store.publishedCourses.get(publishedId);
			if (!published) throw v2NotFound('published course', publishedId);
			if (expiresAt && Date.parse(expiresAt) <= ctx.clock()) {
				throw jsonApiError(
					400,
					'validation_error',
					'Invalid request',
					'expires_at must be in the future.',
					{ pointer: '/expires_at' },
				);
			}
			return runBatch(
				reply,
				request.body.data,
				(item) => text(item.attributes?.email)?.trim().toLowerCase(),
				(index) => `/data/${index}/attributes/email`,
				(item, index) => {
					const email = text(item.attributes?.email)?.trim() ?? '';
					const pointer = `/data/${index}/attributes/email`;
					if (!EMAIL_PATTERN.test(email))
						return failed('validation_error', `"${email}" is not a valid email address.`, pointer);
					const user = store.findUserByEmail(email);
					if (!user)
						return failed(
							'not_found',
							`No student with the email ${email.toLowerCase()} in this organization.`,
							pointer,
						);
					if (!store.getDomainUser(published.domain, user.id)) {
						return failed(
							'not_in_domain',
							`The student is not a member of the domain ${published.domain}, where this course is published.`,
							pointer,
							user.id,
						);
					}
					const current = store.activeEnrollment(user.id, published.id);
					if (current)
						return failed(
							'already_enrolled',
							'The student already has an active enrollment in this course.',
							pointer,
							current.id,
						);
					const { enrollment } = store.enroll(user.id, published.id, {
						expires_at: expiresAt ?? null,
					});
					return {
						status: 'succeeded',
						id: enrollment.id,
						result: v2EnrollmentWrite(base(), enrollment),
					};
				},
			);
		},
	);

	app.patch<{ Body: { data: Resource[] } }>(
		'/v2/enrollments/',
		{
			config: scopes('enrollments:write'),
			schema: { body: resourceArray('enrollments', { id: { type: 'string' }, ...attributes }) },
		},
		async (request, reply) =>
			runBatch(
				reply,
				request.body.data,
				(item) => item.id ?? undefined,
				(index) => `/data/${index}/id`,
				(item, index) => {
					const enrollment = item.id ? store.enrollments.get(item.id) : undefined;
					if (!enrollment)
						return failed(
							'not_found',
							`No enrollment ${item.id ?? ''} in this organization.`,
							`/data/${index}/id`,
							item.id ?? null,
						);
					const attrs = item.attributes ?? {};
					if (attrs.active === null)
						return failed(
							'validation_error',
							'active may not be null; omit it to leave it unchanged.',
							`/data/${index}/attributes/active`,
							enrollment.id,
						);
					if (typeof attrs.active === 'boolean') enrollment.active = attrs.active;
					if (attrs.expires_at !== undefined)
						enrollment.expires_at = attrs.expires_at === null ? null : String(attrs.expires_at);
					return {
						status: 'succeeded',
						id: enrollment.id,
						result: v2EnrollmentWrite(base(), enrollment),
					};
				},
			),
	);

	// ---- published courses and domains ----

	app.get<{ Querystring: ListQuery }>(
		'/v2/published-courses/',
		{ config: scopes('published-courses:read') },
		async (request) => {
			const query = request.query;
			const live = booleanFilter(query['filter[live]']);
			const courses = store.listPublishedCourses().filter((published) => {
				if (
					query['filter[domain]'] !== undefined &&
					store.getDomain(published.domain)?.id !== query['filter[domain]']
				)
					return false;
				if (query['filter[course]'] !== undefined && published.courseId !== query['filter[course]'])
					return false;
				return live === undefined || published.live === live;
			});
			const page = v2Page(
				ctx,
				request,
				courses.map((published) => v2PublishedCourse(store, published)),
			);
			const include = query.include?.split(',').map((part) => part.trim()) ?? [];
			if (include.length > 0) {
				const included: unknown[] = [];
				if (include.includes('course')) {
					for (const id of new Set(page.data.map((row) => row.relationships.course.data.id)))
						included.push(v2Course(store, id));
				}
				if (include.includes('domain')) {
					for (const domain of store.domains.values()) {
						if (page.data.some((row) => row.relationships.domain.data.id === domain.id))
							included.push(v2Domain(domain));
					}
				}
				page.included = included;
			}
			return page;
		},
	);

	app.get<{ Params: { id: string } }>(
		'/v2/published-courses/:id',
		{ config: scopes('published-courses:read'), schema: { params: idParams } },
		async (request) => {
			const published = store.publishedCourses.get(request.params.id);
			if (!published) throw v2NotFound('published course', request.params.id);
			return {
				data: v2PublishedCourse(store, published),
				included: [v2Course(store, published.courseId)],
			};
		},
	);

	app.get<{ Querystring: ListQuery }>(
		'/v2/domains/',
		{ config: scopes('domains:read') },
		async (request) => {
			const { 'filter[name]': name, 'filter[access]': access } = request.query;
			const domains = [...store.domains.values()].filter(
				(domain) =>
					(name === undefined || domain.name === name) &&
					(access === undefined || domain.access === access),
			);
			return v2Page(ctx, request, domains.map(v2Domain));
		},
	);

	// ---- signup-field values ----

	app.get<{ Querystring: ListQuery }>(
		'/v2/signup-field-values/',
		{ config: scopes('signup-fields:read') },
		async (request) => {
			const query = request.query;
			const rows: ReturnType<typeof v2SignupFieldValue>[] = [];
			for (const member of store.domainUsers.values()) {
				if (
					query['filter[student.id]'] !== undefined &&
					member.userId !== query['filter[student.id]']
				)
					continue;
				for (const [fieldId, value] of member.values) {
					if (
						query['filter[signup-field.id]'] !== undefined &&
						fieldId !== query['filter[signup-field.id]']
					)
						continue;
					rows.push(v2SignupFieldValue(store, member.userId, fieldId, value));
				}
			}
			return v2Page(ctx, request, rows);
		},
	);

	app.post<{ Body: { student_id: string; data: Resource[] } }>(
		'/v2/signup-field-values/',
		{
			config: scopes('signup-fields:write'),
			schema: {
				body: {
					type: 'object',
					properties: {
						student_id: { type: 'string' },
						data: resourceArray('signup-field-values', { id: { type: 'string' }, ...attributes })
							.properties.data,
					},
					required: ['student_id', 'data'],
				},
			},
		},
		async (request, reply) => {
			const user = store.getUser(request.body.student_id);
			const memberships = user
				? [...store.domainUsers.values()].filter((member) => member.userId === user.id)
				: [];
			if (!user || memberships.length === 0)
				throw v2NotFound('student with a domain membership', request.body.student_id);
			return runBatch(
				reply,
				request.body.data,
				(item) => item.id ?? undefined,
				(index) => `/data/${index}/id`,
				(item, index) => {
					const field = item.id ? store.signupFields.get(item.id) : undefined;
					if (!field)
						return failed(
							'not_found',
							`No signup field ${item.id ?? ''} in this organization.`,
							`/data/${index}/id`,
							item.id ?? null,
						);
					const member = store.getDomainUser(field.domain, user.id);
					if (!member)
						return failed(
							'not_in_domain',
							`The student is not a member of ${field.domain}, the domain of the field "${field.label}".`,
							`/data/${index}/id`,
							field.id,
						);
					const value = item.attributes?.value;
					if (typeof value !== 'string')
						return failed(
							'validation_error',
							'attributes.value must be a string.',
							`/data/${index}/attributes/value`,
							field.id,
						);
					const problem = store.signupValueProblem(field, value);
					if (problem)
						return failed('validation_error', problem, `/data/${index}/attributes/value`, field.id);
					member.values.set(field.id, value);
					const resource = v2SignupFieldValue(store, user.id, field.id, value);
					return { status: 'succeeded', id: resource.id, result: resource };
				},
			);
		},
	);
}
