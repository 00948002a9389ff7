import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { assertEmail, encodePathSegment, parseDateTime } from '../../../shared/validation';
import { publishedCourseField } from '../../descriptions/common';
import { entryError, type BatchAnswer } from '../../helpers/batch';
import {
	fromV1Enrollment,
	fromV2Enrollment,
	v1ProgressRows,
	type EnrollmentOutput,
} from '../../helpers/enrollment';
import { fromV1 } from '../../helpers/learner';
import { skilljarRequest, v2List, type SkilljarConnection } from '../../transport';
import { NAME_MAX } from '../learner/upsert.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. jane@example.com',
		default: '',
		required: true,
		description: 'The learner to enroll. A new learner is created when none has this email.',
	},
	publishedCourseField(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Expires At',
				name: 'expiresAt',
				type: 'dateTime',
				default: '',
				description: 'When the learner loses access to the course. Empty: never.',
			},
			{
				displayName: 'First Name',
				name: 'firstName',
				type: 'string',
				default: '',
				description: 'Used when the learner is created by this enrollment',
			},
			{
				displayName: 'Last Name',
				name: 'lastName',
				type: 'string',
				default: '',
				description: 'Used when the learner is created by this enrollment',
			},
			{
				displayName: 'Skip If Unenrolled',
				name: 'skipIfUnenrolled',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave a learner unenrolled whose enrollment in this course was deactivated (e.g. by an admin), instead of enrolling them again. Only learners never enrolled in the course are enrolled. Costs one more request.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['enrollment'], operation: ['enroll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const node = this.getNode();
	const email = assertEmail(
		node,
		'Email',
		this.getNodeParameter('email', itemIndex) as string,
		itemIndex,
	);
	const publishedCourseId = String(
		this.getNodeParameter('publishedCourseId', itemIndex, ''),
	).trim();
	encodePathSegment(node, { label: 'Published Course', value: publishedCourseId }, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const expiresAt = options.expiresAt
		? parseDateTime(node, 'Expires At', options.expiresAt, itemIndex).toISOString()
		: undefined;
	const skipIfUnenrolled = options.skipIfUnenrolled === true;
	const names: IDataObject = {};
	if (typeof options.firstName === 'string' && options.firstName.trim())
		names.first_name = options.firstName.trim().slice(0, NAME_MAX);
	if (typeof options.lastName === 'string' && options.lastName.trim())
		names.last_name = options.lastName.trim().slice(0, NAME_MAX);

	if (conn.api === 'v1') {
		// Enrolling needs a member of the domain; POST domain users makes one (or returns the existing).
		const learner = fromV1(
			await skilljarRequest(this, conn, {
				method: 'POST',
				path: '/v1/domains/{domain}/users',
				body: { user: { email, ...names }, active: true },
				retrySafe: true,
				itemIndex,
			}),
		);
		if (skipIfUnenrolled) {
			const row = (await v1ProgressRows(this, conn, learner.id, itemIndex)).find(
				(candidate) => candidate.published_course_id === publishedCourseId,
			);
			const all = row?.all_enrollments ?? [];
			const latest = all.find((enrollment) => enrollment.enrollment_id === row?.enrollment_id);
			if (all.length > 0 && all.every((enrollment) => enrollment.active === false)) {
				return skipped({
					enrollment_id: String(latest?.enrollment_id ?? all[all.length - 1].enrollment_id),
					learner_id: learner.id,
					email: learner.email,
					published_course_id: publishedCourseId,
					enrolled_at: row?.enrolled_at ?? null,
					expires_at: latest?.expires_at ?? null,
					active: false,
				});
			}
		}
		const enrollment = await skilljarRequest(this, conn, {
			method: 'POST',
			path: '/v1/domains/{domain}/published-courses/{publishedCourseId}/enrollments',
			pathParams: { publishedCourseId: { label: 'Published Course', value: publishedCourseId } },
			body: {
				user: { id: learner.id },
				active: true,
				...(expiresAt ? { expires_at: expiresAt } : {}),
			},
			// Skilljar answers a repeat for an active enrollment with that enrollment, so a POST whose
			// answer was lost (a reset, a 5xx from the gateway) can be sent again without a duplicate.
			retrySafe: true,
			itemIndex,
		});
		return [
			{
				json: {
					...fromV1Enrollment(enrollment, publishedCourseId),
					email: learner.email,
					skipped_unenrolled: false,
				},
			},
		];
	}

	if (skipIfUnenrolled) {
		// Every enrollment of this email in this publication, active or not (v2 lists by course).
		const { data } = await v2List(
			this,
			conn,
			{
				path: '/v2/enrollments/',
				qs: { 'filter[student.email]': email },
				scope: 'enrollments:read',
				itemIndex,
			},
			Number.POSITIVE_INFINITY,
			(row) => row.relationships?.['published-course']?.data?.id === publishedCourseId,
		);
		const enrollments = data.map(fromV2Enrollment);
		if (enrollments.length > 0 && enrollments.every((enrollment) => !enrollment.active)) {
			const latest = enrollments[enrollments.length - 1];
			return skipped({
				...latest,
				published_course_id: latest.published_course_id || publishedCourseId,
				email,
			});
		}
	}

	const enroll = async () =>
		await skilljarRequest<BatchAnswer>(this, conn, {
			method: 'POST',
			path: '/v2/enrollments/',
			body: {
				published_course_id: publishedCourseId,
				...(expiresAt ? { expires_at: expiresAt } : {}),
				data: [{ type: 'enrollments', attributes: { email } }],
			},
			// A repeat is answered already_enrolled, which counts as done.
			retrySafe: true,
			scope: 'enrollments:write',
			itemIndex,
		});
	let answer = await enroll();
	let learnerCreated = false;
	if (answer.data?.[0]?.error?.code === 'not_found') {
		const created = await skilljarRequest<BatchAnswer>(this, conn, {
			method: 'POST',
			path: '/v2/students/',
			body: { data: [{ type: 'students', attributes: { email, ...names } }] },
			retrySafe: true,
			scope: 'students:write',
			itemIndex,
		});
		const entry = created.data?.[0];
		if (entry?.status === 'failed' && entry.error?.code !== 'duplicate_email') {
			throw entryError(node, entry, `the new learner ${email}`, itemIndex);
		}
		learnerCreated = entry?.status === 'succeeded';
		answer = await enroll();
	}
	const entry = answer.data?.[0];
	if (entry?.status === 'failed' && entry.error?.code === 'already_enrolled') {
		return [
			{
				json: {
					enrollment_id: entry.id ?? null,
					email,
					published_course_id: publishedCourseId,
					active: true,
					already_enrolled: true,
					learner_created: learnerCreated,
					skipped_unenrolled: false,
				},
			},
		];
	}
	if (!entry || entry.status === 'failed' || !entry.result) {
		throw entryError(node, entry ?? { status: 'failed' }, `the enrollment of ${email}`, itemIndex);
	}
	const enrollment = fromV2Enrollment(entry.result);
	return [
		{
			json: {
				...enrollment,
				published_course_id: enrollment.published_course_id || publishedCourseId,
				email,
				already_enrolled: false,
				learner_created: learnerCreated,
				skipped_unenrolled: false,
			},
		},
	];
}

/** The output for a learner left unenrolled: their latest (deactivated) enrollment. */
function skipped(enrollment: EnrollmentOutput) {
	return [
		{
			json: {
				...enrollment,
				skipped_unenrolled: true,
				note: 'The learner was unenrolled from this course; Skip If Unenrolled left them so.',
			},
		},
	];
}
