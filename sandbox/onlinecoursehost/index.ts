// Local OnlineCourseHost sandbox: the integration API (list courses, enroll a student), the
// outbound events, and an inspection API. Start it, drive it, inspect it.
import type { FastifyInstance } from 'fastify';
import {
	OchContext,
	type EnrollOutcome,
	type EnrollRequest,
	type OchSandboxOptions,
	type RuntimeConfig,
} from './context';
import type { EventDelivery, EventPayload, WebhookUrls } from './events';
import { samplePayload } from './events';
import type { FaultConfig } from './faults';
import type { RecordedRequest } from './recorder';
import { buildServer, COURSES_PATH, ENROLL_PATH, INSPECT_PREFIX } from './server';
import type { OchStore } from './store';
import type { Course, EventName, Student } from './types';

export { COURSES_PATH, ENROLL_PATH, INSPECT_PREFIX } from './server';
export { EVENT_NAMES } from './types';
export type * from './types';
export type { EnrollOutcome, EnrollRequest, OchSandboxOptions, RuntimeConfig } from './context';
export type { EventDelivery, EventPayload, WebhookUrls } from './events';
export type { FaultConfig, FaultKind } from './faults';
export type { RecordedRequest } from './recorder';
export type { OchStore } from './store';

export class OchSandbox {
	readonly url: string;
	readonly port: number;

	constructor(
		private readonly ctx: OchContext,
		private readonly app: FastifyInstance,
		port: number,
	) {
		this.port = port;
		this.url = `http://127.0.0.1:${port}`;
	}

	get urls() {
		return {
			api: this.url,
			courses: `${this.url}${COURSES_PATH}`,
			enroll: `${this.url}${ENROLL_PATH}`,
			inspect: `${this.url}${INSPECT_PREFIX}`,
		};
	}

	/** Direct state access: courses, students (password hashes only), enrollments, subscribers. */
	get store(): OchStore {
		return this.ctx.store;
	}

	addCourse(course: string, id?: string): Course {
		return this.ctx.store.addCourse({ course, id });
	}

	/** An integration token as Admin → Settings → Zapier Integrations → Activate shows it. */
	createToken(
		token = `och_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`,
	): string {
		this.ctx.addToken(token);
		return token;
	}

	/** A deactivated integration: its token answers 403. */
	deactivateToken(token: string): void {
		this.ctx.addToken(token, false);
	}

	/** Enrolls as the school itself would (a purchase): the same events as through the API. */
	enroll(request: Omit<EnrollRequest, 'source'> & { source?: string }): EnrollOutcome {
		return this.ctx.enroll({
			password: 'purchase-password',
			createdBy: 'signup',
			...request,
			source: request.source ?? 'stripe',
		});
	}

	signUp(input: { email: string; name?: string }): Student {
		return this.ctx.signUp(input);
	}

	subscribeToNewsletter(email: string): boolean {
		return this.ctx.subscribe(email);
	}

	/** Where each event is sent (merged into the current URLs; an empty value removes one). */
	setWebhooks(urls: WebhookUrls): void {
		this.ctx.events.setUrls(urls);
	}

	/** Sends one event now (payload: a sample when omitted) to its configured URL, or to `url`. */
	async sendEvent(
		event: EventName,
		payload?: EventPayload,
		url?: string,
	): Promise<EventDelivery | undefined> {
		return await this.ctx.events.send(
			event,
			payload ?? samplePayload(event, this.ctx.store.listCourses()[0]),
			url ?? this.ctx.events.urls[event],
		);
	}

	/** Waits for every event queued so far to be delivered. */
	async flushEvents(): Promise<void> {
		await this.ctx.events.flush();
	}

	get deliveries(): EventDelivery[] {
		return this.ctx.events.deliveries;
	}

	clearDeliveries(): void {
		this.ctx.events.clear();
	}

	get requests(): RecordedRequest[] {
		return this.ctx.recorder.requests;
	}

	clearRequests(): void {
		this.ctx.recorder.clear();
	}

	setFaults(faults: FaultConfig = {}): void {
		this.ctx.faults.set(faults);
	}

	configure(patch: Partial<RuntimeConfig>): void {
		this.ctx.configure(patch);
	}

	get config(): RuntimeConfig {
		return this.ctx.config;
	}

	async close(): Promise<void> {
		await this.ctx.events.flush();
		await this.app.close();
	}
}

export async function startOchSandbox(options: OchSandboxOptions = {}): Promise<OchSandbox> {
	const ctx = new OchContext(options);
	const app = buildServer(ctx);
	await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
	const address = app.server.address();
	const port = typeof address === 'object' && address ? address.port : Number(options.port);
	return new OchSandbox(ctx, app, port);
}
