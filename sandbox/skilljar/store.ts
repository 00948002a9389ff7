// Skilljar's data for one organisation: users, domains and their members, signup fields, courses
// published to domains, enrollments with progress, groups, webhooks. Both API versions read and
// write the same records, so a change through one shows through the other.
import { randomBytes } from 'node:crypto';
import type {
	Course,
	Domain,
	DomainUser,
	Enrollment,
	EventType,
	Group,
	GroupMembership,
	PublishedCourse,
	SignupField,
	User,
	Webhook,
} from './types';

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Skilljar ids are short lower-case alphanumerics (v1 path pattern ^[0-9a-z]+$). */
export function newId(length = 14): string {
	let id = '';
	for (const byte of randomBytes(length)) id += ID_ALPHABET[byte % ID_ALPHABET.length];
	return id;
}

export const EMAIL_PATTERN = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:]{2,}$/;
export const NAME_MAX = 50;
export const GROUP_NAME_MAX = 100;

export interface Invite {
	id: string;
	domain: string;
	userId: string;
	token: string;
	/** null when send_email was false (the invite exists, no email went out). */
	sent_at: string | null;
}

export type EventListener = (event: EventType, payload: Record<string, unknown>) => void;

/** How a course ended: score (max_score defaults to 100 with a score), pass or fail, when. */
export interface CompletionResult {
	score?: number | null;
	max_score?: number | null;
	passed?: boolean;
	at?: string;
}

export interface DomainUserUpsert {
	email: string;
	first_name?: string;
	last_name?: string;
	active?: boolean;
	expires_at?: string | null;
	marketing_optin?: boolean | null;
}

export class SkilljarStore {
	readonly users = new Map<string, User>();
	readonly domains = new Map<string, Domain>();
	/** Key `${domain}|${userId}`. */
	readonly domainUsers = new Map<string, DomainUser>();
	readonly signupFields = new Map<string, SignupField>();
	readonly courses = new Map<string, Course>();
	readonly publishedCourses = new Map<string, PublishedCourse>();
	readonly enrollments = new Map<string, Enrollment>();
	readonly groups = new Map<string, Group>();
	/** Key `${groupId}|${userId}`. */
	readonly memberships = new Map<string, GroupMembership>();
	readonly webhooks = new Map<string, Webhook>();
	/** Welcome / set-password emails sent (POST .../users/{id}/invites). */
	readonly invites: Invite[] = [];

	/** Called for every event Skilljar would send to webhooks. */
	onEvent: EventListener = () => undefined;

	constructor(
		private readonly clock: () => number,
		readonly defaultDomain: string,
	) {
		this.addDomain({ name: defaultDomain });
	}

	/** The sandbox clock's time, as an ISO string. */
	now(): string {
		return new Date(this.clock()).toISOString();
	}

	// ---- users ----

	addUser(input: Partial<User> & { email: string }): User {
		const email = input.email.trim().toLowerCase();
		if (this.findUserByEmail(email)) throw new Error(`sandbox: a user with email ${email} exists`);
		const user: User = {
			id: input.id ?? newId(),
			email,
			first_name: input.first_name ?? '',
			last_name: input.last_name ?? '',
			signed_up_at: input.signed_up_at ?? this.now(),
			inactive_at: input.inactive_at ?? null,
			latest_activity: input.latest_activity ?? null,
		};
		this.users.set(user.id, user);
		return user;
	}

	getUser(id: string): User | undefined {
		return this.users.get(id);
	}

	findUserByEmail(email: string): User | undefined {
		const wanted = email.trim().toLowerCase();
		for (const user of this.users.values()) if (user.email === wanted) return user;
		return undefined;
	}

	/** Users in the order they signed up (the order both APIs page them in). */
	listUsers(): User[] {
		return [...this.users.values()];
	}

	// ---- domains and domain users ----

