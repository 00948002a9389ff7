import type { IDataObject } from 'n8n-workflow';

/** Our name for each Skilljar event type, as `event` on every item. */
const EVENT_NAMES: Record<string, string> = {
	COURSE_COMPLETION: 'course.completed',
	COURSE_ENROLLMENT: 'course.enrolled',
	DOMAIN_ENROLLMENT: 'domain.enrolled',
	LESSON_COMPLETION: 'lesson.completed',
	PATH_COMPLETION: 'path.completed',
	PATH_ENROLLMENT: 'path.enrolled',
	PURCHASE_FULFILLMENT: 'purchase.fulfilled',
	QUIZ_COMPLETION: 'quiz.completed',
	VILT_EVENT_REGISTRATION: 'vilt_event.registered',
	DASHBOARD_TASK_CREATED: 'dashboard_task.created',
};

/** What every Skilljar Trigger item carries, whatever the event; null where the event has none. */
export interface EventFields extends IDataObject {
	event: string;
	event_type: string;
	occurred_at: string;
	learner_id: string | null;
	email: string | null;
	first_name: string | null;
	last_name: string | null;
	course_title: string | null;
	course_id: string | null;
	published_course_id: string | null;
	course_url: string | null;
	domain: string | null;
}

export interface SkilljarEventItem extends EventFields {
	/** The payload exactly as Skilljar sent it. */
	raw: IDataObject;
}

/** What a course.completed item adds. */
export interface CompletionFields extends IDataObject {
	completed_at: string | null;
	score: number | null;
	max_score: number | null;
	success_status: 'PASSED' | 'FAILED' | null;
	certificate_url: string | null;
}

const objectAt = (value: unknown): IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: {};

function text(value: unknown): string | null {
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
}

function numberOf(value: unknown): number | null {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

/** Skilljar's timestamps (e.g. 2015-02-13T18:57:55.066475+00:00) as ISO 8601 in UTC. */
function isoOf(value: unknown): string | null {
	const raw = text(value);
	if (raw === null) return null;
	const time = new Date(raw);
	return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/**
 * The completion fields. Skilljar documents the enrollment body only; its sample endpoints are
 * typed `object`. Read here: `course_progress` and `certificate` as GET
 * /v1/users/{id}/published-courses names them (what the sandbox sends), a `progress` object, or
 * the same fields at the top level; the certificate's `validate_url` (spec's Certificate) or `url`.
 */
function completionOf(body: IDataObject, occurredAt: string | null): CompletionFields {
	const progress = { ...body, ...objectAt(body.progress), ...objectAt(body.course_progress) };
	const certificate = {
		...objectAt(progress.certificate),
		...objectAt(body.certificate),
	};
	const success = text(progress.success_status)?.toUpperCase();
	return {
		completed_at: isoOf(progress.completed_at) ?? occurredAt,
		score: numberOf(progress.score),
		max_score: numberOf(progress.max_score),
		success_status: success === 'PASSED' || success === 'FAILED' ? success : null,
		certificate_url: text(certificate.validate_url) ?? text(certificate.url),
	};
}

/** One item for one delivery: the fields a CRM needs at the top, the payload under `raw`. */
export function normaliseEvent(
	body: IDataObject,
	receivedAt: Date,
): SkilljarEventItem & Partial<CompletionFields> {
	const eventType = text(body.event_type) ?? '';
	const user = objectAt(body.user);
	const course = objectAt(body.course);
	const timestamp = isoOf(body.timestamp);
	const common: EventFields = {
		event: EVENT_NAMES[eventType] ?? eventType.toLowerCase(),
		event_type: eventType,
		occurred_at: timestamp ?? receivedAt.toISOString(),
		learner_id: text(user.id),
		// Trimmed and lower-cased so it matches CRM contacts.
		email: text(user.email)?.toLowerCase() ?? null,
		first_name: text(user.first_name),
		last_name: text(user.last_name),
		course_title: text(course.title),
		course_id: text(course.id),
		published_course_id: text(course.published_course_id),
		course_url: text(course.url),
		domain: text(objectAt(body.domain).name),
	};
	if (eventType !== 'COURSE_COMPLETION') return { ...common, raw: body };
	const completion = completionOf(body, timestamp);
	// Without a timestamp, the completion time is when it happened.
	if (timestamp === null && completion.completed_at) common.occurred_at = completion.completed_at;
	return { ...common, ...completion, raw: body };
}
