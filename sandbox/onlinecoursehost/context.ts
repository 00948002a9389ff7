// Everything one sandbox instance holds, and the school's behaviour shared by the API routes and
// the inspection API: enrolling (creating the account when the email is new), signing up,
// subscribing to the newsletter, each followed by the events OCH sends.
import {
	courseEnrollmentPayload,
	EventSender,
	newStudentAccountPayload,
	newsletterSubscriptionPayload,
	type WebhookUrls,
} from './events';
import { FaultInjector, type FaultConfig } from './faults';
import { RequestRecorder } from './recorder';
import { OchStore } from './store';
import type { Enrollment, Student } from './types';

export interface OchSandboxOptions {
	/** 0 (default) picks a free port. The sandbox listens on 127.0.0.1 only. */
	port?: number;
	/** Added before every API response. */
	latencyMs?: number;
	faults?: FaultConfig;
	/** Where each event is POSTed. */
	webhooks?: WebhookUrls;
	/** Integration tokens that work from the start (more with createToken()). */
	tokens?: string[];
	/** Courses to start with (titles, or titles with fixed ids). */
	courses?: Array<string | { id: string; course: string }>;
	/** Time source (epoch ms). */
	now?: () => number;
}

export interface RuntimeConfig {
	latencyMs: number;
	faults: FaultConfig;
	webhooks: WebhookUrls;
}

export interface EnrollRequest {
	email: string;
	courseId: string;
	name?: string | null;
	firstName?: string | null;
	lastName?: string | null;
	password?: string | null;
	/** Reported as the Course Enrollment event's `source`. */
	source: string;
	createdBy?: Student['createdBy'];
}

export type EnrollOutcome =
	| { ok: true; accountCreated: boolean; student: Student; enrollment: Enrollment | undefined }
	| { ok: false; status: number; message: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
// OCH accounts are Firebase accounts, which need 6 characters at least.
const MIN_PASSWORD_LENGTH = 6;

export class OchContext {
	readonly clock: () => number;
	readonly store: OchStore;
	readonly recorder = new RequestRecorder();
	readonly faults: FaultInjector;
	readonly events: EventSender;
	latencyMs: number;
	private readonly tokens = new Map<string, { active: boolean }>();

	constructor(options: OchSandboxOptions) {
		this.clock = options.now ?? Date.now;
		this.store = new OchStore(this.clock);
		this.faults = new FaultInjector(options.faults);
		this.events = new EventSender(options.webhooks);
		this.latencyMs = options.latencyMs ?? 0;
		for (const token of options.tokens ?? []) this.tokens.set(token, { active: true });
		for (const course of options.courses ?? [])
			this.store.addCourse(typeof course === 'string' ? { course } : course);
	}

	addToken(token: string, active = true): void {
		this.tokens.set(token, { active });
	}

	/** 'ok', or why the X-Integration-Token header is refused. */
	checkToken(header: string | string[] | undefined): 'ok' | 'missing' | 'invalid' | 'inactive' {
		const token = Array.isArray(header) ? header[0] : header;
		if (!token) return 'missing';
		const entry = this.tokens.get(token);
		if (!entry) return 'invalid';
		return entry.active ? 'ok' : 'inactive';
	}

	configure(patch: Partial<RuntimeConfig>): void {
		if (patch.latencyMs !== undefined) this.latencyMs = patch.latencyMs;
		if (patch.faults) this.faults.set(patch.faults);
		if (patch.webhooks) this.events.setUrls(patch.webhooks);
	}

	get config(): RuntimeConfig {
		return {
			latencyMs: this.latencyMs,
			faults: this.faults.current,
			webhooks: { ...this.events.urls },
		};
	}

	/**
	 * What POST /api/zapier-enroll-student-action-webhook does: find the student by email or create
	 * the account (a password is needed then, and used only then), enroll once, send the events.
	 */
	enroll(request: EnrollRequest): EnrollOutcome {
		const email = request.email.trim().toLowerCase();
		if (!EMAIL.test(email)) return { ok: false, status: 400, message: 'Invalid email address' };
		const course = this.store.getCourse(request.courseId);
		if (!course) return { ok: false, status: 404, message: 'Course not found' };
		let student = this.store.getStudent(email);
		const accountCreated = student === undefined;
		if (!student) {
			if (!request.password)
				return { ok: false, status: 400, message: 'Password is required to create a new account' };
			if (request.password.length < MIN_PASSWORD_LENGTH) {
				return {
					ok: false,
					status: 400,
					message: `Password must be at least ${MIN_PASSWORD_LENGTH} characters`,
				};
			}
			student = this.store.createStudent({
				...namesOf(request),
				email,
				password: request.password,
				createdBy: request.createdBy,
			});
			void this.events.send('newStudentAccount', newStudentAccountPayload(student));
		}
		const enrollment = this.store.enroll(email, course, request.source);
		if (enrollment) void this.events.send('courseEnrollment', courseEnrollmentPayload(enrollment));
		return { ok: true, accountCreated, student, enrollment };
	}

	/** A visitor creates an account on the school's site. */
	signUp(input: { email: string; name?: string | null; password?: string }): Student {
		const student = this.store.createStudent({
			email: input.email,
			...namesOf({ name: input.name }),
			password: input.password ?? 'signup-password',
			createdBy: 'signup',
		});
		void this.events.send('newStudentAccount', newStudentAccountPayload(student));
		return student;
	}

	subscribe(email: string): boolean {
		const subscriber = this.store.subscribe(email);
		if (subscriber)
			void this.events.send(
				'newsletterSubscription',
				newsletterSubscriptionPayload(subscriber.email),
			);
		return subscriber !== undefined;
	}
}

/** `name` alone is split at the first space; separate first and last names win. */
function namesOf(input: {
	name?: string | null;
	firstName?: string | null;
	lastName?: string | null;
}) {
	const clean = (value: string | null | undefined) =>
		(value ?? '').trim().replace(/\s+/g, ' ') || null;
	const firstName = clean(input.firstName);
	const lastName = clean(input.lastName);
	const name =
		clean(input.name) ?? (clean([firstName, lastName].filter(Boolean).join(' ')) as string | null);
	if (firstName || lastName) return { name, firstName, lastName };
	const [first, ...rest] = (name ?? '').split(' ');
	return { name, firstName: first || null, lastName: rest.join(' ') || null };
}
