// v1 domains, published courses, enrollments and course progress.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { drfDetail, drfNotFound, drfValidation } from '../errors';
import { v1Page } from '../paging';
import type { Enrollment } from '../types';
import { v1Domain, v1Enrollment, v1Progress, v1PublishedCourse } from '../views';
import { domainOr404, domainPattern, idPattern, publishedOr404, userOr404 } from './helpers';

const pageQuery = {
	type: 'object',
	properties: { page: { type: 'integer' }, page_size: { type: 'integer' } },
} as const;
const dateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const domainParams = {
	type: 'object',
	properties: { domain_name: domainPattern },
	required: ['domain_name'],
} as const;
const courseParams = {
	type: 'object',
	properties: { domain_name: domainPattern, published_course_id: idPattern },
	required: ['domain_name', 'published_course_id'],
} as const;
const enrollmentParams = {
	type: 'object',
	properties: {
		domain_name: domainPattern,
		published_course_id: idPattern,
		enrollment_id: idPattern,
	},
	required: ['domain_name', 'published_course_id', 'enrollment_id'],
} as const;
const createEnrollmentBody = {
	type: 'object',
	properties: {
		user: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
		enrolled_at: { type: 'string', format: 'date-time' },
		expires_at: dateTime,
		active: { type: ['boolean', 'null'] },
	},
	required: ['user'],
} as const;
const updateEnrollmentBody = {
	type: 'object',
	properties: { expires_at: dateTime, active: { type: 'boolean' } },
} as const;

type DomainParams = { domain_name: string };
type CourseParams = DomainParams & { published_course_id: string };
type EnrollmentParams = CourseParams & { enrollment_id: string };
type EnrollmentPatch = { expires_at?: string | null; active?: boolean };

