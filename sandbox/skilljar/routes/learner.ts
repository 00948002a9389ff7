// Inspection routes that act as a learner would on the training site: enroll in a course, work
// through lessons, finish it. Each sends the webhooks Skilljar sends for that step and answers once
// they have been delivered.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { drfDetail, drfValidation } from '../errors';
import { EMAIL_PATTERN, userSummary } from '../store';
import type { Enrollment } from '../types';

const dateTime = { type: 'string', format: 'date-time' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const learnerCourse = {
	email: { type: 'string' },
	publishedCourseId: { type: 'string' },
	at: dateTime,
} as const;

interface EnrollBody {
	email: string;
	publishedCourseId: string;
	first_name?: string;
	last_name?: string;
	/** When the learner enrolled (default now). */
	at?: string;
}

interface ProgressBody {
	email: string;
	publishedCourseId: string;
	/** Lessons completed so far; all required lessons complete the course; absent: a visit only. */
	lessons?: number;
	/** Finish the course now (every lesson done). */
	complete?: boolean;
	score?: number;
	maxScore?: number;
	passed?: boolean;
	/** When this happened (default now). */
	at?: string;
}

/** Times are stored as the API answers them: ISO 8601 in UTC with milliseconds. */
const iso = (at: string | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

export function registerLearnerRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;
	const publishedOr404 = (id: string) => {
		const published = store.publishedCourses.get(id);
		if (!published) throw drfDetail(404, `No published course ${id}.`);
		return published;
	};
	/** Runs a step and waits for the webhooks it sent; answers with how many were delivered. */
	const withDeliveries = async <T>(step: () => T) => {
		const before = ctx.webhooks.deliveries.length;
		const result = step();
		await ctx.webhooks.flush();
		return { ...result, deliveries: ctx.webhooks.deliveries.length - before };
	};

	/** Enrolls a learner by email (made a member of the course's domain first). */
	app.post<{ Body: EnrollBody }>(
		'/enroll',
		{
			schema: {
				body: {
					type: 'object',
					properties: {
						...learnerCourse,
						first_name: { type: 'string' },
						last_name: { type: 'string' },
					},
					required: ['email', 'publishedCourseId'],
				},
			},
		},
		async (request, reply) => {
			const { email, publishedCourseId, first_name, last_name } = request.body;
			const at = iso(request.body.at);
			if (!EMAIL_PATTERN.test(email.trim()))
				throw drfValidation({ email: ['Enter a valid email address.'] });
			const published = publishedOr404(publishedCourseId);
			const answer = await withDeliveries(() => {
				const { user } = store.upsertDomainUser(published.domain, { email, first_name, last_name });
				const { enrollment, created } = store.enroll(user.id, published.id, { enrolled_at: at });
				return { user: userSummary(user), enrollment, created };
			});
			return reply.code(answer.created ? 201 : 200).send(answer);
		},
	);

	/** Lessons done and/or the course finished by an enrolled learner, as on the training site. */
	app.post<{ Body: ProgressBody }>(
		'/progress',
		{
			schema: {
				body: {
					type: 'object',
					properties: {
						...learnerCourse,
						lessons: count,
						complete: { type: 'boolean' },
						score: count,
						maxScore: count,
						passed: { type: 'boolean' },
					},
					required: ['email', 'publishedCourseId'],
				},
			},
		},
		async (request) => {
			const { email, publishedCourseId, lessons, complete, score, maxScore, passed } = request.body;
			const at = iso(request.body.at);
			const user = store.findUserByEmail(email);
			if (!user) throw drfDetail(404, `No learner with email ${email}.`);
			const published = publishedOr404(publishedCourseId);
			const enrollment = store.activeEnrollment(user.id, published.id);
			if (!enrollment) {
				throw drfDetail(
					409,
					`${email} is not enrolled in ${published.id}; enroll them first (POST /__sandbox/enroll).`,
				);
			}
			const result = { score, max_score: maxScore, passed, at };
			return await withDeliveries(() => ({ enrollment: step(enrollment) }));

			function step(current: Enrollment): Enrollment {
				// A finished course stays finished: a learner cannot complete it twice.
				if (current.progress.completed_at) return current;
				if (complete) return store.completeCourse(current.id, result);
				// Without `lessons` the learner only looked at the course: activity, no new lesson.
				return store.recordProgress(current.id, {
					lessons: lessons ?? current.progress.completed_lesson_count,
					at,
					result,
				});
			}
		},
	);
}
