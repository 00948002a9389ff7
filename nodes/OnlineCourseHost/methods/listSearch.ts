import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listCourses } from '../helpers/courses';
import { getConnection } from '../transport';

/** The school's courses for the course dropdown, filtered by title or ID as the user types. */
export async function searchCourses(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const conn = await getConnection(this);
	const courses = await listCourses(this, conn);
	const query = (filter ?? '').trim().toLowerCase();
	return {
		results: courses
			.filter(
				(course) =>
					query === '' ||
					course.course.toLowerCase().includes(query) ||
					course.id.toLowerCase() === query,
			)
			.map((course) => ({ name: course.course || course.id, value: course.id }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}
