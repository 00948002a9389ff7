// Outbound webhooks as HighLevel sends them: a flat JSON body with `timestamp` and `webhookId`,
// signed over the raw body with test keys (Ed25519 → X-GHL-Signature, RSA-SHA256 → X-WH-Signature),
// posted to subscribed URLs on data changes and on demand; plus the unsigned snake_case payload of
// an automation's "Webhook" action. Every delivery is also kept in an outbox, so tests can hand its
// exact bytes to a trigger without an HTTP server.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { randomId, uuid } from './random';
import type { ChangeListener, GhlStore, StoreChange } from './store';
import type { Appointment, Contact, Note, Task } from './types';

export const WEBHOOK_EVENT_TYPES = [
	'ContactCreate',
	'ContactUpdate',
	'ContactDelete',
	'ContactTagUpdate',
	'ContactDndUpdate',
	'NoteCreate',
	'NoteUpdate',
	'NoteDelete',
	'TaskCreate',
	'TaskComplete',
	'TaskDelete',
	'AppointmentCreate',
	'AppointmentUpdate',
	'AppointmentDelete',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export type SignatureKind = 'ed25519' | 'rsa';
export const SIGNATURE_HEADERS: Record<SignatureKind, string> = { ed25519: 'x-ghl-signature', rsa: 'x-wh-signature' };

/** The record an event is about. */
export type WebhookSubject = Contact | Note | Task | Appointment;

export interface WebhookSubscription {
	id: string;
	url: string;
	/** Events sent to this URL; empty = all. */
	events: WebhookEventType[];
	/** Only this location's events (a marketplace app gets the events of every location that installed it). */
	locationId?: string;
}

export interface DeliveryOptions {
	/** Signature headers to add (default both, as HighLevel sends while RSA is being retired). */
	signWith?: SignatureKind[];
	/** Sent instead of the real value in every signature header (e.g. 'N/A' for unsigned). */
	signatureValue?: string;
	/** Backdates `timestamp` by this much: a delayed or replayed delivery, correctly signed. */
	delayMs?: number;
	/** Changes the body after signing. */
	tamper?: boolean;
	/** Sends the same delivery (same webhookId and bytes) twice. */
	duplicate?: boolean;
	/** Sends to this URL only, instead of the matching subscriptions. */
	url?: string;
	/** Fields merged into the payload before signing (override or add; `undefined` removes). */
	extra?: Record<string, unknown>;
	/** Sent as `appId` instead of the sender's app id: a delivery of another marketplace app. */
	appId?: string;
}

export interface DeliveryTarget {
	url: string;
	/** Status the receiver answered; null while in flight or when the request failed. */
	status: number | null;
	error?: string;
}

export interface WebhookDelivery {
	webhookId: string;
	type: string;
	/** Header names lower-cased: content-type and the signature headers. */
	headers: Record<string, string>;
	/** The raw body, exactly as signed (unless tampered). */
	body: string;
	/** The body parsed. */
	payload: Record<string, unknown>;
	/** Query parameters to add to the URL (automation deliveries with a query secret). */
	query: Record<string, string>;
	targets: DeliveryTarget[];
	createdAt: string;
}

export interface AutomationOptions {
	/** Overrides the contact's tags as the action sends them: one comma-separated string. */
	tags?: string;
	workflow?: { id: string; name: string };
	customData?: Record<string, string>;
	/** Where the user put the trigger's secret: a header or a query parameter. */
	secret?: { header?: string; query?: string; value: string };
	url?: string;
	/** Fields merged into the payload (override or add). */
	extra?: Record<string, unknown>;
}

/** Oldest deliveries are forgotten beyond this, so a long-running sandbox does not grow without bound. */
const MAX_OUTBOX = 1000;
/** The marketplace app id every delivery carries unless the sandbox is started with another. */
export const SANDBOX_APP_ID = 'SandboxMarketplaceApp1';
const SANDBOX_VERSION_ID = 'SandboxAppVersion00001';

interface TestKeys {
	ed25519: { privateKey: KeyObject; publicPem: string };
	rsa: { privateKey: KeyObject; publicPem: string };
}

function compact(record: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== ''));
}

