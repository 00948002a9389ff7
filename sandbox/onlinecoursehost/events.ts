// Outbound events as OnlineCourseHost sends them: a JSON POST of the event's payload to the URL
// the school admin pasted in for that event. Nothing is signed; the URL is the only protection.
import { EVENT_NAMES, type Course, type Enrollment, type EventName, type Student } from './types';

export type EventPayload = Record<string, unknown>;

export interface EventDelivery {
	event: EventName;
	url: string;
	payload: EventPayload;
	/** Status the receiver answered; null when it could not be reached. */
	status: number | null;
	error?: string;
	responseBody?: string;
	time: string;
}

/** Where each event goes; an event without a URL is not sent (as in OCH, where it is not set up). */
export type WebhookUrls = Partial<Record<EventName, string>>;

export function newStudentAccountPayload(student: Student): EventPayload {
	return { email: student.email, ...(student.name ? { name: student.name } : {}) };
}

export function courseEnrollmentPayload(enrollment: Enrollment): EventPayload {
	return {
		email: enrollment.email,
		courseId: enrollment.courseId,
		courseTitle: enrollment.courseTitle,
		source: enrollment.source,
	};
}

export function newsletterSubscriptionPayload(email: string): EventPayload {
	return { email };
}

/** A sample payload per event, for sends on demand without a payload. */
export function samplePayload(event: EventName, course?: Course): EventPayload {
	if (event === 'courseEnrollment') {
		return {
			email: 'sample.student@example.com',
			courseId: course?.id ?? 'rkUNIGXTgtrPCz130A2D',
			courseTitle: course?.course ?? 'How to win friends',
			source: 'free',
		};
	}
	if (event === 'newStudentAccount')
		return { email: 'sample.student@example.com', name: 'Sample Student' };
	return { email: 'sample.student@example.com' };
}

export function isEventName(value: string): value is EventName {
	return (EVENT_NAMES as readonly string[]).includes(value);
}

export class EventSender {
	readonly urls: WebhookUrls;
	private readonly log: EventDelivery[] = [];
	// Deliveries go out one after another, in the order OCH would send them (account, then enrollment).
	private chain: Promise<unknown> = Promise.resolve();

	constructor(urls: WebhookUrls = {}) {
		this.urls = { ...urls };
	}

	setUrls(urls: WebhookUrls): void {
		for (const event of EVENT_NAMES) {
			if (event in urls) {
				const url = urls[event];
				if (url) this.urls[event] = url;
				else delete this.urls[event];
			}
		}
	}

	/** Every delivery made so far, oldest first. */
	get deliveries(): EventDelivery[] {
		return [...this.log];
	}

	clear(): void {
		this.log.length = 0;
	}

	/** Queues the event after the ones before it; resolves with its delivery (undefined: no URL set). */
	send(
		event: EventName,
		payload: EventPayload,
		url = this.urls[event],
	): Promise<EventDelivery | undefined> {
		if (!url) return Promise.resolve(undefined);
		const delivery = this.chain.then(async () => await this.deliver(event, url, payload));
		this.chain = delivery.catch(() => undefined);
		return delivery;
	}

	/** Waits until every queued event has been delivered (or has failed). */
	async flush(): Promise<void> {
		let current: Promise<unknown>;
		do {
			current = this.chain;
			await current;
		} while (current !== this.chain);
	}

	private async deliver(
		event: EventName,
		url: string,
		payload: EventPayload,
	): Promise<EventDelivery> {
		const delivery: EventDelivery = {
			event,
			url,
			payload,
			status: null,
			time: new Date().toISOString(),
		};
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'user-agent': 'OnlineCourseHost-Sandbox' },
				body: JSON.stringify(payload),
				signal: AbortSignal.timeout(10_000),
			});
			delivery.status = response.status;
			delivery.responseBody = (await response.text()).slice(0, 2000);
		} catch (error) {
			delivery.error = error instanceof Error ? error.message : String(error);
		}
		this.log.push(delivery);
		return delivery;
	}
}
