import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	flatten,
	skilljarRequest,
	v1List,
	v2List,
	type JsonApiResource,
	type SkilljarConnection,
} from '../transport';
import { v2CourseOf } from './enrollment';
import type { RequestContext } from '../../shared/transport/types';

/** A published course as every operation outputs it, whichever API answered. */
export interface PublishedCourseOutput extends IDataObject {
	published_course_id: string;
	course_id: string;
	title: string;
	domain: string;
}

/** The courses published to the credential's domain (v1) or to any domain (v2, live only). */
export async function listPublishedCourses(
	ctx: RequestContext,
	conn: SkilljarConnection,
	limit: number,
	itemIndex = 0,
): Promise<PublishedCourseOutput[]> {
	if (conn.api === 'v1') {
		const records = await v1List<IDataObject>(
			ctx,
			conn,
			{ path: '/v1/domains/{domain}/published-courses', itemIndex },
			limit,
		);
		return records.map((record) => {
			const course = (record.course ?? {}) as IDataObject;
			return {
				published_course_id: String(record.id),
				course_id: String(course.id ?? ''),
				title: String(course.title ?? ''),
				domain: conn.domain,
				url: record.course_url,
				hidden: record.hidden,
				lesson_count: course.lesson_count,
			};
		});
	}
	const { data, included } = await v2List(
		ctx,
		conn,
		{
			path: '/v2/published-courses/',
			qs: { include: 'course,domain', 'filter[live]': true },
			scope: 'published-courses:read',
			itemIndex,
		},
		limit,
	);
	const byKey = new Map(
		included.map((resource: JsonApiResource) => [`${resource.type}|${resource.id}`, resource]),
	);
	return data.map((resource) => {
		const flat = flatten(resource);
		const course = byKey.get(`courses|${String(flat.course_id)}`)?.attributes ?? {};
		const domain = byKey.get(`domains|${String(flat.domain_id)}`)?.attributes ?? {};
		return {
			published_course_id: resource.id,
			course_id: String(flat.course_id ?? ''),
			title: String(course.title ?? ''),
			domain: String(domain.name ?? ''),
			slug: flat.slug,
			live: flat.live,
			hidden: flat.is_hidden,
			lesson_count: course.lesson_count,
		};
	});
}

/** What a Progress row says about its course. */
export interface CourseSummary {
	course_id: string | null;
	course_title: string | null;
	lesson_count: number | null;
}

const courseSummary = (id: unknown, attributes: IDataObject): CourseSummary => ({
	course_id: typeof id === 'string' && id !== '' ? id : null,
	course_title: typeof attributes.title === 'string' ? attributes.title : null,
	lesson_count: typeof attributes.lesson_count === 'number' ? attributes.lesson_count : null,
});

/**
 * The course behind a publication (an unknown publication fails with Skilljar's 404). v1 nests it
 * in the publication; v2 names title and lesson count on the course, and GET /v2/courses/{id}
 * needs courses:read, which the credential does not request: the publications list includes the
 * course under published-courses:read instead.
 */
export async function courseOfPublication(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	publishedCourseId: string,
	itemIndex: number,
): Promise<CourseSummary> {
	if (conn.api === 'v1') {
		const published = await skilljarRequest<IDataObject>(ctx, conn, {
			method: 'GET',
			path: '/v1/domains/{domain}/published-courses/{id}',
			pathParams: { id: { label: 'Published Course', value: publishedCourseId } },
			itemIndex,
		});
		const course = (published.course ?? {}) as IDataObject;
		return courseSummary(course.id, course);
	}
	const courseId = await v2CourseOf(ctx, conn, publishedCourseId, itemIndex);
	const { included } = await skilljarRequest<{ included?: JsonApiResource[] }>(ctx, conn, {
		method: 'GET',
		path: '/v2/published-courses/',
		qs: { 'filter[course]': courseId, include: 'course', 'page[size]': 1 },
		scope: 'published-courses:read',
		expects: { data: 'list' },
		itemIndex,
	});
	const course = included?.find(
		(resource) => resource.type === 'courses' && resource.id === courseId,
	);
	return courseSummary(courseId, course?.attributes ?? {});
}
