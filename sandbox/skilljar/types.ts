// The records the sandbox holds. Field names follow the v1 wire format; v2 views are built from them.

export interface User {
	id: string;
	/** Stored lower-cased: both APIs match emails case-insensitively. */
	email: string;
	first_name: string;
	last_name: string;
	signed_up_at: string;
	/** Set when the learner is deactivated organisation-wide (v2 DELETE /v2/students/{id}). */
	inactive_at: string | null;
	latest_activity: string | null;
}

export type DomainAccess = 'PUBLIC' | 'PRIVATE' | 'PRIVATE_CODE';

export interface Domain {
	id: string;
	/** The training domain's host name, e.g. academy.example.com: v1 paths use it. */
	name: string;
	access: DomainAccess;
	catalog_title: string;
	created_at: string;
}

/** A user's membership of one domain ("domain user"). */
export interface DomainUser {
	domain: string;
	userId: string;
	active: boolean;
	enrolled_at: string;
	expires_at: string | null;
	marketing_optin: boolean | null;
	/** Signup (profile) field values by field id. */
	values: Map<string, string>;
}

export type SignupFieldType = 'TEXT' | 'PICKLIST' | 'CHECKBOX';

export interface SignupField {
	id: string;
	domain: string;
	type: SignupFieldType;
	label: string;
	required: boolean;
	active: boolean;
	order: number;
	options: Array<{ id: string; value: string }>;
	help_text: string;
}

export interface Course {
	id: string;
	title: string;
	lesson_count: number;
	required_lesson_count: number;
}

export interface PublishedCourse {
	id: string;
	courseId: string;
	domain: string;
	slug: string;
	live: boolean;
	hidden: boolean;
	created_at: string;
}

export interface CourseProgress {
	id: string;
	completed_at: string | null;
	completed_lesson_count: number;
	score: number | null;
	max_score: number | null;
	success_status: 'PASSED' | 'FAILED' | null;
	latest_activity: string | null;
}

/** A certificate issued on completion (v1 `Certificate`: code, validate_url, issued_at, expires_at). */
export interface Certificate {
	id: string;
	code: string;
	issued_at: string;
	expires_at: string | null;
}

export interface Enrollment {
	id: string;
	userId: string;
	publishedCourseId: string;
	enrolled_at: string;
	expires_at: string | null;
	active: boolean;
	progress: CourseProgress;
	certificate: Certificate | null;
}

export interface Group {
	id: string;
	name: string;
	rule_email_domains: string[];
	created_at: string;
	updated_at: string;
}

export interface GroupMembership {
	id: string;
	groupId: string;
	userId: string;
	created_at: string;
}

export const EVENT_TYPES = [
	'COURSE_COMPLETION',
	'COURSE_ENROLLMENT',
	'DOMAIN_ENROLLMENT',
	'LESSON_COMPLETION',
	'PATH_COMPLETION',
	'PATH_ENROLLMENT',
	'PURCHASE_FULFILLMENT',
	'QUIZ_COMPLETION',
	'VILT_EVENT_REGISTRATION',
	'DASHBOARD_TASK_CREATED',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export interface Webhook {
	id: string;
	target_url: string;
	active: boolean;
	deactivate_reason: string | null;
	/** null: every event type is sent. */
	event_type: EventType | null;
	basic_auth_username: string;
	basic_auth_password: string;
	additional_headers: Record<string, string>;
	created_at: string;
}

/** One webhook POST the sandbox made (or tried to make). */
export interface Delivery {
	webhookId: string;
	event_type: EventType | 'PING';
	target_url: string;
	headers: Record<string, string>;
	body: Record<string, unknown>;
	/** Status the receiver answered; null when it could not be reached. */
	status: number | null;
	error?: string;
	time: string;
}
