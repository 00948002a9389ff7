import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { learnerLocator, publishedCourseField } from '../../descriptions/common';
import { v1ProgressRows } from '../../helpers/enrollment';
import { learnerParameter, resolveLearner } from '../../helpers/learner';
import { fromV1Progress, fromV2Progress } from '../../helpers/progress';
import { flatten, v2List, type SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [
	learnerLocator(),
	{
		...publishedCourseField({ required: false }),
		description:
			'Only this course; empty for every course the learner is enrolled in. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['progress'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const publishedCourseId = String(
		this.getNodeParameter('publishedCourseId', itemIndex, '') ?? '',
	).trim();
	const wanted = (id: unknown) => publishedCourseId === '' || id === publishedCourseId;

	if (conn.api === 'v1') {
		const { id } = await resolveLearner(this, conn, itemIndex);
		// The list, not GET .../published-courses/{id}: that one resolves by the underlying course
		// and can answer for another publication of it.
		const rows = (await v1ProgressRows(this, conn, id, itemIndex)).filter((row) =>
			wanted(row.published_course_id),
		);
		return rows.map((row) => ({
			json: {
				learner_id: id,
				published_course_id: row.published_course_id,
				course_id: row.course?.id,
				course_title: row.course?.title,
				domain: row.domain_name,
				enrollment_id: row.enrollment_id,
				enrolled_at: row.enrolled_at ?? null,
				...fromV1Progress(row),
			} as IDataObject,
		}));
	}

	const { mode, value } = learnerParameter(this, itemIndex);
	const filter =
		mode === 'email' ? { 'filter[student.email]': value } : { 'filter[student.id]': value };
	const { data } = await v2List(
		this,
		conn,
		{ path: '/v2/enrollments/', qs: filter, scope: 'enrollments:read', itemIndex },
		Number.POSITIVE_INFINITY,
		(row) => wanted(row.relationships?.['published-course']?.data?.id),
	);
	// One row per publication, from its latest enrollment, as v1 reports it.
	const latest = new Map<string, IDataObject>();
	for (const row of data.map(flatten)) {
		const key = String(row.published_course_id);
		const seen = latest.get(key);
		if (!seen || String(row.enrolled_at) > String(seen.enrolled_at)) latest.set(key, row);
	}
	return [...latest.values()].map((row) => ({
		json: {
			learner_id: row.student_id,
			published_course_id: row.published_course_id,
			domain: row.domain_name,
			enrollment_id: row.id,
			enrolled_at: row.enrolled_at ?? null,
			...fromV2Progress(row),
		} as IDataObject,
	}));
}
