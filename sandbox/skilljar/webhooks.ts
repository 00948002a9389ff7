// Webhook delivery as Skilljar does it: one JSON POST per event to every active hook that wants
// it, with the hook's basic-auth pair and extra headers. A receiver that answers 4xx gets its hook
// deactivated (NOTES.md); pings never deactivate. Deliveries run in the background; flush() waits.
import type { SkilljarStore } from './store';
import type { Delivery, EventType, Webhook } from './types';

export interface OutgoingRequest {
	url: string;
	headers: Record<string, string>;
	/** The JSON text sent. */
	body: string;
}

/** Sends one delivery and returns the receiver's HTTP status. Tests may swap it (setTransport). */
export type DeliveryTransport = (request: OutgoingRequest) => Promise<{ status: number }>;

const fetchTransport: DeliveryTransport = async (request) => {
	const response = await fetch(request.url, {
		method: 'POST',
		headers: request.headers,
		body: request.body,
		signal: AbortSignal.timeout(10_000),
	});
	await response.arrayBuffer();
	return { status: response.status };
};

const MAX_LOG = 1_000;

export class WebhookDispatcher {
	private transport: DeliveryTransport = fetchTransport;
	private readonly pending = new Set<Promise<void>>();
	private readonly log: Delivery[] = [];

	constructor(
		private readonly store: SkilljarStore,
		private readonly clock: () => number,
	) {
		store.onEvent = (event, payload) => this.dispatch(event, payload);
	}

	setTransport(transport: DeliveryTransport | undefined): void {
		this.transport = transport ?? fetchTransport;
	}

	/** Every delivery so far, oldest first. */
	get deliveries(): Delivery[] {
		return [...this.log];
	}

	clear(): void {
		this.log.length = 0;
	}

	/** Waits until every delivery started so far has been answered (or failed). */
	async flush(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}

	/** Sends an event to every active hook subscribed to it (event_type null = all). */
	dispatch(event: EventType, payload: Record<string, unknown>): number {
		const hooks = this.store
			.listWebhooks()
			.filter((hook) => hook.active && (hook.event_type === null || hook.event_type === event));
		for (const hook of hooks) this.track(this.send(hook, event, payload, true));
		return hooks.length;
	}

	/** POST /v1/webhooks/{id}/ping: a PING event, answered synchronously; never deactivates. */
	async ping(hook: Webhook): Promise<Delivery> {
		const delivery = await this.send(
			hook,
			'PING',
			{ event_type: 'PING', timestamp: new Date(this.clock()).toISOString() },
			false,
		);
		return delivery;
	}

	private track(promise: Promise<unknown>): void {
		const settled = promise.then(
			() => undefined,
			() => undefined,
		);
		this.pending.add(settled);
		void settled.finally(() => this.pending.delete(settled));
	}

	private async send(
		hook: Webhook,
		event: EventType | 'PING',
		payload: Record<string, unknown>,
		deactivateOn4xx: boolean,
	): Promise<Delivery> {
		const headers: Record<string, string> = {
			'content-type': 'application/json',
			'user-agent': 'Skilljar-Webhook/1.0 (sandbox)',
			...hook.additional_headers,
		};
		if (hook.basic_auth_username || hook.basic_auth_password) {
			headers.authorization = `Basic ${Buffer.from(`${hook.basic_auth_username}:${hook.basic_auth_password}`).toString('base64')}`;
		}
		const body = JSON.stringify(payload);
		const delivery: Delivery = {
			webhookId: hook.id,
			event_type: event,
			target_url: hook.target_url,
			headers,
			body: payload,
			status: null,
			time: new Date(this.clock()).toISOString(),
		};
		this.log.push(delivery);
		if (this.log.length > MAX_LOG) this.log.shift();
		try {
			const { status } = await this.transport({ url: hook.target_url, headers, body });
			delivery.status = status;
			if (deactivateOn4xx && status >= 400 && status < 500) {
				hook.active = false;
				hook.deactivate_reason = `The endpoint answered HTTP ${status}.`;
			}
		} catch (error) {
			delivery.error = error instanceof Error ? error.message : String(error);
		}
		return delivery;
	}
}