/** The contact as HighLevel's Contact* events carry it (webhook-events.json). */
export function contactEventPayload(contact: Contact, withDndSettings = false): Record<string, unknown> {
	return compact({
		id: contact.id,
		locationId: contact.locationId,
		address1: contact.address1,
		city: contact.city,
		state: contact.state,
		companyName: contact.companyName,
		country: contact.country,
		source: contact.source,
		dateAdded: contact.dateAdded,
		dateOfBirth: contact.dateOfBirth,
		dnd: contact.dnd,
		...(withDndSettings ? { dndSettings: contact.dndSettings ?? {} } : {}),
		email: contact.email,
		name: [contact.firstName, contact.lastName].filter(Boolean).join(' '),
		firstName: contact.firstName,
		lastName: contact.lastName,
		phone: contact.phone,
		postalCode: contact.postalCode,
		tags: contact.tags,
		website: contact.website,
		attachments: [],
		assignedTo: contact.assignedTo,
		customFields: contact.customFields,
	});
}

export class WebhookSender {
	private keys: TestKeys | undefined;
	private readonly subscriptionList: WebhookSubscription[] = [];
	/** Deliveries nobody has looked at yet stay unsigned: signing costs, and most tests never look. */
	private outbox: Array<{ type: string; delivery?: WebhookDelivery; make: () => WebhookDelivery }> = [];
	private readonly inFlight = new Set<Promise<void>>();
	/** At most this many POSTs open at once (unlimited unless set); the rest wait their turn. */
	private connectionLimit = Infinity;
	private open = 0;
	private readonly waiting: Array<() => void> = [];

	/** Listens to the store: every change HighLevel announces becomes a delivery. */
	readonly listener: ChangeListener = (change) => this.announce(change);

	constructor(
		private readonly store: GhlStore,
		private readonly clock: () => number,
		/** The marketplace app whose deliveries these are (`appId` in every body). */
		readonly appId: string = SANDBOX_APP_ID,
	) {}

