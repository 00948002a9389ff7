import type { IDataObject } from 'n8n-workflow';

import {
	flatten,
	v1List,
	v2List,
	type JsonApiResource,
	type SkilljarConnection,
} from '../transport';
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