	addDomain(input: Partial<Domain> & { name: string }): Domain {
		const domain: Domain = {
			id: input.id ?? newId(),
			name: input.name,
			access: input.access ?? 'PRIVATE',
			catalog_title: input.catalog_title ?? `${input.name} catalog`,
			created_at: input.created_at ?? this.now(),
		};
		this.domains.set(domain.name, domain);
		return domain;
	}

	getDomain(name: string): Domain | undefined {
		return this.domains.get(name);
	}

	getDomainUser(domain: string, userId: string): DomainUser | undefined {
		return this.domainUsers.get(`${domain}|${userId}`);
	}

	listDomainUsers(domain: string): DomainUser[] {
		return [...this.domainUsers.values()].filter((member) => member.domain === domain);
	}

	/**
	 * POST /v1/domains/{domain}/users: creates the user when the email is new, else takes the
	 * existing user (names untouched, as live), and makes them a member of the domain.
	 */
	upsertDomainUser(
		domain: string,
		input: DomainUserUpsert,
	): { user: User; member: DomainUser; created: boolean } {
		let user = this.findUserByEmail(input.email);
		const createdUser = !user;
		user ??= this.addUser({
			email: input.email,
			first_name: input.first_name,
			last_name: input.last_name,
		});
		const result = this.addToDomain(domain, user.id, input);
		return { user, member: result.member, created: createdUser || result.created };
	}

	addToDomain(
		domain: string,
		userId: string,
		input: Pick<DomainUserUpsert, 'active' | 'expires_at' | 'marketing_optin'> = {},
	): { member: DomainUser; created: boolean } {
		const key = `${domain}|${userId}`;
		const existing = this.domainUsers.get(key);
		if (existing) {
			if (input.active !== undefined) existing.active = input.active;
			if (input.expires_at !== undefined) existing.expires_at = input.expires_at;
			if (input.marketing_optin !== undefined) existing.marketing_optin = input.marketing_optin;
			return { member: existing, created: false };
		}
		const member: DomainUser = {
			domain,
			userId,
			active: input.active ?? true,
			enrolled_at: this.now(),
			expires_at: input.expires_at ?? null,
			marketing_optin: input.marketing_optin ?? null,
			values: new Map(),
		};
		this.domainUsers.set(key, member);
		const user = this.users.get(userId);
		const domainRecord = this.domains.get(domain);
		if (user && domainRecord) {
			this.onEvent('DOMAIN_ENROLLMENT', {
				event_type: 'DOMAIN_ENROLLMENT',
				timestamp: member.enrolled_at,
				user: userSummary(user),
				domain: { id: domainRecord.id, name: domainRecord.name },
			});
		}
		return { member, created: true };
	}

	// ---- signup (profile) fields ----

	addSignupField(
		input: Partial<SignupField> & { label: string; domain?: string; optionValues?: string[] },
	): SignupField {
		const { optionValues, ...rest } = input;
		const domain = input.domain ?? this.defaultDomain;
		const field: SignupField = {
			id: rest.id ?? newId(),
			domain,
			type: rest.type ?? (optionValues ? 'PICKLIST' : 'TEXT'),
			label: rest.label,
			required: rest.required ?? false,
			active: rest.active ?? true,
			order: rest.order ?? 6000 + this.listSignupFields(domain).length * 10,
			options: rest.options ?? (optionValues ?? []).map((value) => ({ id: newId(), value })),
			help_text: rest.help_text ?? '',
		};
		this.signupFields.set(field.id, field);
		return field;
	}

	listSignupFields(domain: string): SignupField[] {
		return [...this.signupFields.values()]
			.filter((field) => field.domain === domain)
			.sort((a, b) => a.order - b.order);
	}

	/** Why a value is not acceptable for a field, or undefined when it is. */
	signupValueProblem(field: SignupField, value: string): string | undefined {
		if (field.type === 'PICKLIST' && !field.options.some((option) => option.value === value)) {
			return `"${value}" is not a valid choice. Choices: ${field.options.map((option) => option.value).join(', ')}.`;
		}
		if (field.type === 'CHECKBOX' && !['true', 'false'].includes(value.toLowerCase())) {
			return `"${value}" is not a valid boolean. Use true or false.`;
		}
		return undefined;
	}