	/** Test key pairs, made on first use (RSA generation takes a moment) and kept for this sandbox. */
	private get testKeys(): TestKeys {
		if (!this.keys) {
			const ed = generateKeyPairSync('ed25519');
			const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
			this.keys = {
				ed25519: { privateKey: ed.privateKey, publicPem: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
				rsa: { privateKey: rsa.privateKey, publicPem: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
			};
		}
		return this.keys;
	}

	/** The public keys (PEM) that verify this sandbox's deliveries, for a trigger's "replace keys" option. */
	get publicKeys(): { ed25519: string; rsa: string } {
		return { ed25519: this.testKeys.ed25519.publicPem, rsa: this.testKeys.rsa.publicPem };
	}

	// --- subscriptions ---------------------------------------------------------------------------

	subscribe(input: { url: string; events?: WebhookEventType[]; locationId?: string }): WebhookSubscription {
		const subscription: WebhookSubscription = { id: randomId(), url: input.url, events: input.events ?? [], locationId: input.locationId };
		this.subscriptionList.push(subscription);
		return subscription;
	}

	unsubscribe(id: string): boolean {
		const index = this.subscriptionList.findIndex((subscription) => subscription.id === id);
		if (index >= 0) this.subscriptionList.splice(index, 1);
		return index >= 0;
	}

	get subscriptions(): WebhookSubscription[] {
		return [...this.subscriptionList];
	}

	// --- outbox ----------------------------------------------------------------------------------

	/** Deliveries made so far, oldest first (optionally of one event type). */
	deliveries(type?: string): WebhookDelivery[] {
		return this.outbox.filter((entry) => !type || entry.type === type).map((entry) => (entry.delivery ??= entry.make()));
	}

	/** The newest delivery (of one event type). */
	latest(type?: string): WebhookDelivery | undefined {
		return this.deliveries(type).at(-1);
	}

	clearDeliveries(): void {
		this.outbox = [];
	}

	/**
	 * Keeps at most `limit` deliveries open at once, as a sender's connection pool does; the others
	 * are sent as those are answered. Without it every delivery opens its own connection at once,
	 * which a receiver's listen queue may not hold.
	 */
	limitConnections(limit: number): void {
		this.connectionLimit = limit > 0 ? limit : Infinity;
	}

	/** Resolves once every HTTP delivery started so far has been answered or has failed. */
	async flush(): Promise<void> {
		await Promise.all([...this.inFlight]);
	}

	// --- marketplace-app events ------------------------------------------------------------------

	/** Sends one event about `subject` now: signed, to the subscriptions or `options.url`. */
	send(type: WebhookEventType, subject: WebhookSubject, options: DeliveryOptions = {}): WebhookDelivery[] {
		return this.deliver(type, this.payloadFor(type, subject), options);
	}

	/** Sends an event with a payload given as is (any `type`, e.g. one the trigger does not know). */
	sendPayload(type: string, payload: Record<string, unknown>, options: DeliveryOptions = {}): WebhookDelivery[] {
		return this.deliver(type, payload, options);
	}

	/** The body of an event before `timestamp` and `webhookId` are added. */
	payloadFor(type: WebhookEventType, subject: WebhookSubject): Record<string, unknown> {
		if (type.startsWith('Contact')) {
			return { type, ...contactEventPayload(subject as Contact, type === 'ContactDndUpdate') };
		}
		if (type.startsWith('Note')) {
			const note = subject as Note;
			return compact({ type, locationId: this.locationOf(note.contactId), id: note.id, body: note.body, contactId: note.contactId, dateAdded: note.dateAdded });
		}
		if (type.startsWith('Task')) {
			const task = subject as Task;
			return compact({
				type,
				locationId: this.locationOf(task.contactId),
				id: task.id,
				assignedTo: task.assignedTo,
				body: task.body,
				contactId: task.contactId,
				title: task.title,
				dueDate: task.dueDate,
				completed: task.completed,
			});
		}
		const appointment = subject as Appointment;
		return {
			type,
			locationId: appointment.locationId,
			appointment: compact({
				id: appointment.id,
				address: appointment.address,
				title: appointment.title,
				calendarId: appointment.calendarId,
				contactId: appointment.contactId,
				appointmentStatus: appointment.appointmentStatus,
				assignedUserId: appointment.assignedUserId,
				notes: appointment.notes,
				startTime: appointment.startTime,
				endTime: appointment.endTime,
				dateAdded: appointment.dateAdded,
				dateUpdated: appointment.dateUpdated,
			}),
		};
	}

	private locationOf(contactId: string): string | undefined {
		return this.store.getContact(contactId)?.locationId;
	}

	/** Which events HighLevel sends for a change in the store. */
	private announce(change: StoreChange): void {
		for (const [type, subject] of eventsFor(change)) this.deliver(type, this.payloadFor(type, subject), {}, false);
	}

	/**
	 * Makes a delivery (twice with `duplicate`) and posts it to the matching subscriptions or
	 * `options.url`. Its bytes are fixed now; signing waits until it is sent or looked at.
	 */
	private deliver(type: string, payload: Record<string, unknown>, options: DeliveryOptions, returned = true): WebhookDelivery[] {
		const timestamp = new Date(this.clock() - (options.delayMs ?? 0)).toISOString();
		const createdAt = new Date(this.clock()).toISOString();
		const body: Record<string, unknown> & { webhookId: string } = {
			type,
			...payload,
			appId: options.appId ?? this.appId,
			versionId: SANDBOX_VERSION_ID,
			...options.extra,
			timestamp,
			webhookId: uuid(),
		};
		const signed = JSON.stringify(body);
		let signedHeaders: Record<string, string> | undefined;
		const headersOnce = () => {
			if (!signedHeaders) {
				signedHeaders = { 'content-type': 'application/json' };
				for (const kind of options.signWith ?? (['ed25519', 'rsa'] as const)) {
					signedHeaders[SIGNATURE_HEADERS[kind]] = options.signatureValue ?? this.signature(kind, signed);
				}
			}
			return signedHeaders;
		};
		const raw = options.tamper ? JSON.stringify({ ...body, ...tamperedFields(body) }) : signed;
		const make = (): WebhookDelivery => ({ webhookId: body.webhookId, type, headers: { ...headersOnce() }, body: raw, payload: JSON.parse(raw) as Record<string, unknown>, query: {}, targets: [], createdAt });

		const locationId = typeof body.locationId === 'string' ? body.locationId : undefined;
		const urls = options.url
			? [options.url]
			: this.subscriptionList
					.filter((s) => (s.events.length === 0 || s.events.includes(type as WebhookEventType)) && (!s.locationId || s.locationId === locationId))
					.map((s) => s.url);
		const made: WebhookDelivery[] = [];
		for (let copy = 0; copy < (options.duplicate ? 2 : 1); copy++) {
			const entry = { type, make, delivery: returned || urls.length > 0 ? make() : undefined };
			this.remember(entry);
			if (entry.delivery) {
				this.post(entry.delivery, urls);
				made.push(entry.delivery);
			}
		}
		return made;
	}

	/** Base64 signature of the raw body, as HighLevel computes it. */
	signature(kind: SignatureKind, raw: string | Buffer): string {
		const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
		return kind === 'ed25519'
			? sign(null, data, this.testKeys.ed25519.privateKey).toString('base64')
			: sign('sha256', data, this.testKeys.rsa.privateKey).toString('base64');
	}

	// --- automation "Webhook" action -------------------------------------------------------------

	/** What an automation's Webhook action posts for a contact: snake_case, tags as one string, no signature. */
	automationPayload(contact: Contact, options: AutomationOptions = {}): Record<string, unknown> {
		const location = this.store.getLocation(contact.locationId);
		const customFieldsByLabel: Record<string, unknown> = {};
		for (const field of contact.customFields) {
			const definition = this.store.listCustomFields(contact.locationId).find((def) => def.id === field.id);
			if (definition) customFieldsByLabel[definition.name] = field.value;
		}
		return {
			contact_id: contact.id,
			first_name: contact.firstName ?? '',
			last_name: contact.lastName ?? '',
			full_name: [contact.firstName, contact.lastName].filter(Boolean).join(' '),
			email: contact.email ?? '',
			phone: contact.phone ?? '',
			tags: options.tags ?? contact.tags.join(','),
			address1: contact.address1 ?? '',
			city: contact.city ?? '',
			state: contact.state ?? '',
			country: contact.country ?? '',
			postal_code: contact.postalCode ?? '',
			company_name: contact.companyName ?? '',
			website: contact.website ?? '',
			timezone: contact.timezone ?? '',
			date_created: contact.dateAdded,
			contact_source: contact.source ?? '',
			contact_type: contact.type,
			full_address: [contact.address1, contact.city, contact.state, contact.postalCode].filter(Boolean).join(', '),
			...customFieldsByLabel,
			location: { id: contact.locationId, name: location?.name ?? '', address: '', city: '', state: '', country: '', postalCode: '', fullAddress: '' },
			workflow: options.workflow ?? { id: 'sandbox-workflow-1', name: 'Sandbox workflow' },
			triggerData: {},
			customData: options.customData ?? {},
			...options.extra,
		};
	}

	/** Sends (to `options.url`, if given) and records an automation delivery for a contact. */
	sendAutomation(contact: Contact, options: AutomationOptions = {}): WebhookDelivery {
		const payload = this.automationPayload(contact, options);
		const body = JSON.stringify(payload);
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		const query: Record<string, string> = {};
		if (options.secret?.header) headers[options.secret.header.toLowerCase()] = options.secret.value;
		if (options.secret?.query) query[options.secret.query] = options.secret.value;
		const delivery: WebhookDelivery = { webhookId: uuid(), type: 'AutomationWebhook', headers, body, payload, query, targets: [], createdAt: new Date(this.clock()).toISOString() };
		this.remember({ type: delivery.type, delivery, make: () => delivery });
		this.post(delivery, options.url ? [options.url] : []);
		return delivery;
	}

	private remember(entry: { type: string; delivery?: WebhookDelivery; make: () => WebhookDelivery }): void {
		this.outbox.push(entry);
		if (this.outbox.length > MAX_OUTBOX) this.outbox.splice(0, this.outbox.length - MAX_OUTBOX);
	}

	/** Resolves when one more delivery may be opened, and counts it as open. */
	private async turn(): Promise<void> {
		if (this.open >= this.connectionLimit) await new Promise<void>((resolve) => this.waiting.push(resolve));
		this.open++;
	}

	private post(delivery: WebhookDelivery, urls: string[]): void {
		for (const url of urls) {
			const target: DeliveryTarget = { url, status: null };
			delivery.targets.push(target);
			const targetUrl = new URL(url);
			for (const [name, value] of Object.entries(delivery.query)) targetUrl.searchParams.set(name, value);
			const sending = this.turn()
				.then(() => fetch(targetUrl, { method: 'POST', headers: delivery.headers, body: delivery.body }))
				.then(async (response) => {
					target.status = response.status;
					await response.arrayBuffer();
				})
				.catch((error: unknown) => {
					const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
					const message = error instanceof Error ? error.message : String(error);
					target.error = cause ? `${message} (${cause.code ?? cause.message})` : message;
				})
				.finally(() => {
					this.open--;
					this.waiting.shift()?.();
					this.inFlight.delete(sending);
				});
			this.inFlight.add(sending);
		}
	}
}

/** HighLevel's events for one store change: tag and DND changes get their own events too. */
function eventsFor(change: StoreChange): Array<[WebhookEventType, WebhookSubject]> {
	switch (change.kind) {
		case 'contact': {
			const { contact, previous } = change;
			if (change.action === 'create') return [['ContactCreate', contact]];
			if (change.action === 'delete') return [['ContactDelete', contact]];
			if (change.action === 'tags') return sameTags(previous, contact) ? [] : [['ContactTagUpdate', contact]];
			const events: Array<[WebhookEventType, WebhookSubject]> = [['ContactUpdate', contact]];
			if (!sameTags(previous, contact)) events.push(['ContactTagUpdate', contact]);
			if (previous && (previous.dnd !== contact.dnd || JSON.stringify(previous.dndSettings) !== JSON.stringify(contact.dndSettings))) {
				events.push(['ContactDndUpdate', contact]);
			}
			return events;
		}
		case 'note':
			return [[change.action === 'create' ? 'NoteCreate' : change.action === 'update' ? 'NoteUpdate' : 'NoteDelete', change.note]];
		case 'task':
			if (change.action === 'create') return [['TaskCreate', change.task]];
			if (change.action === 'delete') return [['TaskDelete', change.task]];
			// HighLevel has no TaskUpdate event; completing a task is announced.
			return change.task.completed && !change.previous?.completed ? [['TaskComplete', change.task]] : [];
		case 'appointment':
			return [['AppointmentCreate', change.appointment]];
	}
}

function sameTags(previous: Contact | undefined, next: Contact): boolean {
	return previous !== undefined && previous.tags.length === next.tags.length && previous.tags.every((tag, i) => tag === next.tags[i]);
}

/** A change an attacker might make: another contact, or a field added. */
function tamperedFields(body: Record<string, unknown>): Record<string, unknown> {
	return typeof body.email === 'string' ? { email: 'attacker@example.com' } : { tampered: true };
}
