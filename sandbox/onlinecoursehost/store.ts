// In-memory state of one OnlineCourseHost school: courses, students, enrollments, newsletter.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { randomId } from '../ghl/random';
import type { Course, Enrollment, NewsletterSubscriber, Student } from './types';

export interface NewStudent {
	email: string;
	name?: string | null;
	firstName?: string | null;
	lastName?: string | null;
	password: string;
	createdBy?: Student['createdBy'];
}

export class OchStore {
	private readonly courses = new Map<string, Course>();
	private readonly students = new Map<string, Student>();
	private readonly enrollments: Enrollment[] = [];
	private readonly subscribers = new Map<string, NewsletterSubscriber>();

	constructor(private readonly clock: () => number) {}

	private nowIso(): string {
		return new Date(this.clock()).toISOString();
	}

	// --- courses ---------------------------------------------------------------------------------

	addCourse(input: { course: string; id?: string }): Course {
		const course = { id: input.id ?? randomId(20), course: input.course };
		this.courses.set(course.id, course);
		return course;
	}

	getCourse(id: string): Course | undefined {
		return this.courses.get(id);
	}

	listCourses(): Course[] {
		return [...this.courses.values()];
	}

	// --- students --------------------------------------------------------------------------------

	getStudent(email: string): Student | undefined {
		return this.students.get(email.trim().toLowerCase());
	}

	listStudents(): Student[] {
		return [...this.students.values()];
	}

	createStudent(input: NewStudent): Student {
		const email = input.email.trim().toLowerCase();
		if (this.students.has(email)) throw new Error(`sandbox store: student ${email} exists`);
		const student: Student = {
			id: randomId(20),
			email,
			name: input.name ?? null,
			firstName: input.firstName ?? null,
			lastName: input.lastName ?? null,
			passwordHash: hashPassword(input.password),
			createdAt: this.nowIso(),
			createdBy: input.createdBy ?? 'integration',
		};
		this.students.set(email, student);
		return student;
	}

	/** Whether `password` is the student's (for tests: a later enroll must not have changed it). */
	checkPassword(email: string, password: string): boolean {
		const student = this.getStudent(email);
		return student !== undefined && verifyPassword(password, student.passwordHash);
	}

	// --- enrollments -----------------------------------------------------------------------------

	listEnrollments(filter: { email?: string; courseId?: string } = {}): Enrollment[] {
		const email = filter.email?.trim().toLowerCase();
		return this.enrollments.filter(
			(enrollment) =>
				(email === undefined || enrollment.email === email) &&
				(filter.courseId === undefined || enrollment.courseId === filter.courseId),
		);
	}

	/** Enrolls once: returns undefined when the student already is in the course. */
	enroll(email: string, course: Course, source: string): Enrollment | undefined {
		const key = email.trim().toLowerCase();
		if (this.listEnrollments({ email: key, courseId: course.id }).length > 0) return undefined;
		const enrollment = {
			email: key,
			courseId: course.id,
			courseTitle: course.course,
			source,
			enrolledAt: this.nowIso(),
		};
		this.enrollments.push(enrollment);
		return enrollment;
	}

	// --- newsletter ------------------------------------------------------------------------------

	subscribe(email: string): NewsletterSubscriber | undefined {
		const key = email.trim().toLowerCase();
		if (this.subscribers.has(key)) return undefined;
		const subscriber = { email: key, subscribedAt: this.nowIso() };
		this.subscribers.set(key, subscriber);
		return subscriber;
	}

	listSubscribers(): NewsletterSubscriber[] {
		return [...this.subscribers.values()];
	}

	summary() {
		return {
			courses: this.courses.size,
			students: this.students.size,
			enrollments: this.enrollments.length,
			newsletterSubscribers: this.subscribers.size,
		};
	}
}

// Cheap parameters: a sandbox hashes only so that it never keeps a password in the clear.
const SCRYPT = { N: 1024 };

function hashPassword(password: string): string {
	const salt = randomBytes(16);
	return `${salt.toString('hex')}:${scryptSync(password, salt, 32, SCRYPT).toString('hex')}`;
}

function verifyPassword(password: string, stored: string): boolean {
	const [salt, hash] = stored.split(':');
	const candidate = scryptSync(password, Buffer.from(salt, 'hex'), 32, SCRYPT);
	return timingSafeEqual(candidate, Buffer.from(hash, 'hex'));
}