	// ---- courses ----

	addCourse(input: Partial<Course> & { title: string }): Course {
		const course: Course = {
			id: input.id ?? newId(),
			title: input.title,
			lesson_count: input.lesson_count ?? 8,
			required_lesson_count: input.required_lesson_count ?? input.lesson_count ?? 8,
		};
		this.courses.set(course.id, course);
		return course;
	}

	publishCourse(courseId: string, input: Partial<PublishedCourse> = {}): PublishedCourse {
		const course = this.courses.get(courseId);
		if (!course) throw new Error(`sandbox: no course ${courseId}`);
		const published: PublishedCourse = {
			id: input.id ?? newId(),
			courseId,
			domain: input.domain ?? this.defaultDomain,
			slug: input.slug ?? slugify(course.title),
			live: input.live ?? true,
			hidden: input.hidden ?? false,
			created_at: input.created_at ?? this.now(),
		};
		this.publishedCourses.set(published.id, published);
		return published;
	}

	/** A course and its publication in one step (tests and seeding). */
	addPublishedCourse(
		title: string,
		input: Partial<PublishedCourse> & { lesson_count?: number } = {},
	): PublishedCourse {
		const course = this.addCourse({ title, lesson_count: input.lesson_count });
		return this.publishCourse(course.id, input);
	}

	listPublishedCourses(domain?: string): PublishedCourse[] {
		return [...this.publishedCourses.values()].filter(
			(published) => domain === undefined || published.domain === domain,
		);
	}

	courseUrl(published: PublishedCourse): string {
		return `https://${published.domain}/${published.slug}`;
	}

	// ---- enrollments and progress ----

	/**
	 * Enrolls a user. An active enrollment in the same publication is returned as it is (v1 calls
	 * the POST idempotent for the same user and enrollment time).
	 */
	enroll(
		userId: string,
		publishedCourseId: string,
		input: { enrolled_at?: string; expires_at?: string | null; active?: boolean } = {},
	): { enrollment: Enrollment; created: boolean } {
		const current = this.activeEnrollment(userId, publishedCourseId);
		if (current && (input.enrolled_at === undefined || input.enrolled_at === current.enrolled_at)) {
			return { enrollment: current, created: false };
		}
		if (current) current.active = false;
		const enrollment: Enrollment = {
			id: newId(),
			userId,
			publishedCourseId,
			enrolled_at: input.enrolled_at ?? this.now(),
			expires_at: input.expires_at ?? null,
			active: input.active ?? true,
			progress: {
				id: newId(),
				completed_at: null,
				completed_lesson_count: 0,
				score: null,
				max_score: null,
				success_status: null,
				latest_activity: null,
			},
			certificate: null,
		};
		this.enrollments.set(enrollment.id, enrollment);
		this.emitCourseEvent('COURSE_ENROLLMENT', enrollment);
		return { enrollment, created: true };
	}

	activeEnrollment(userId: string, publishedCourseId: string): Enrollment | undefined {
		return this.listEnrollments().find(
			(enrollment) =>
				enrollment.userId === userId &&
				enrollment.publishedCourseId === publishedCourseId &&
				enrollment.active,
		);
	}

	listEnrollments(): Enrollment[] {
		return [...this.enrollments.values()];
	}

	/**
	 * Records a learner working through a course: `lessons` is how many they have completed now
	 * (never fewer than before, at most the course's), `at` when (default now). Finishing every
	 * required lesson completes the course, as in Skilljar.
	 */
	recordProgress(
		enrollmentId: string,
		input: { lessons: number; at?: string; result?: CompletionResult },
	): Enrollment {
		const enrollment = this.enrollmentOrThrow(enrollmentId);
		const course = this.courseOf(enrollment);
		const at = input.at ?? this.now();
		const lessons = Math.min(
			Math.max(enrollment.progress.completed_lesson_count, Math.floor(input.lessons)),
			course?.lesson_count ?? Number.POSITIVE_INFINITY,
		);
		enrollment.progress = {
			...enrollment.progress,
			completed_lesson_count: lessons,
			latest_activity: at,
		};
		this.touchUser(enrollment.userId, at);
		const required = course?.required_lesson_count ?? Number.POSITIVE_INFINITY;
		if (!enrollment.progress.completed_at && lessons >= required) {
			this.completeCourse(enrollmentId, { ...input.result, at });
		}
		return enrollment;
	}

