// How records look on the wire: v1 (DRF serializers, per v1-openapi.yml) and v2 (JSON:API
// resources, per v2-openapi.json).
import { createHash } from 'node:crypto';
import type { SkilljarStore } from './store';
import type {
	Domain,
	DomainUser,
	Enrollment,
	Group,
	GroupMembership,
	PublishedCourse,
	SignupField,
	User,
	Webhook,
} from './types';

// ---- v1 ----

export function v1User(user: User) {
	return {
		id: user.id,
		email: user.email,
		first_name: user.first_name,
		last_name: user.last_name,
		full_name: `${user.first_name} ${user.last_name}`.trim(),
	};
}

export function v1ReadOnlyUser(user: User | undefined, id: string) {
	return user
		? { id: user.id, email: user.email, first_name: user.first_name, last_name: user.last_name }
		: { id };
}

export function v1UserOverview(store: SkilljarStore, user: User) {
	const enrollments = store.listEnrollments().filter((enrollment) => enrollment.userId === user.id);
	return {
		user: {
			id: user.id,
			email: user.email,
			first_name: user.first_name,
			last_name: user.last_name,
		},
		registration_count: enrollments.length,
		completion_count: enrollments.filter((enrollment) => enrollment.progress.completed_at !== null)
			.length,
		signed_up_at: user.signed_up_at,
		latest_activity: user.latest_activity,
		inactive_at: user.inactive_at,
	};
}

export function v1UserUpdate(user: User) {
	return {
		id: user.id,
		email: user.email,
		first_name: user.first_name,
		last_name: user.last_name,
		inactive_at: user.inactive_at,
	};
}

export function v1Domain(domain: Domain) {
	return {
		id: domain.id,
		name: domain.name,
		catalog_title: domain.catalog_title,
		private: domain.access !== 'PUBLIC',
		access: domain.access,
		access_code_message_html: '',
		marketing_message: '',
	};
}

export function v1SignupValues(store: SkilljarStore, member: DomainUser) {
	return [...member.values.entries()].map(([id, value]) => ({
		signup_field: { id, label: store.signupFields.get(id)?.label ?? '' },
		value,
	}));
}

export function v1DomainUser(store: SkilljarStore, member: DomainUser, withSignupFields: boolean) {
	const user = store.getUser(member.userId);
	return {
		user: user ? v1User(user) : { id: member.userId },
		active: member.active,
		marketing_optin: member.marketing_optin,
		enrolled_at: member.enrolled_at,
		expires_at: member.expires_at,
		access_code: null,
		...(withSignupFields ? { signup_fields: v1SignupValues(store, member) } : {}),
	};
}

export function v1SignupField(field: SignupField) {
	return {
		id: field.id,
		type: field.type,
		label: field.label,
		help_text: field.help_text,
		regex_validator: '',
		regex_validator_error_text: '',
		required: field.required,
		active: field.active,
		order: field.order,
		options: field.options,
	};
}

export function v1PublishedCourse(store: SkilljarStore, published: PublishedCourse) {
	const course = store.courses.get(published.courseId);
	return {
		id: published.id,
		course: {
			id: published.courseId,
			title: course?.title ?? '',
			lesson_count: course?.lesson_count ?? 0,
			required_lesson_count: course?.required_lesson_count ?? 0,
		},
		slug: published.slug,
		course_url: store.courseUrl(published),
		hidden: published.hidden,
		strict_enforce_group_visibility: false,
		registration_required: true,
		restrict_access_start_end_dates: false,
		allow_self_service_reenroll: false,
		unique_progress_per_enrollment: false,
		require_all_prerequisites: false,
		timezone: null,
		offer: {
			id: `of${published.id}`,
			registration_open: true,
			registration_url: `${store.courseUrl(published)}/register`,
			price: { amount: '0.00', currency_code: 'USD' },
		},
	};
}

export function v1Enrollment(store: SkilljarStore, enrollment: Enrollment) {
	return {
		id: enrollment.id,
		user: v1ReadOnlyUser(store.getUser(enrollment.userId), enrollment.userId),
		enrolled_at: enrollment.enrolled_at,
		expires_at: enrollment.expires_at,
		active: enrollment.active,
		purchase: null,
		rating: null,
		feedback: null,
	};
}

