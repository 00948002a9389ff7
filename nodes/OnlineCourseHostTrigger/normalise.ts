import type { IDataObject } from 'n8n-workflow';

export type OchEvent = 'courseEnrollment' | 'newStudentAccount' | 'newsletterSubscription';

/** What every OnlineCourseHost Trigger item carries, whatever the event. */
export interface OchEventItem extends IDataObject {
	event: OchEvent;
	email: string | null;
	firstName: string | null;
	lastName: string | null;
	courseId: string | null;
	courseTitle: string | null;
	source: string | null;
	receivedAt: string;
	/** The payload exactly as OnlineCourseHost sent it. */
	raw: IDataObject;
}

// OCH's field names are known only from its Zapier/Pabbly samples; the usual alternatives are read too.
const FIELDS = {
	email: ['email', 'student_email', 'studentEmail'],
	name: ['name', 'full_name', 'fullName', 'student_name', 'studentName'],
	firstName: ['first_name', 'firstName'],
	lastName: ['last_name', 'lastName'],
	courseId: ['courseId', 'course_id'],
	courseTitle: ['courseTitle', 'course_title', 'courseName', 'course_name', 'course'],
	source: ['source'],
} as const;

function text(payload: IDataObject, keys: readonly string[]): string | null {
	for (const key of keys) {
		const value = payload[key];
		if ((typeof value === 'string' || typeof value === 'number') && String(value).trim() !== '') {
			return String(value).trim();
		}
	}
	return null;
}

/** The email OCH sent, trimmed and lower-cased so it matches CRM contacts; null if there is none. */
export function emailOf(payload: IDataObject): string | null {
	return text(payload, FIELDS.email)?.toLowerCase() ?? null;
}

export function normaliseEvent(
	event: OchEvent,
	payload: IDataObject,
	receivedAt: Date,
): OchEventItem {
	let firstName = text(payload, FIELDS.firstName);
	let lastName = text(payload, FIELDS.lastName);
	const name = text(payload, FIELDS.name);
	if (name && firstName === null && lastName === null) {
		// A single name field: the first word is the first name, the rest the last name.
		const [first, ...rest] = name.split(/\s+/);
		firstName = first;
		lastName = rest.length > 0 ? rest.join(' ') : null;
	}
	return {
		event,
		email: emailOf(payload),
		firstName,
		lastName,
		courseId: text(payload, FIELDS.courseId),
		courseTitle: text(payload, FIELDS.courseTitle),
		source: text(payload, FIELDS.source),
		receivedAt: receivedAt.toISOString(),
		raw: payload,
	};
}