	/**
	 * Marks a learner's course complete, as finishing the last lesson would: every lesson done, a
	 * certificate unless they failed, COURSE_COMPLETION sent.
	 */
	completeCourse(enrollmentId: string, result: CompletionResult = {}): Enrollment {
		const enrollment = this.enrollmentOrThrow(enrollmentId);
		const course = this.courseOf(enrollment);
		const at = result.at ?? this.now();
		const successStatus =
			result.passed === undefined
				? result.score !== undefined
					? 'PASSED'
					: null
				: result.passed
					? 'PASSED'
					: 'FAILED';
		enrollment.progress = {
			...enrollment.progress,
			completed_at: at,
			completed_lesson_count: course?.lesson_count ?? enrollment.progress.completed_lesson_count,
			score: result.score ?? enrollment.progress.score,
			max_score:
				result.max_score ?? (result.score !== undefined ? 100 : enrollment.progress.max_score),
			success_status: successStatus,
			latest_activity: at,
		};
		enrollment.certificate =
			successStatus === 'FAILED'
				? null
				: { id: newId(), code: newId(10).toUpperCase(), issued_at: at, expires_at: null };
		this.touchUser(enrollment.userId, at);
		this.emitCourseEvent('COURSE_COMPLETION', enrollment);
		return enrollment;
	}

	/** Where Skilljar's certificate validation page for a code is. */
	certificateUrl(code: string): string {
		return `https://verify.skilljar.com/c/${code}`;
	}

	private enrollmentOrThrow(enrollmentId: string): Enrollment {
		const enrollment = this.enrollments.get(enrollmentId);
		if (!enrollment) throw new Error(`sandbox: no enrollment ${enrollmentId}`);
		return enrollment;
	}

	private courseOf(enrollment: Enrollment): Course | undefined {
		const published = this.publishedCourses.get(enrollment.publishedCourseId);
		return published ? this.courses.get(published.courseId) : undefined;
	}

	private touchUser(userId: string, at: string): void {
		const user = this.users.get(userId);
		if (user && (user.latest_activity === null || user.latest_activity < at))
			user.latest_activity = at;
	}

	/**
	 * The body of a COURSE_ENROLLMENT or COURSE_COMPLETION webhook for an enrollment. The
	 * enrollment shape is Skilljar's documented one (NOTES.md). For completion neither spec nor
	 * notes give the body (the sample endpoints are typed `object`): the sandbox sends the
	 * enrollment fields plus `course_progress` and `certificate` as GET
	 * /v1/users/{id}/published-courses names them (CourseProgress, Certificate).
	 */
	courseEventPayload(
		event: 'COURSE_ENROLLMENT' | 'COURSE_COMPLETION',
		enrollment: Enrollment,
	): Record<string, unknown> | undefined {
		const user = this.users.get(enrollment.userId);
		const published = this.publishedCourses.get(enrollment.publishedCourseId);
		const course = published ? this.courses.get(published.courseId) : undefined;
		const domain = published ? this.domains.get(published.domain) : undefined;
		if (!user || !published || !course || !domain) return undefined;
		const payload: Record<string, unknown> = {
			event_type: event,
			timestamp:
				event === 'COURSE_COMPLETION' ? enrollment.progress.completed_at : enrollment.enrolled_at,
			user: userSummary(user),
			course: {
				id: course.id,
				published_course_id: published.id,
				title: course.title,
				url: this.courseUrl(published),
			},
			domain: { id: domain.id, name: domain.name },
		};
		if (event === 'COURSE_ENROLLMENT') {
			payload.purchase = null;
			return payload;
		}
		const { progress, certificate } = enrollment;
		payload.course_progress = {
			completed_at: progress.completed_at,
			completed_lesson_count: progress.completed_lesson_count,
			score: progress.score,
			max_score: progress.max_score,
			success_status: progress.success_status,
		};
		payload.certificate = certificate
			? {
					code: certificate.code,
					validate_url: this.certificateUrl(certificate.code),
					issued_at: certificate.issued_at,
					expires_at: certificate.expires_at,
				}
			: null;
		return payload;
	}

