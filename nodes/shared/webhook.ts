import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/** Compares secrets in constant time; hashing first gives equal lengths, so no length leaks. */
export function safeEqual(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/** A random secret for a webhook URL, header or basic-auth pair. */
export function generateSecret(bytes = 24): string {
	return randomBytes(bytes).toString('base64url');
}

/**
 * The body exactly as the sender signed it. n8n keeps the raw bytes of webhook requests; the
 * re-encoded fallback is only for callers that have no raw body, and would fail a signature check.
 */
export function rawBodyOf(ctx: IWebhookFunctions): Buffer {
	const request = ctx.getRequestObject() as { rawBody?: Buffer | string; body?: unknown };
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
	if (typeof request.rawBody === 'string') return Buffer.from(request.rawBody, 'utf8');
	return Buffer.from(request.body === undefined ? '' : JSON.stringify(request.body), 'utf8');
}

/** Answers the sender without starting the workflow. */
export function answerWithoutStarting(
	ctx: IWebhookFunctions,
	status: number,
	message: string,
): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ message });
	return { noWebhookResponse: true };
}

export interface DeliveryMemoryOptions {
	/** How many delivery keys to remember at most (oldest forgotten first). */
	max: number;
	/** How long a key is remembered. */
	ttlMs: number;
}

// Delivery keys seen by this process, per workflow and trigger node. n8n reads a workflow's static
// data for every webhook request and saves it whole when the request is done, so deliveries that
// arrive together each save a copy without the others' keys: left to the static data alone, a
// burst is forgotten, and a repeat of any of it would start the workflow again. This process sees
// every delivery to its webhooks, so its memory is complete; every request's static data holds
// that same record, so whichever request saves last saves all of it.
const deliveriesSeenHere = new Map<string, Record<string, number>>();

/**
 * Remembers delivery keys in this process and in the node's static data, which n8n saves with the
 * workflow, so a restart does not forget them. Returns false when the key was already seen (a
 * duplicate).
 */
export function rememberDelivery(
	ctx: IWebhookFunctions,
	key: string,
	{ max, ttlMs }: DeliveryMemoryOptions,
	now = Date.now(),
): boolean {
	const staticData = ctx.getWorkflowStaticData('node');
	const node = ctx.getNode();
	const scope = `${ctx.getWorkflow().id ?? ''}|${node.id ?? node.name}`;
	const memory = deliveriesSeenHere.get(scope) ?? {};
	deliveriesSeenHere.set(scope, memory);

	// What the database knows too: saved before n8n restarted, or by another webhook process.
	const entries = new Map(Object.entries(memory));
	const saved = staticData.seenDeliveries as Record<string, unknown> | undefined;
	if (saved && saved !== memory) {
		for (const [seenKey, at] of Object.entries(saved)) {
			if (typeof at === 'number') entries.set(seenKey, Math.max(at, entries.get(seenKey) ?? at));
		}
	}
	for (const [seenKey, at] of entries) if (now - at > ttlMs) entries.delete(seenKey);
	const duplicate = entries.has(key);
	if (!duplicate) entries.set(key, now);

	// Rebuilt in place, oldest first, so the first keys beyond `max` are the ones forgotten. Own
	// keys only, and defined rather than assigned: a sender's id such as "constructor" or
	// "__proto__" is an entry like any other, not something every object already has.
	for (const oldKey of Object.keys(memory)) delete memory[oldKey];
	const kept = [...entries].sort((a, b) => a[1] - b[1]).slice(-max);
	for (const [seenKey, at] of kept) {
		Object.defineProperty(memory, seenKey, {
			value: at,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	staticData.seenDeliveries = memory;
	return !duplicate;
}