export function registerV1CourseRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;

	app.get('/v1/domains', { schema: { querystring: pageQuery } }, async (request) =>
		v1Page(ctx, request, [...store.domains.values()].map(v1Domain)),
	);
	app.get<{ Params: DomainParams }>(
		'/v1/domains/:domain_name',
		{ schema: { params: domainParams } },
		async (request) => v1Domain(domainOr404(ctx, request.params.domain_name)),
	);

	app.get<{ Params: DomainParams; Querystring: { course__id?: string; search?: string } }>(
		'/v1/domains/:domain_name/published-courses',
		{ schema: { params: domainParams, querystring: pageQuery } },
		async (request) => {
			const domain = domainOr404(ctx, request.params.domain_name);
			const { course__id: courseId, search } = request.query;
			const courses = store.listPublishedCourses(domain.name).filter((published) => {
				if (courseId !== undefined && published.courseId !== courseId) return false;
				const title = store.courses.get(published.courseId)?.title ?? '';
				return search === undefined || title.toLowerCase().includes(search.toLowerCase());
			});
			return v1Page(
				ctx,
				request,
				courses.map((published) => v1PublishedCourse(store, published)),
			);
		},
	);

	app.get<{ Params: CourseParams }>(
		'/v1/domains/:domain_name/published-courses/:published_course_id',
		{ schema: { params: courseParams } },
		async (request) =>
			v1PublishedCourse(
				store,
				publishedOr404(ctx, request.params.domain_name, request.params.published_course_id),
			),
	);

	app.get<{ Params: CourseParams }>(
		'/v1/domains/:domain_name/published-courses/:published_course_id/enrollments',
		{ schema: { params: courseParams, querystring: pageQuery } },
		async (request) => {
			const published = publishedOr404(
				ctx,
				request.params.domain_name,
				request.params.published_course_id,
			);
			const enrollments = store
				.listEnrollments()
				.filter((enrollment) => enrollment.publishedCourseId === published.id);
			return v1Page(
				ctx,
				request,
				enrollments.map((enrollment) => v1Enrollment(store, enrollment)),
			);
		},
	);

	// Idempotent for the same user and enrollment time (v1-openapi.yml); the user must be a member of the domain.
	app.post<{
		Params: CourseParams;
		Body: {
			user: { id: string };
			enrolled_at?: string;
			expires_at?: string | null;
			active?: boolean | null;
		};
	}>(
		'/v1/domains/:domain_name/published-courses/:published_course_id/enrollments',
		{ schema: { params: courseParams, body: createEnrollmentBody } },
		async (request, reply) => {
			const published = publishedOr404(
				ctx,
				request.params.domain_name,
				request.params.published_course_id,
			);
			const user = store.getUser(request.body.user.id);
			if (!user)
				throw drfValidation({
					user: [`Invalid pk "${request.body.user.id}" - object does not exist.`],
				});
			if (!store.getDomainUser(published.domain, user.id)) {
				throw drfValidation({
					user: [
						`User ${user.id} is not a member of the domain ${published.domain}. Add them to the domain first.`,
					],
				});
			}
			const { enrollment } = store.enroll(user.id, published.id, {
				enrolled_at: request.body.enrolled_at,
				expires_at: request.body.expires_at,
				active: request.body.active ?? true,
			});
			return reply.code(201).send(v1Enrollment(store, enrollment));
		},
	);

	const enrollmentOr404 = (params: EnrollmentParams): Enrollment => {
		const published = publishedOr404(ctx, params.domain_name, params.published_course_id);
		const enrollment = store.enrollments.get(params.enrollment_id);
		if (!enrollment || enrollment.publishedCourseId !== published.id) throw drfNotFound();
		return enrollment;
	};
	app.get<{ Params: EnrollmentParams }>(
		'/v1/domains/:domain_name/published-courses/:published_course_id/enrollments/:enrollment_id',
		{ schema: { params: enrollmentParams } },
		async (request) => v1Enrollment(store, enrollmentOr404(request.params)),
	);
	const updateEnrollment = async (request: {
		params: EnrollmentParams;
		body: EnrollmentPatch | undefined;
	}) => {
		const enrollment = enrollmentOr404(request.params);
		const body = request.body ?? {};
		if (body.active !== undefined) enrollment.active = body.active;
		if (body.expires_at !== undefined) enrollment.expires_at = body.expires_at;
		return v1Enrollment(store, enrollment);
	};
	const enrollmentRoute =
		'/v1/domains/:domain_name/published-courses/:published_course_id/enrollments/:enrollment_id';
	app.put<{ Params: EnrollmentParams; Body: EnrollmentPatch | undefined }>(
		enrollmentRoute,
		{ schema: { params: enrollmentParams, body: updateEnrollmentBody } },
		updateEnrollment,
	);
	app.patch<{ Params: EnrollmentParams; Body: EnrollmentPatch | undefined }>(
		enrollmentRoute,
		{ schema: { params: enrollmentParams, body: updateEnrollmentBody } },
		updateEnrollment,
	);

	// ---- progress ----

	/** One row per publication the user was ever enrolled in, for its latest enrollment. */
	const progressRows = (userId: string) => {
		const byPublication = new Map<string, Enrollment[]>();
		for (const enrollment of store.listEnrollments()) {
			if (enrollment.userId !== userId) continue;
			const list = byPublication.get(enrollment.publishedCourseId) ?? [];
			list.push(enrollment);
			byPublication.set(enrollment.publishedCourseId, list);
		}
		return [...byPublication.values()].map((all) => v1Progress(store, all[all.length - 1], all));
	};

	// NOTES.md: a bare JSON array, not the paged envelope.
	app.get<{ Params: { user_id: string } }>(
		'/v1/users/:user_id/published-courses',
		{
			schema: {
				params: { type: 'object', properties: { user_id: idPattern }, required: ['user_id'] },
			},
		},
		async (request) => progressRows(userOr404(ctx, request.params.user_id).id),
	);

	// NOTES.md: resolves by the underlying course, so with two publications of one course it can
	// answer for the wrong one. The node reads the list instead; the sandbox keeps the quirk.
	app.get<{ Params: { user_id: string; published_course_id: string } }>(
		'/v1/users/:user_id/published-courses/:published_course_id',
		{
			schema: {
				params: {
					type: 'object',
					properties: { user_id: idPattern, published_course_id: idPattern },
					required: ['user_id', 'published_course_id'],
				},
			},
		},
		async (request) => {
			const user = userOr404(ctx, request.params.user_id);
			const published = store.publishedCourses.get(request.params.published_course_id);
			if (!published) throw drfNotFound();
			const row = progressRows(user.id).find(
				(candidate) => candidate.course.id === published.courseId,
			);
			if (!row) throw drfDetail(404, 'Not found.');
			return row;
		},
	);
}