/** One row of GET /v1/users/{id}/published-courses: the latest enrollment in a publication. */
export function v1Progress(store: SkilljarStore, latest: Enrollment, all: Enrollment[]) {
	const published = store.publishedCourses.get(latest.publishedCourseId);
	const course = published ? store.courses.get(published.courseId) : undefined;
	const progress = latest.progress;
	return {
		published_course_id: latest.publishedCourseId,
		domain_name: published?.domain ?? '',
		enrolled_at: latest.enrolled_at,
		enrollment_id: latest.id,
		course: {
			id: course?.id ?? '',
			title: course?.title ?? '',
			lesson_count: course?.lesson_count ?? 0,
			required_lesson_count: course?.required_lesson_count ?? 0,
		},
		course_progress: {
			course_progress_id: progress.id,
			completed_lesson_count: progress.completed_lesson_count,
			completed_required_lesson_count: progress.completed_lesson_count,
			completed_at: progress.completed_at,
			latest_activity: progress.latest_activity,
			score: progress.score,
			max_score: progress.max_score,
			credits_earned: '',
			credit_unit_plural: '',
			success_status: progress.success_status,
		},
		certificate: latest.certificate
			? {
					code: latest.certificate.code,
					validate_url: store.certificateUrl(latest.certificate.code),
					issued_at: latest.certificate.issued_at,
					expires_at: latest.certificate.expires_at,
				}
			: null,
		all_enrollments: all.map((enrollment) => ({
			course_progress_id: enrollment.progress.id,
			active: enrollment.active,
			expires_at: enrollment.expires_at,
			enrollment_id: enrollment.id,
		})),
	};
}

export function v1Group(store: SkilljarStore, group: Group) {
	return {
		id: group.id,
		name: group.name,
		user_count: store.membersOf(group.id).length,
		discount_percent: null,
		group_category_id: null,
		sign_up_field_rule: { enforce: false, require_match_all: false, options: [] },
		rule_email_domains: group.rule_email_domains,
	};
}

export function v1GroupUser(store: SkilljarStore, membership: GroupMembership) {
	return {
		user: v1ReadOnlyUser(store.getUser(membership.userId), membership.userId),
		created_at: membership.created_at,
	};
}

export function v1Webhook(hook: Webhook) {
	return {
		id: hook.id,
		target_url: hook.target_url,
		active: hook.active,
		deactivate_reason: hook.deactivate_reason,
		event_type: hook.event_type,
		basic_auth_username: hook.basic_auth_username,
		basic_auth_password: hook.basic_auth_password,
		additional_headers: hook.additional_headers,
	};
}

// ---- v2 ----

