import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

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

/**
 * Remembers delivery keys in the node's static data, which n8n saves with the workflow, so a
 * restart does not forget them. Returns false when the key was already seen (a duplicate).
 */
export function rememberDelivery(
	staticData: IDataObject,
	key: string,
	{ max, ttlMs }: DeliveryMemoryOptions,
	now = Date.now(),
): boolean {
	const seen = ((staticData.seenDeliveries as Record<string, number> | undefined) ?? {}) as Record<
		string,
		number
	>;
	for (const [seenKey, at] of Object.entries(seen)) {
		if (now - at > ttlMs) delete seen[seenKey];
	}
	// Own keys only, and defined rather than assigned: a sender's id such as "constructor" or
	// "__proto__" is an entry like any other, not something every object already has.
	if (Object.hasOwn(seen, key)) {
		staticData.seenDeliveries = seen;
		return false;
	}
	Object.defineProperty(seen, key, {
		value: now,
		enumerable: true,
		writable: true,
		configurable: true,
	});
	const keys = Object.keys(seen);
	// Insertion order is arrival order, so the first keys are the oldest.
	for (const oldKey of keys.slice(0, Math.max(0, keys.length - max))) delete seen[oldKey];
	staticData.seenDeliveries = seen;
	return true;
}
