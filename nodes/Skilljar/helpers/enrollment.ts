import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	flatten,
	skilljarRequest,
	type JsonApiResource,
	type SkilljarConnection,
} from '../transport';

/** An enrollment as every operation outputs it, whichever API answered. */
export interface EnrollmentOutput extends IDataObject {
	enrollment_id: string;
	learner_id: string;
	published_course_id: string;
	enrolled_at: string | null;
	expires_at: string | null;
	active: boolean;
}

/** One row of v1 GET /v1/users/{id}/published-courses: a publication with its latest enrollment. */
export interface V1ProgressRow {
	published_course_id: string;
	domain_name?: string;
	enrolled_at?: string;
	enrollment_id?: string;
	course?: { id?: string; title?: string; lesson_count?: number };
	course_progress?: {
		completed_at?: string | null;
		completed_lesson_count?: number;
		score?: number | null;
		max_score?: number | null;
		success_status?: string | null;
		latest_activity?: string | null;
	};
	all_enrollments?: Array<{ enrollment_id: string; active?: boolean; expires_at?: string | null }>;
}

/**
 * A learner's publications with progress (v1). Skilljar answers a bare JSON array here, not the
 * paged envelope of its other lists; an envelope is accepted too in case that changes.
 */
export async function v1ProgressRows(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	learnerId: string,
	itemIndex: number,
): Promise<V1ProgressRow[]> {
	const body = await skilljarRequest<V1ProgressRow[] | { results?: V1ProgressRow[] }>(ctx, conn, {
		method: 'GET',
		path: '/v1/users/{id}/published-courses',
		pathParams: { id: { label: 'Learner', value: learnerId } },
		itemIndex,
	});
	return Array.isArray(body) ? body : (body.results ?? []);
}

export function fromV1Row(row: V1ProgressRow, learnerId: string): EnrollmentOutput {
	const latest = row.all_enrollments?.find(
		(enrollment) => enrollment.enrollment_id === row.enrollment_id,
	);
	return {
		enrollment_id: String(row.enrollment_id ?? ''),
		learner_id: learnerId,
		published_course_id: row.published_course_id,
		course_id: row.course?.id,
		course_title: row.course?.title,
		domain: row.domain_name,
		enrolled_at: row.enrolled_at ?? null,
		expires_at: latest?.expires_at ?? null,
		active: latest?.active ?? true,
	};
}

/** v1 enrollment (`{id, user{…}, enrolled_at, expires_at, active}`) of a published course. */
export function fromV1Enrollment(record: IDataObject, publishedCourseId: string): EnrollmentOutput {
	const user = (record.user ?? {}) as IDataObject;
	return {
		enrollment_id: String(record.id),
		learner_id: String(user.id ?? ''),
		email: user.email,
		first_name: user.first_name,
		last_name: user.last_name,
		published_course_id: publishedCourseId,
		enrolled_at: (record.enrolled_at as string | undefined) ?? null,
		expires_at: (record.expires_at as string | null | undefined) ?? null,
		active: record.active !== false,
	};
}

export function fromV2Enrollment(resource: JsonApiResource): EnrollmentOutput {
	const {
		id,
		student_id: learnerId,
		published_course_id: publishedCourseId,
		...rest
	} = flatten(resource);
	return {
		enrollment_id: String(id),
		learner_id: String(learnerId ?? ''),
		published_course_id: String(publishedCourseId ?? ''),
		...rest,
		enrolled_at: (rest.enrolled_at as string | undefined) ?? null,
		expires_at: (rest.expires_at as string | null | undefined) ?? null,
		active: rest.active !== false,
	};
}

/** The underlying course of a v2 publication (v2 lists enrollments by course, not publication). */
export async function v2CourseOf(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	publishedCourseId: string,
	itemIndex: number,
): Promise<string> {
	const { data } = await skilljarRequest<{ data: JsonApiResource }>(ctx, conn, {
		method: 'GET',
		path: '/v2/published-courses/{id}',
		pathParams: { id: { label: 'Published Course', value: publishedCourseId } },
		scope: 'published-courses:read',
		itemIndex,
	});
	return String(data.relationships?.course?.data?.id ?? '');
}
