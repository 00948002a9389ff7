import {
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { listPublishedCourses } from '../helpers/courses';
import { getConnection, v1List } from '../transport';

const DROPDOWN_LIMIT = 1_000;

/** Published courses for course dropdowns: the title shows, the published course ID is the value. */
export async function getPublishedCourses(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const conn = await getConnection(this);
	const courses = await listPublishedCourses(this, conn, DROPDOWN_LIMIT);
	const domains = new Set(courses.map((course) => course.domain));
	return courses
		.map((course) => ({
			name:
				domains.size > 1 && course.domain
					? `${course.title} (${course.domain})`
					: course.title || course.published_course_id,
			value: course.published_course_id,
			description: `Published course ${course.published_course_id}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Profile (signup) field definitions of the credential's domain. v1 only: v2 has no definitions. */
export async function getSignupFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const conn = await getConnection(this);
	if (conn.api !== 'v1') {
		throw new NodeOperationError(
			this.getNode(),
			'The field list needs the API Key (v1) credential',
			{
				description:
					'Skilljar API v2 has no list of profile fields. Give field IDs by expression instead.',
			},
		);
	}
	const fields = await v1List<IDataObject>(this, conn, {
		path: '/v1/domains/{domain}/signup-fields',
	});
	return fields.map((field) => ({
		name: String(field.label ?? field.id),
		value: String(field.id),
		description: [field.type, field.required ? 'required' : undefined].filter(Boolean).join(' · '),
	}));
}
