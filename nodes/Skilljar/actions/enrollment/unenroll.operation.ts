import {
	updateDisplayOptions,
	NodeApiError,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { encodePathSegment } from '../../../shared/validation';
import { learnerLocator, publishedCourseField } from '../../descriptions/common';
import { describeEntry, failedEntries, type BatchAnswer } from '../../helpers/batch';
import { v1ProgressRows } from '../../helpers/enrollment';
import { learnerParameter, resolveLearner } from '../../helpers/learner';
import { skilljarRequest, v2List, type SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [learnerLocator(), publishedCourseField()];

export const description = updateDisplayOptions(
	{ show: { resource: ['enrollment'], operation: ['unenroll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const publishedCourseId = String(
		this.getNodeParameter('publishedCourseId', itemIndex, ''),
	).trim();
	encodePathSegment(
		this.getNode(),
		{ label: 'Published Course', value: publishedCourseId },
		itemIndex,
	);
	let learnerId: string;
	let enrollmentIds: string[];
	const { mode, value } = learnerParameter(this, itemIndex);
	const email = mode === 'email' ? value : undefined;

	if (conn.api === 'v1') {
		learnerId = (await resolveLearner(this, conn, itemIndex)).id;
		// The list, not the single GET, which resolves by course and can pick another publication.
		const row = (await v1ProgressRows(this, conn, learnerId, itemIndex)).find(
			(candidate) => candidate.published_course_id === publishedCourseId,
		);
		enrollmentIds = (row?.all_enrollments ?? [])
			.filter((enrollment) => enrollment.active !== false)
			.map((enrollment) => enrollment.enrollment_id);
		for (const enrollmentId of enrollmentIds) {
			await skilljarRequest(this, conn, {
				method: 'PATCH',
				path: '/v1/domains/{domain}/published-courses/{publishedCourseId}/enrollments/{enrollmentId}',
				pathParams: {
					publishedCourseId: { label: 'Published Course', value: publishedCourseId },
					enrollmentId: { label: 'Enrollment', value: enrollmentId },
				},
				body: { active: false },
				itemIndex,
			});
		}
	} else {
		const filter =
			mode === 'email' ? { 'filter[student.email]': value } : { 'filter[student.id]': value };
		const { data } = await v2List(
			this,
			conn,
			{
				path: '/v2/enrollments/',
				qs: { ...filter, 'filter[active]': true },
				scope: 'enrollments:read',
				itemIndex,
			},
			Number.POSITIVE_INFINITY,
			(row) => row.relationships?.['published-course']?.data?.id === publishedCourseId,
		);
		learnerId = String(data[0]?.relationships?.student?.data?.id ?? (mode === 'id' ? value : ''));
		enrollmentIds = data.map((row) => row.id);
		if (enrollmentIds.length > 0) {
			const answer = await skilljarRequest<BatchAnswer>(this, conn, {
				method: 'PATCH',
				path: '/v2/enrollments/',
				body: {
					data: enrollmentIds.map((id) => ({
						type: 'enrollments',
						id,
						attributes: { active: false },
					})),
				},
				scope: 'enrollments:write',
				itemIndex,
			});
			const failures = failedEntries(answer);
			if (failures.length > 0) {
				const message = `Skilljar did not deactivate ${failures.length} of ${enrollmentIds.length} enrollments: ${failures
					.map(({ index, entry }) => `${enrollmentIds[index]} (${describeEntry(entry)})`)
					.join('; ')}`;
				throw new NodeApiError(this.getNode(), { message, httpCode: '207' } as JsonObject, {
					message,
					httpCode: '207',
					itemIndex,
				});
			}
		}
	}
	return [
		{
			json: {
				// v2 by email with nothing to unenroll: the id is not known (no lookup was needed).
				learner_id: learnerId || null,
				...(email ? { email } : {}),
				published_course_id: publishedCourseId,
				unenrolled: enrollmentIds.length > 0,
				enrollment_ids: enrollmentIds,
				...(enrollmentIds.length === 0
					? { note: 'The learner had no active enrollment in this course; nothing changed.' }
					: {}),
			},
		},
	];
}
