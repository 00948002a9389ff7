import type { IDataObject } from 'n8n-workflow';

import type { V1ProgressRow } from './enrollment';

export type ProgressStatus = 'not_started' | 'in_progress' | 'completed';

/** A learner's progress in one course as the Progress operations output it, whichever API answered. */
export interface ProgressFields extends IDataObject {
	status: ProgressStatus;
	completed: boolean;
	completed_at: string | null;
	score: number | null;
	max_score: number | null;
	success_status: 'PASSED' | 'FAILED' | null;
	/** v1 only: v2 reports no per-lesson progress. */
	completed_lesson_count: number | null;
	lesson_count: number | null;
	/** v1 only (course_progress.latest_activity): v2 reports no activity. */
	last_activity_at: string | null;
}

const numberOrNull = (value: unknown) => (typeof value === 'number' ? value : null);
const textOrNull = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

function statusOf(completedAt: unknown, lessons: unknown): ProgressStatus {
	if (completedAt) return 'completed';
	return typeof lessons === 'number' && lessons > 0 ? 'in_progress' : 'not_started';
}

/** PASSED or FAILED (v1 sends them so, v2 in lower case with pending / not_applicable besides). */
function successOf(value: unknown): 'PASSED' | 'FAILED' | null {
	const status = typeof value === 'string' ? value.toUpperCase() : null;
	return status === 'PASSED' || status === 'FAILED' ? status : null;
}

/** From a row of v1 GET /v1/users/{id}/published-courses; no row: not started. */
export function fromV1Progress(row: V1ProgressRow | undefined): ProgressFields {
	const progress = row?.course_progress ?? {};
	return {
		status: statusOf(progress.completed_at, progress.completed_lesson_count),
		completed: Boolean(progress.completed_at),
		completed_at: textOrNull(progress.completed_at),
		score: numberOrNull(progress.score),
		max_score: numberOrNull(progress.max_score),
		success_status: successOf(progress.success_status),
		completed_lesson_count: numberOrNull(progress.completed_lesson_count),
		lesson_count: numberOrNull(row?.course?.lesson_count),
		last_activity_at: textOrNull(progress.latest_activity),
	};
}

/** From a flattened v2 enrollment (its progress_status as v2 computes it). */
export function fromV2Progress(enrollment: IDataObject): ProgressFields {
	const status = enrollment.progress_status;
	return {
		status:
			status === 'completed' || status === 'in_progress' || status === 'not_started'
				? status
				: statusOf(enrollment.completed_at, 0),
		completed: Boolean(enrollment.completed_at),
		completed_at: textOrNull(enrollment.completed_at),
		score: numberOrNull(enrollment.score),
		max_score: numberOrNull(enrollment.max_score),
		success_status: successOf(enrollment.success_status),
		completed_lesson_count: null,
		lesson_count: null,
		last_activity_at: null,
	};
}
