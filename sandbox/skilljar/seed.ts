// Deterministic demo data: the same options give the same names, courses and enrollments.
import { intBetween, mulberry32, pick } from '../ghl/random';
import type { SkilljarStore } from './store';

export interface SeedOptions {
	/** PRNG seed (default 1). */
	seed?: number;
	/** Learners to create, all members of the default domain (default 0). */
	users?: number;
	/** Published courses on the default domain (default 0). */
	courses?: number;
	/** Groups to create (default 0). */
	groups?: number;
	/** Chance (0..1) that a learner is enrolled in each course (default 0.3). */
	enrollmentRate?: number;
	/** Chance (0..1) that an enrollment is completed (default 0.3). */
	completionRate?: number;
	/** Adds the profile fields a CRM sync uses: Phone, CRM Contact ID, Notes, Task Status, Marketing Consent. */
	signupFields?: boolean;
	/** Adds the demo course "Onboarding Essentials" with learners in every progress state (DEMO_COURSE). */
	progressDemo?: boolean;
}

export interface SeedResult {
	users: string[];
	publishedCourses: string[];
	groups: string[];
	signupFields: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The progress demo: one published course on the default domain and five learners, dated relative
 * to the sandbox clock, so completed and stalled learners show whenever the sandbox starts.
 */
export const DEMO_COURSE = {
	publishedCourseId: 'onboardingessentials',
	courseId: 'onboardingcourse',
	title: 'Onboarding Essentials',
	lessons: 6,
	learners: {
		/** Enrolled 20 days ago, completed 10 days ago: score 92 of 100, passed, certificate. */
		completed: { email: 'hana.ito@example.com', first_name: 'Hana', last_name: 'Ito' },
		/** Enrolled 14 days ago, 3 of 6 lessons, last activity 2 days ago. */
		inProgress: { email: 'diego.ramos@example.com', first_name: 'Diego', last_name: 'Ramos' },
		/** Enrolled 45 days ago, never started: no activity at all. */
		neverStarted: { email: 'amara.mensah@example.com', first_name: 'Amara', last_name: 'Mensah' },
		/** Enrolled 40 days ago, 1 of 6 lessons, last activity 30 days ago. */
		stalled: { email: 'felix.wagner@example.com', first_name: 'Felix', last_name: 'Wagner' },
		/** Enrolled 30 days ago, then unenrolled: not active, so never "stalled". */
		unenrolled: { email: 'ingrid.berg@example.com', first_name: 'Ingrid', last_name: 'Berg' },
	},
} as const;

function seedProgressDemo(store: SkilljarStore): string | undefined {
	if (store.publishedCourses.has(DEMO_COURSE.publishedCourseId)) return undefined;
	const ago = (days: number) => new Date(Date.parse(store.now()) - days * DAY_MS).toISOString();
	store.addCourse({
		id: DEMO_COURSE.courseId,
		title: DEMO_COURSE.title,
		lesson_count: DEMO_COURSE.lessons,
	});
	const published = store.publishCourse(DEMO_COURSE.courseId, {
		id: DEMO_COURSE.publishedCourseId,
		created_at: ago(60),
	});
	const enroll = (
		learner: { email: string; first_name: string; last_name: string },
		days: number,
	) => {
		const { user } = store.upsertDomainUser(published.domain, learner);
		return store.enroll(user.id, published.id, { enrolled_at: ago(days) }).enrollment;
	};
	const { learners } = DEMO_COURSE;
	store.recordProgress(enroll(learners.completed, 20).id, {
		lessons: DEMO_COURSE.lessons,
		at: ago(10),
		result: { score: 92, max_score: 100, passed: true },
	});
	store.recordProgress(enroll(learners.inProgress, 14).id, { lessons: 3, at: ago(2) });
	enroll(learners.neverStarted, 45);
	store.recordProgress(enroll(learners.stalled, 40).id, { lessons: 1, at: ago(30) });
	enroll(learners.unenrolled, 30).active = false;
	return published.id;
}

const FIRST = [
	'Ada',
	'Grace',
	'Alan',
	'Katherine',
	'Linus',
	'Margaret',
	'Dennis',
	'Barbara',
	'Ken',
	'Frances',
	'Edsger',
	'Radia',
];
const LAST = [
	'Lovelace',
	'Hopper',
	'Turing',
	'Johnson',
	'Torvalds',
	'Hamilton',
	'Ritchie',
	'Liskov',
	'Thompson',
	'Allen',
	'Dijkstra',
	'Perlman',
];
const COURSES = [
	'Getting Started',
	'Admin Essentials',
	'Reporting 101',
	'Advanced Workflows',
	'API Fundamentals',
	'Security Basics',
	'Certification Prep',
];
const GROUPS = ['Customers', 'Partners', 'Employees', 'Beta Testers', 'Enterprise'];

export function seedStore(store: SkilljarStore, options: SeedOptions, round: number): SeedResult {
	const rng = mulberry32((options.seed ?? 1) + round * 7919);
	const result: SeedResult = { users: [], publishedCourses: [], groups: [], signupFields: [] };
	const domain = store.defaultDomain;

	if (
		options.signupFields &&
		!store.listSignupFields(domain).some((field) => field.label === 'Phone')
	) {
		result.signupFields.push(
			store.addSignupField({ label: 'Phone', type: 'TEXT' }).id,
			store.addSignupField({ label: 'CRM Contact ID', type: 'TEXT' }).id,
			store.addSignupField({ label: 'Notes', type: 'TEXT' }).id,
			store.addSignupField({ label: 'Task Status', optionValues: ['Open', 'In Progress', 'Done'] })
				.id,
			store.addSignupField({ label: 'Marketing Consent', type: 'CHECKBOX' }).id,
		);
	}
	for (let i = 0; i < (options.courses ?? 0); i++) {
		const title = `${COURSES[i % COURSES.length]}${i >= COURSES.length ? ` ${Math.floor(i / COURSES.length) + 1}` : ''}${round > 0 ? ` (r${round})` : ''}`;
		result.publishedCourses.push(
			store.addPublishedCourse(title, { lesson_count: intBetween(rng, 3, 12) }).id,
		);
	}
	for (let i = 0; i < (options.groups ?? 0); i++) {
		const name = `${GROUPS[i % GROUPS.length]}${i >= GROUPS.length || round > 0 ? ` ${round}-${i}` : ''}`;
		if (!store.findGroupByName(name)) result.groups.push(store.addGroup({ name }).id);
	}
	for (let i = 0; i < (options.users ?? 0); i++) {
		const first = pick(rng, FIRST);
		const last = pick(rng, LAST);
		const email = `${first}.${last}.${round}.${i}@example.com`.toLowerCase();
		const { user } = store.upsertDomainUser(domain, { email, first_name: first, last_name: last });
		result.users.push(user.id);
		for (const publishedId of result.publishedCourses) {
			if (rng() >= (options.enrollmentRate ?? 0.3)) continue;
			const { enrollment } = store.enroll(user.id, publishedId);
			if (rng() < (options.completionRate ?? 0.3))
				store.completeCourse(enrollment.id, { score: intBetween(rng, 60, 100) });
		}
		if (result.groups.length > 0 && rng() < 0.5) store.addMember(pick(rng, result.groups), user.id);
	}
	// After the random learners, so none of them is enrolled in the demo course.
	if (options.progressDemo) {
		const demo = seedProgressDemo(store);
		if (demo) result.publishedCourses.push(demo);
	}
	return result;
}
