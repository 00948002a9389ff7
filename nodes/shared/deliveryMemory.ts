import type { IWebhookFunctions } from 'n8n-workflow';

export interface DeliveryMemoryOptions {
	/** How many keys to keep once they are older than `keepYoungMs` (oldest forgotten first). */
	max: number;
	/** How long a key is remembered at most. */
	ttlMs: number;
	/**
	 * Keys younger than this are kept beyond `max`: a signed delivery that still passes the replay
	 * check must still be known when it comes again. 0 (default): only `max` counts.
	 */
	keepYoungMs?: number;
	/** How many young keys may be held; beyond it a new key is refused (`full`). */
	maxYoung?: number;
}

/** `new`: start the workflow; `repeat`: seen before; `full`: refused, ask the sender to retry. */
export type DeliveryOutcome = 'new' | 'repeat' | 'full';

/**
 * One trigger node's memory in this process: keys in the order they were first seen (so the
 * oldest is always first and forgetting costs nothing per request), and the same keys as the plain
 * object n8n saves with the workflow's static data. The object has no prototype: a sender's id
 * such as "constructor" or "__proto__" is an entry like any other.
 */
interface Memory {
	seenAt: Map<string, number>;
	saved: Record<string, number>;
}

// Delivery keys seen by this process, per workflow and trigger node. n8n reads a workflow's static
// data for every webhook request and saves it whole when the request is done, so deliveries that
// arrive together each save a copy without the others' keys: left to the static data alone, a
// burst is forgotten, and a repeat of any of it would start the workflow again. This process sees
// every delivery to its webhooks, so its memory is complete; every request's static data holds
// that same record, so whichever request saves last saves all of it.
const memories = new Map<string, Memory>();

function emptyMemory(): Memory {
	return { seenAt: new Map(), saved: Object.create(null) as Record<string, number> };
}

function forget(memory: Memory, key: string): void {
	memory.seenAt.delete(key);
	delete memory.saved[key];
}

/** Forgets expired keys, and old keys beyond `max`; young keys stay whatever their number. */
function prune(memory: Memory, options: DeliveryMemoryOptions, now: number): void {
	const keepYoungMs = options.keepYoungMs ?? 0;
	for (const [key, at] of memory.seenAt) {
		const age = now - at;
		const expired = age > options.ttlMs;
		const oldBeyondMax = memory.seenAt.size > options.max && age >= keepYoungMs;
		if (!expired && !oldBeyondMax) return;
		forget(memory, key);
	}
}

/**
 * Takes in keys saved by another process (or before a restart) that this memory lacks and would
 * keep. Rare, so the re-sort it needs is paid only then.
 */
function adoptSaved(memory: Memory, saved: unknown, options: DeliveryMemoryOptions, now: number) {
	if (typeof saved !== 'object' || saved === null || saved === memory.saved) return;
	const keepYoungMs = options.keepYoungMs ?? 0;
	const adopted: Array<[string, number]> = [];
	for (const [key, at] of Object.entries(saved as Record<string, unknown>)) {
		if (typeof at !== 'number' || memory.seenAt.has(key) || now - at > options.ttlMs) continue;
		const young = now - at < keepYoungMs;
		if (young || memory.seenAt.size + adopted.length < options.max) adopted.push([key, at]);
	}
	if (adopted.length === 0) return;
	const ordered = [...memory.seenAt, ...adopted].sort((a, b) => a[1] - b[1]);
	const rebuilt = emptyMemory();
	for (const [key, at] of ordered) {
		rebuilt.seenAt.set(key, at);
		rebuilt.saved[key] = at;
	}
	memory.seenAt = rebuilt.seenAt;
	memory.saved = rebuilt.saved;
}

/**
 * Remembers a delivery key in this process and in the node's static data, which n8n saves with
 * the workflow, so a restart does not forget it. Says whether the key is new, a repeat, or refused
 * because the memory holds `maxYoung` keys that must not be forgotten yet.
 */
export function rememberDelivery(
	ctx: IWebhookFunctions,
	key: string,
	options: DeliveryMemoryOptions,
	now = Date.now(),
): DeliveryOutcome {
	const staticData = ctx.getWorkflowStaticData('node');
	const node = ctx.getNode();
	const scope = `${ctx.getWorkflow().id ?? ''}|${node.id ?? node.name}`;
	const memory = memories.get(scope) ?? emptyMemory();
	memories.set(scope, memory);

	// What the database knows too: saved before n8n restarted, or by another webhook process.
	adoptSaved(memory, staticData.seenDeliveries, options, now);
	prune(memory, options, now);

	let outcome: DeliveryOutcome = 'new';
	if (memory.seenAt.has(key)) {
		outcome = 'repeat';
	} else if (memory.seenAt.size >= (options.maxYoung ?? Infinity)) {
		// Beyond `max` only young keys are left (prune stops at the first young one, the oldest).
		outcome = 'full';
	} else {
		memory.seenAt.set(key, now);
		memory.saved[key] = now;
		prune(memory, options, now);
	}
	staticData.seenDeliveries = memory.saved;
	return outcome;
}
