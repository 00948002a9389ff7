import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { learnerLocator, publishedCourseField } from '../../descriptions/common';
import { v1ProgressRows } from '../../helpers/enrollment';
import { learnerParameter, resolveLearner } from '../../helpers/learner';
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

function statusOf(completedAt: unknown, lessons: unknown): string {
	if (completedAt) return 'completed';
	return typeof lessons === 'number' && lessons > 0 ? 'in_progress' : 'not_started';
}

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
		return rows.map((row) => {
			const progress = row.course_progress ?? {};
			return {
				json: {
					learner_id: id,
					published_course_id: row.published_course_id,
					course_id: row.course?.id,
					course_title: row.course?.title,
					domain: row.domain_name,
					enrollment_id: row.enrollment_id,
					enrolled_at: row.enrolled_at ?? null,
					status: statusOf(progress.completed_at, progress.completed_lesson_count),
					completed: Boolean(progress.completed_at),
					completed_at: progress.completed_at ?? null,
					score: progress.score ?? null,
					max_score: progress.max_score ?? null,
					success_status: progress.success_status ?? null,
					completed_lesson_count: progress.completed_lesson_count,
					lesson_count: row.course?.lesson_count,
				} as IDataObject,
			};
		});
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
	return [...latest.values()].map((row) => {
		const success =
			typeof row.success_status === 'string' ? row.success_status.toUpperCase() : null;
		return {
			json: {
				learner_id: row.student_id,
				published_course_id: row.published_course_id,
				domain: row.domain_name,
				enrollment_id: row.id,
				enrolled_at: row.enrolled_at ?? null,
				status: row.progress_status,
				completed: Boolean(row.completed_at),
				completed_at: row.completed_at ?? null,
				score: row.score ?? null,
				max_score: row.max_score ?? null,
				success_status: success === 'PASSED' || success === 'FAILED' ? success : null,
			} as IDataObject,
		};
	});
}