/** Stable UUID5-like id for cross-system correlation. */
function externalId(kind: string, id: string): string {
	const hex = createHash('sha1').update(`${kind}:${id}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function v2Student(baseUrl: string, user: User) {
	return {
		type: 'students',
		id: user.id,
		attributes: {
			email: user.email,
			first_name: user.first_name,
			last_name: user.last_name,
			is_inactive: user.inactive_at !== null,
			external_id: externalId('student', user.id),
			date_joined: user.signed_up_at,
		},
		links: { self: `${baseUrl}/v2/students/${user.id}` },
	};
}

export function v2Group(group: Group) {
	return {
		type: 'groups',
		id: group.id,
		attributes: {
			name: group.name,
			rule_email_domains: group.rule_email_domains,
			send_course_enrollment_email: null,
			category_id: null,
			created_at: group.created_at,
			updated_at: group.updated_at,
		},
	};
}

export function v2Membership(membership: GroupMembership) {
	return {
		type: 'memberships',
		id: membership.id,
		attributes: {
			student_id: membership.userId,
			is_manager: false,
			created_at: membership.created_at,
		},
	};
}

function progressStatus(enrollment: Enrollment): string {
	if (enrollment.progress.completed_at) return 'completed';
	return enrollment.progress.completed_lesson_count > 0 ? 'in_progress' : 'not_started';
}

/** v2's derived state: passed, failed, pending (no outcome yet) or not_applicable (ungraded). */
function successStatus(enrollment: Enrollment): string {
	const status = enrollment.progress.success_status;
	if (status === 'PASSED') return 'passed';
	if (status === 'FAILED') return 'failed';
	return enrollment.progress.completed_at ? 'not_applicable' : 'pending';
}

function enrollmentRelationships(enrollment: Enrollment) {
	return {
		student: { data: { type: 'students', id: enrollment.userId } },
		'published-course': { data: { type: 'published-courses', id: enrollment.publishedCourseId } },
	};
}

/** What the write endpoints return (EnrollmentWriteResource). */
export function v2EnrollmentWrite(baseUrl: string, enrollment: Enrollment) {
	return {
		type: 'enrollments',
		id: enrollment.id,
		attributes: {
			enrolled_at: enrollment.enrolled_at,
			expires_at: enrollment.expires_at,
			due_at: null,
			active: enrollment.active,
		},
		relationships: enrollmentRelationships(enrollment),
		links: { self: `${baseUrl}/v2/enrollments/${enrollment.id}` },
	};
}

export function v2Enrollment(store: SkilljarStore, baseUrl: string, enrollment: Enrollment) {
	const published = store.publishedCourses.get(enrollment.publishedCourseId);
	return {
		type: 'enrollments',
		id: enrollment.id,
		attributes: {
			enrolled_at: enrollment.enrolled_at,
			expires_at: enrollment.expires_at,
			due_at: null,
			active: enrollment.active,
			channel: 'api',
			source: 'assigned',
			progress_status: progressStatus(enrollment),
			completed_at: enrollment.progress.completed_at,
			score: enrollment.progress.score,
			max_score: enrollment.progress.max_score,
			success_status: successStatus(enrollment),
			domain_name: published?.domain ?? '',
			has_certificate: enrollment.certificate !== null,
			rating: null,
			rating_scale: null,
			feedback: null,
		},
		relationships: {
			...enrollmentRelationships(enrollment),
			purchase: { data: null },
			certificate: {
				data: enrollment.certificate
					? { type: 'certificates', id: enrollment.certificate.id }
					: null,
			},
		},
		links: { self: `${baseUrl}/v2/enrollments/${enrollment.id}` },
	};
}

export function v2PublishedCourse(store: SkilljarStore, published: PublishedCourse) {
	const domain = store.getDomain(published.domain);
	return {
		type: 'published-courses',
		id: published.id,
		attributes: {
			external_id: externalId('published-course', published.id),
			slug: published.slug,
			live: published.live,
			is_hidden: published.hidden,
			visible_on_catalog: !published.hidden,
			open_access: false,
			strict_enforce_group_visibility: false,
			visibility_override_type: 'GROUP',
			access_period_starts_at: null,
			access_period_ends_at: null,
			restrict_access_start_end_dates: false,
			allow_self_service_reenroll: false,
			unique_progress_per_enrollment: false,
			require_all_prerequisites: false,
			created_at: published.created_at,
			modified_at: published.created_at,
		},
		relationships: {
			course: { data: { type: 'courses', id: published.courseId } },
			domain: { data: { type: 'domains', id: domain?.id ?? '' } },
		},
	};
}

export function v2Course(store: SkilljarStore, courseId: string) {
	const course = store.courses.get(courseId);
	return {
		type: 'courses',
		id: courseId,
		attributes: {
			external_id: externalId('course', courseId),
			title: course?.title ?? '',
			short_description: '',
			lesson_count: course?.lesson_count ?? 0,
			is_published: true,
		},
	};
}

export function v2Domain(domain: Domain) {
	return {
		type: 'domains',
		id: domain.id,
		attributes: {
			external_id: externalId('domain', domain.id),
			name: domain.name,
			access: domain.access,
			access_message_html: '',
			marketing_message: '',
			require_https: true,
			created_at: domain.created_at,
			modified_at: domain.created_at,
		},
	};
}

export function v2SignupFieldValue(
	store: SkilljarStore,
	userId: string,
	fieldId: string,
	value: string,
) {
	return {
		type: 'signup-field-values',
		id: createHash('sha1').update(`${userId}:${fieldId}`).digest('hex').slice(0, 14),
		attributes: { label: store.signupFields.get(fieldId)?.label ?? '', value },
		relationships: {
			student: { data: { type: 'students', id: userId } },
			'signup-field': { data: { type: 'signup-fields', id: fieldId } },
		},
	};
}
