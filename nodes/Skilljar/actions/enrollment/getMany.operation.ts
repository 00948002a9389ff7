import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { encodePathSegment } from '../../../shared/validation';
import {
	learnerLocator,
	limitOf,
	publishedCourseField,
	returnAllFields,
} from '../../descriptions/common';
import {
	fromV1Enrollment,
	fromV1Row,
	fromV2Enrollment,
	v1ProgressRows,
	v2CourseOf,
	type EnrollmentOutput,
} from '../../helpers/enrollment';
import { learnerParameter, resolveLearner } from '../../helpers/learner';
import { v1List, v2List, type SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'By',
		name: 'by',
		type: 'options',
		options: [
			{ name: 'Course', value: 'course', description: 'Every enrollment in one published course' },
			{ name: 'Learner', value: 'learner', description: 'Every course one learner is enrolled in' },
		],
		default: 'course',
	},
	{ ...publishedCourseField(), displayOptions: { show: { by: ['course'] } } },
	{ ...learnerLocator(), displayOptions: { show: { by: ['learner'] } } },
	...returnAllFields(100_000),
	{
		displayName: 'Active Only',
		name: 'activeOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to leave out enrollments that were deactivated (unenrolled)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['enrollment'], operation: ['getMany'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const limit = limitOf(this, itemIndex);
	const activeOnly = this.getNodeParameter('activeOnly', itemIndex, false) as boolean;
	const by = this.getNodeParameter('by', itemIndex, 'course') as string;
	const keepActive = (enrollment: EnrollmentOutput) => !activeOnly || enrollment.active;
	let enrollments: EnrollmentOutput[];

	if (by === 'course') {
		const publishedCourseId = String(
			this.getNodeParameter('publishedCourseId', itemIndex, ''),
		).trim();
		encodePathSegment(
			this.getNode(),
			{ label: 'Published Course', value: publishedCourseId },
			itemIndex,
		);
		if (conn.api === 'v1') {
			const records = await v1List<IDataObject>(
				this,
				conn,
				{
					path: '/v1/domains/{domain}/published-courses/{publishedCourseId}/enrollments',
					pathParams: {
						publishedCourseId: { label: 'Published Course', value: publishedCourseId },
					},
					declaresPageSize: true,
					itemIndex,
				},
				activeOnly ? Number.POSITIVE_INFINITY : limit,
			);
			enrollments = records
				.map((record) => fromV1Enrollment(record, publishedCourseId))
				.filter(keepActive);
		} else {
			// v2 filters enrollments by course, not by publication: narrow to this publication here.
			const courseId = await v2CourseOf(this, conn, publishedCourseId, itemIndex);
			const { data } = await v2List(
				this,
				conn,
				{
					path: '/v2/enrollments/',
					qs: { 'filter[course.id]': courseId, ...(activeOnly ? { 'filter[active]': true } : {}) },
					scope: 'enrollments:read',
					itemIndex,
				},
				limit,
				(row) => row.relationships?.['published-course']?.data?.id === publishedCourseId,
			);
			enrollments = data.map(fromV2Enrollment);
		}
	} else if (conn.api === 'v1') {
		const { id } = await resolveLearner(this, conn, itemIndex);
		const rows = await v1ProgressRows(this, conn, id, itemIndex);
		enrollments = rows.map((row) => fromV1Row(row, id)).filter(keepActive);
	} else {
		// v2 filters by email directly, which saves looking the learner up.
		const { mode, value } = learnerParameter(this, itemIndex);
		const filter =
			mode === 'email' ? { 'filter[student.email]': value } : { 'filter[student.id]': value };
		const { data } = await v2List(
			this,
			conn,
			{
				path: '/v2/enrollments/',
				qs: { ...filter, ...(activeOnly ? { 'filter[active]': true } : {}) },
				scope: 'enrollments:read',
				itemIndex,
			},
			limit,
		);
		enrollments = data.map(fromV2Enrollment);
	}
	return enrollments.slice(0, limit).map((enrollment) => ({ json: enrollment }));
}
