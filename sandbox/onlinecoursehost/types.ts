// Records of the OnlineCourseHost sandbox. Field names of the API and the events follow what
// OCH's Zapier/Pabbly integrations are known to use (see ../../../shared/specs/onlinecoursehost).

/** As GET /api/pabbly-tenant-courses lists it: a 20-character document id and the title. */
export interface Course {
	id: string;
	course: string;
}

export interface Student {
	id: string;
	/** Lower-cased: OCH identifies students by email. */
	email: string;
	name: string | null;
	firstName: string | null;
	lastName: string | null;
	/** scrypt hash with its salt; the password itself is never kept. */
	passwordHash: string;
	createdAt: string;
	/** How the account came to be: `integration` (the enroll endpoint) or `signup`. */
	createdBy: 'integration' | 'signup';
}

export interface Enrollment {
	email: string;
	courseId: string;
	courseTitle: string;
	/** How the enrollment was paid for or granted, as OCH's Course Enrollment event reports it. */
	source: string;
	enrolledAt: string;
}

export interface NewsletterSubscriber {
	email: string;
	subscribedAt: string;
}

export const EVENT_NAMES = [
	'newStudentAccount',
	'courseEnrollment',
	'newsletterSubscription',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];