	private emitCourseEvent(
		event: 'COURSE_ENROLLMENT' | 'COURSE_COMPLETION',
		enrollment: Enrollment,
	): void {
		const payload = this.courseEventPayload(event, enrollment);
		if (payload) this.onEvent(event, payload);
	}

	// ---- groups ----

	addGroup(input: Partial<Group> & { name: string }): Group {
		if (this.findGroupByName(input.name))
			throw new Error(`sandbox: a group named ${input.name} exists`);
		const at = this.now();
		const group: Group = {
			id: input.id ?? newId(),
			name: input.name,
			rule_email_domains: input.rule_email_domains ?? [],
			created_at: input.created_at ?? at,
			updated_at: input.updated_at ?? at,
		};
		this.groups.set(group.id, group);
		return group;
	}

	/** Group names are unique within the organisation, case-sensitively. */
	findGroupByName(name: string): Group | undefined {
		for (const group of this.groups.values()) if (group.name === name) return group;
		return undefined;
	}

	listGroups(): Group[] {
		return [...this.groups.values()];
	}

	addMember(groupId: string, userId: string): { membership: GroupMembership; created: boolean } {
		const key = `${groupId}|${userId}`;
		const existing = this.memberships.get(key);
		if (existing) return { membership: existing, created: false };
		const membership: GroupMembership = { id: newId(), groupId, userId, created_at: this.now() };
		this.memberships.set(key, membership);
		return { membership, created: true };
	}

	removeMember(groupId: string, userId: string): boolean {
		return this.memberships.delete(`${groupId}|${userId}`);
	}

	membersOf(groupId: string): GroupMembership[] {
		return [...this.memberships.values()].filter((membership) => membership.groupId === groupId);
	}

	groupsOf(userId: string): Group[] {
		return [...this.memberships.values()]
			.filter((membership) => membership.userId === userId)
			.map((membership) => this.groups.get(membership.groupId))
			.filter((group): group is Group => group !== undefined);
	}

	/** Names of the groups a user is in, sorted: what tests compare. */
	groupNamesOf(userId: string): string[] {
		return this.groupsOf(userId)
			.map((group) => group.name)
			.sort();
	}

	addInvite(domain: string, userId: string, sendEmail: boolean): Invite {
		const invite: Invite = {
			id: newId(),
			domain,
			userId,
			token: newId(32),
			sent_at: sendEmail ? this.now() : null,
		};
		this.invites.push(invite);
		return invite;
	}

	// ---- webhooks ----

	addWebhook(input: Partial<Webhook> & { target_url: string }): Webhook {
		const webhook: Webhook = {
			id: input.id ?? newId(),
			target_url: input.target_url,
			active: input.active ?? true,
			deactivate_reason: null,
			event_type: input.event_type ?? null,
			basic_auth_username: input.basic_auth_username ?? '',
			basic_auth_password: input.basic_auth_password ?? '',
			additional_headers: input.additional_headers ?? {},
			created_at: this.now(),
		};
		this.webhooks.set(webhook.id, webhook);
		return webhook;
	}

	listWebhooks(): Webhook[] {
		return [...this.webhooks.values()];
	}
}

export function userSummary(user: User): {
	id: string;
	email: string;
	first_name: string;
	last_name: string;
} {
	return { id: user.id, email: user.email, first_name: user.first_name, last_name: user.last_name };
}

function slugify(title: string): string {
	return (
		title
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'course'
	);
}
