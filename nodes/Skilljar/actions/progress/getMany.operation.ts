import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { encodePathSegment, parseDateTime } from '../../../shared/validation';
import { limitOf, publishedCourseField, returnAllFields } from '../../descriptions/common';
import { courseOfPublication, type CourseSummary } from '../../helpers/courses';
import { fromV1Enrollment, v1ProgressRows, type EnrollmentOutput } from '../../helpers/enrollment';
import { fromV1Progress, fromV2Progress, type ProgressFields } from '../../helpers/progress';
import {
	flatten,
	requireApi,
	unlessNotFound,
	v1List,
	v2List,
	type SkilljarConnection,
} from '../../transport';

const properties: INodeProperties[] = [
	{
		...publishedCourseField(),
		description:
			'The course whose learners to list. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	...returnAllFields(100_000),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			{
				displayName: 'Enrolled Before',
				name: 'enrolledBefore',
				type: 'dateTime',
				default: '',
				description: 'Only learners who enrolled before this time',
			},
			{
				displayName: 'No Activity Since',
				name: 'noActivitySince',
				type: 'dateTime',
				default: '',
				description:
					'Only learners who have not been active in the course since this time. A learner with no activity recorded counts from when they enrolled. Combine with Not Completed to find stalled learners.',
				hint: 'Needs the API Key credential: only Skilljar API v1 reports when a learner was last active',
			},
			{
				displayName: 'Not Completed',
				name: 'notCompleted',
				type: 'boolean',
				default: false,
				description: 'Whether to leave out learners who have completed the course',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['progress'], operation: ['getMany'] } },
	properties,
);

/** How far v1 reads progress ahead: one request per learner, this many at once. */
const V1_PROGRESS_BATCH = 10;

interface Filters {
	notCompleted: boolean;
	enrolledBefore?: Date;
	noActivitySince?: Date;
}

/** What one item asks for: the course, what to keep, how many. */
interface Query {
	publishedCourseId: string;
	course: CourseSummary;
	filters: Filters;
	limit: number;
	itemIndex: number;
}

type Row = IDataObject & ProgressFields & { enrolled_at: string | null };

function matches(row: Row, filters: Filters): boolean {
	if (filters.notCompleted && row.completed) return false;
	if (filters.enrolledBefore && !isBefore(row.enrolled_at, filters.enrolledBefore)) return false;
	// A learner who never did anything has been inactive since they enrolled.
	if (filters.noActivitySince) {
		const lastSeen = row.last_activity_at ?? row.enrolled_at;
		if (lastSeen !== null && !isBefore(lastSeen, filters.noActivitySince)) return false;
	}
	return true;
}

function isBefore(at: string | null, limit: Date): boolean {
	return at !== null && Date.parse(at) < limit.getTime();
}

/** Active means enrolled and not expired, as v2's filter[active] defines it. */
function isActive(enrollment: EnrollmentOutput): boolean {
	return (
		enrollment.active &&
		(enrollment.expires_at === null || Date.parse(enrollment.expires_at) > Date.now())
	);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const node = this.getNode();
	const publishedCourseId = String(
		this.getNodeParameter('publishedCourseId', itemIndex, '') ?? '',
	).trim();
	encodePathSegment(node, { label: 'Published Course', value: publishedCourseId }, itemIndex);
	const raw = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const date = (name: string, label: string) =>
		raw[name] ? parseDateTime(node, label, raw[name], itemIndex) : undefined;
	const filters: Filters = {
		notCompleted: raw.notCompleted === true,
		enrolledBefore: date('enrolledBefore', 'Enrolled Before'),
		noActivitySince: date('noActivitySince', 'No Activity Since'),
	};
	if (filters.noActivitySince) {
		requireApi(
			this,
			conn,
			'v1',
			'The "No Activity Since" filter',
			'Skilljar API v2 does not report when a learner was last active.',
			itemIndex,
		);
	}
	const query: Query = {
		publishedCourseId,
		course: await courseOfPublication(this, conn, publishedCourseId, itemIndex),
		filters,
		limit: limitOf(this, itemIndex),
		itemIndex,
	};
	const rows =
		conn.api === 'v1' ? await v1Rows(this, conn, query) : await v2Rows(this, conn, query);
	return rows.map((row) => ({ json: row }));
}

