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
}

export interface SeedResult {
	users: string[];
	publishedCourses: string[];
	groups: string[];
	signupFields: string[];
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
	return result;
}
