// The OnlineCourseHost sandbox as `npm run sandbox` starts it: a demo school with a fixed token.
import { mulberry32, pick, seededId } from '../ghl/random';
import type { SandboxFlags, SandboxService } from '../service';
import { startOchSandbox, type OchSandbox } from './index';

// Fixed so an n8n credential pointing at the sandbox keeps working across restarts.
const DEMO_TOKEN = 'och-sandbox-token-0000-c0ffee';

const COURSE_TITLES = [
	'How to win friends',
	'Email Marketing Foundations',
	'Photography for Beginners',
	'Bookkeeping Basics',
	'Public Speaking Bootcamp',
	'Watercolour in 30 Days',
];
const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Tim', 'Barbara'];
const LAST = [
	'Lovelace',
	'Hopper',
	'Turing',
	'Johnson',
	'Torvalds',
	'Hamilton',
	'Berners-Lee',
	'Liskov',
];

/** The demo school with its fixed token; `summary` is what `npm run sandbox` prints. */
export async function startOchDemo(
	flags: SandboxFlags,
): Promise<{ sandbox: OchSandbox; token: string; summary: string[] }> {
	const rng = mulberry32(flags.seed);
	const sandbox = await startOchSandbox({
		port: flags.port,
		latencyMs: flags.latencyMs,
		tokens: [DEMO_TOKEN],
		courses: COURSE_TITLES.map((course) => ({ id: seededId(rng), course })),
	});
	const courses = sandbox.store.listCourses();
	// Demo students, enrolled before anyone listens: no events are sent for them.
	for (let i = 0; i < flags.records; i++) {
		const first = pick(rng, FIRST);
		const last = pick(rng, LAST);
		const email = `${first}.${last}.${i}@example.com`.toLowerCase();
		sandbox.store.createStudent({
			email,
			name: `${first} ${last}`,
			firstName: first,
			lastName: last,
			password: seededId(rng, 16),
			createdBy: 'signup',
		});
		sandbox.store.enroll(
			email,
			pick(rng, courses),
			pick(rng, ['stripe', 'paypal', 'free', 'coupon']),
		);
	}
	const { urls } = sandbox;
	return {
		sandbox,
		token: DEMO_TOKEN,
		summary: [
			`API base URL       ${urls.api}`,
			`Integration token  ${DEMO_TOKEN}`,
			`Courses            ${courses.length} (${courses[0].id} = ${courses[0].course}); ${flags.records} students`,
			`Inspection API     ${urls.inspect}/state   (also /students, /enrollments, /courses, /deliveries, /config)`,
			`Events             PATCH ${urls.inspect}/config {"webhooks": {"courseEnrollment": "<n8n webhook URL>"}}, then`,
			`                   POST ${urls.inspect}/events/courseEnrollment  (or newStudentAccount, newsletterSubscription)`,
			`Try: curl -H "X-Integration-Token: ${DEMO_TOKEN}" ${urls.courses}`,
		],
	};
}

export const onlineCourseHostService: SandboxService = {
	name: 'onlinecoursehost',
	description: 'OnlineCourseHost integration API (courses, enroll) and outbound events',
	defaultPort: 4030,
	portEnv: 'OCH_SANDBOX_PORT',
	async start(flags) {
		const { sandbox, summary } = await startOchDemo(flags);
		return { summary, close: () => sandbox.close() };
	},
};