/**
 * v1: the course's enrollments, then each active learner's progress list (v1 has no progress
 * list per course): one request per learner, a few at a time, until `limit` rows match.
 */
async function v1Rows(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	{ publishedCourseId, course, filters, limit, itemIndex }: Query,
): Promise<Row[]> {
	const records = await v1List<IDataObject>(ctx, conn, {
		path: '/v1/domains/{domain}/published-courses/{publishedCourseId}/enrollments',
		pathParams: { publishedCourseId: { label: 'Published Course', value: publishedCourseId } },
		declaresPageSize: true,
		itemIndex,
	});
	// Enrolled Before needs no progress: applied first, it saves the progress requests.
	const enrollments = records
		.map((record) => fromV1Enrollment(record, publishedCourseId))
		.filter(isActive)
		.filter(
			(enrollment) =>
				!filters.enrolledBefore || isBefore(enrollment.enrolled_at, filters.enrolledBefore),
		);
	const rows: Row[] = [];
	for (
		let start = 0;
		start < enrollments.length && rows.length < limit;
		start += V1_PROGRESS_BATCH
	) {
		const batch = enrollments.slice(start, start + V1_PROGRESS_BATCH);
		const progress = await Promise.all(
			batch.map(async (enrollment) => {
				// A learner removed since the enrollment list was read has no progress to show.
				const list = await unlessNotFound(
					v1ProgressRows(ctx, conn, enrollment.learner_id, itemIndex),
				);
				return list?.find((row) => row.published_course_id === publishedCourseId);
			}),
		);
		batch.forEach((enrollment, index) => {
			const row: Row = {
				learner_id: enrollment.learner_id,
				email: enrollment.email ?? null,
				first_name: enrollment.first_name ?? null,
				last_name: enrollment.last_name ?? null,
				published_course_id: publishedCourseId,
				course_id: course.course_id,
				course_title: course.course_title,
				domain: conn.domain,
				enrollment_id: enrollment.enrollment_id,
				enrolled_at: enrollment.enrolled_at,
				...fromV1Progress(progress[index]),
			};
			row.lesson_count ??= course.lesson_count;
			if (matches(row, filters)) rows.push(row);
		});
	}
	return rows.slice(0, limit);
}

/**
 * v2: active enrollments of the course with their students included. v2 filters by course, not
 * publication, so the publication is matched here; Not Completed and Enrolled Before are sent as
 * v2's filters.
 */
async function v2Rows(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	{ publishedCourseId, course, filters, limit, itemIndex }: Query,
): Promise<Row[]> {
	const qs: IDataObject = {
		'filter[course.id]': course.course_id,
		'filter[active]': true,
		include: 'student',
	};
	if (filters.notCompleted) qs['filter[progress_status]'] = 'not_started,in_progress';
	// v2's bound is inclusive; the exact "before" is checked on each row.
	if (filters.enrolledBefore) qs['filter[enrolled_lte]'] = filters.enrolledBefore.toISOString();
	const { data, included } = await v2List(
		ctx,
		conn,
		{ path: '/v2/enrollments/', qs, scope: 'enrollments:read', itemIndex },
		limit,
		(resource) => {
			const enrollment = flatten(resource);
			return (
				enrollment.published_course_id === publishedCourseId &&
				matches(
					{ ...fromV2Progress(enrollment), enrolled_at: text(enrollment.enrolled_at) },
					filters,
				)
			);
		},
	);
	const students = new Map(
		included
			.filter((resource) => resource.type === 'students')
			.map((resource) => [resource.id, resource.attributes ?? {}]),
	);
	return data.map((resource) => {
		const enrollment = flatten(resource);
		const learnerId = String(enrollment.student_id ?? '');
		const student = students.get(learnerId) ?? {};
		return {
			learner_id: learnerId,
			email: text(student.email),
			first_name: text(student.first_name),
			last_name: text(student.last_name),
			published_course_id: publishedCourseId,
			course_id: course.course_id,
			course_title: course.course_title,
			domain: text(enrollment.domain_name),
			enrollment_id: resource.id,
			enrolled_at: text(enrollment.enrolled_at),
			...fromV2Progress(enrollment),
			lesson_count: course.lesson_count,
		};
	});
}

function text(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}
