// The vocabulary of the hostile-input corpus: request bodies and headers that are not what they
// claim to be, in the shapes a stranger, a broken proxy or a replaying attacker can send. Each
// trigger's corpus (test/hostile/*.test.ts) crosses these with its own way of telling a genuine
// sender from anyone else, and runs every case through n8n's webhook handling (TriggerHarness).
import type { TriggerHarness, Delivery, DeliveryResult } from '../harness/trigger';

export interface HostileCase {
	/** The attack family (forged signature, replay, …); the corpus must cover every family. */
	category: Category;
	/** What exactly is tried, in words. */
	name: string;
	/** Runs first, e.g. delivering the original of a replay (asserting it started). */
	setUp?: () => Promise<void>;
	/** The request, made when the case runs (so signatures and timestamps are fresh then). */
	delivery: () => Delivery;
	/** The answer the trigger documents for it. */
	status: number;
	/** The node's own message in the answer: every case must reach the node's code. */
	message: string;
	/** Which of the corpus's triggers receives it, when it has several (default: the first). */
	target?: string;
}

export const CATEGORIES = [
	'missing signature',
	'forged signature',
	'tampered body',
	'stale timestamp',
	'future timestamp',
	'invalid timestamp',
	'replay',
	'wrong secret',
	'not wanted',
	'malformed JSON',
	'truncated JSON',
	'not a JSON object',
	'wrong content type',
	'huge body',
	'deeply nested JSON',
	'unicode and control characters',
	'prototype pollution keys',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Every pair of the two lists: each attack tried with each body. */
export function cross<A, B>(as: readonly A[], bs: readonly B[]): Array<[A, B]> {
	return as.flatMap((a) => bs.map((b): [A, B] => [a, b]));
}

// ---- bodies ------------------------------------------------------------------------------------

/**
 * A content type n8n does not parse: the node gets the raw bytes alone (n8n answers 422 itself,
 * before the node, to a body sent as application/json that is not JSON; test/hostile/n8nBodies
 * pins that). Malformed and truncated JSON comes this way, and as text/plain, so the node's own
 * parsing is what answers.
 */
export const UNPARSED_CONTENT_TYPE = 'application/octet-stream';

/** Text that is not JSON at all, or almost JSON. */
export const MALFORMED_JSON: ReadonlyArray<[string, string]> = [
	['an unclosed object', '{"type":"ContactCreate"'],
	['a lone closing brace', '}'],
	['a missing value', '{"email":}'],
	['a trailing comma', '{"email":"ada@example.com",}'],
	['single quotes', "{'email':'ada@example.com'}"],
	['an unquoted key', '{email:"ada@example.com"}'],
	['one brace too many', '{"email":"ada@example.com"}}'],
	['JavaScript, not JSON', '{"email": undefined, "n": NaN}'],
	['a number with a leading zero', '{"n":01}'],
	['a raw NUL byte inside a string', '{"email":"ada\u0000@example.com"}'],
	['a raw line break inside a string', '{"email":"ada\n@example.com"}'],
	['garbage after the object', '{"email":"ada@example.com"} and more'],
	['a bad escape', '{"email":"\\x41"}'],
	['a lone word', 'nul'],
	['XML', '<contact><email>ada@example.com</email></contact>'],
	['a comment', '{"email":"ada@example.com" /* admin */}'],
];

/** Valid JSON that is not an object: no delivery is one of these. */
export const NON_OBJECT_JSON: ReadonlyArray<[string, string]> = [
	['an empty array', '[]'],
	['an array of an event', '[{"type":"ContactCreate","email":"ada@example.com"}]'],
	['a string', '"ContactCreate"'],
	['a number', '42'],
	['true', 'true'],
	['null', 'null'],
];

/** Where a dropped connection may cut a body: after each tenth of it, or one character short. */
export const TRUNCATIONS: ReadonlyArray<[string, (text: string) => string]> = [
	...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((tenths): [string, (text: string) => string] => [
		`cut after ${tenths * 10} %`,
		(text) => text.slice(0, Math.max(1, Math.floor((text.length * tenths) / 10))),
	]),
	['one character short', (text) => text.slice(0, -1)],
];

/** Content types a JSON body may wrongly come with (undefined: no Content-Type header). */
export const WRONG_CONTENT_TYPES: ReadonlyArray<[string, string | undefined]> = [
	['no content type', undefined],
	['text/plain', 'text/plain'],
	['form-encoded', 'application/x-www-form-urlencoded'],
	['octet-stream', 'application/octet-stream'],
	['text/html', 'text/html; charset=utf-8'],
	['text/json (n8n parses only application/json)', 'text/json'],
	['a vendor JSON type', 'application/vnd.api+json'],
	['JSON in capitals', 'APPLICATION/JSON'],
	['JSON with a charset', 'application/json; charset=utf-8'],
	['JSON with a Latin-1 charset', 'application/json; charset=latin1'],
];

/** Strings with control characters and unusual Unicode, for names, emails and event types. */
export const UNICODE_STRINGS: ReadonlyArray<[string, string]> = [
	['NUL and other C0 controls', 'Ada\u0000\u0001\u0007\u001b[31m'],
	['C1 controls', 'Ada\u0085\u0090\u009f'],
	['a right-to-left override', 'Ada\u202egnp.exe'],
	['zero-width characters', 'A\u200bd\u200ca\u200d\ufeff'],
	['a lone surrogate', 'Ada\ud800'],
	['emoji and a combining sequence', 'Ada 👩‍💻 Z̸̢͉a̶l̷g̵o'],
	['CRLF, as in header injection', 'Ada\r\nSet-Cookie: session=attacker'],
	['a Cyrillic lookalike', 'аdа@example.com'],
	['full-width letters', 'Ａｄａ'],
	['a very long line', 'A'.repeat(100_000)],
];

/**
 * Keys that pollute prototypes when a parser or a merge is careless. JSON.parse keeps them as
 * plain own keys, so they are written as text here: an object literal would drop `__proto__`.
 */
export const PROTOTYPE_KEYS: ReadonlyArray<[string, string]> = [
	['__proto__', '"__proto__":{"polluted":"yes","isAdmin":true}'],
	['constructor.prototype', '"constructor":{"prototype":{"polluted":"yes"}}'],
	['prototype', '"prototype":{"polluted":"yes"}'],
	['__proto__ nested in a field', '"customData":{"__proto__":{"polluted":"yes"}}'],
	['__proto__ overriding toString', '"__proto__":{"toString":"polluted","valueOf":"polluted"}'],
	['__proto__ set to null', '"__proto__":null'],
	['__proto__ inside an array', '"tags":[{"__proto__":{"polluted":"yes"}}]'],
	['constructor and __proto__ together', '"constructor":{"prototype":{"polluted":"yes"}},"__proto__":{"polluted":"yes"}'],
];

/** A JSON object's text with more members written in (kept as text, see PROTOTYPE_KEYS). */
export function withMembers(json: object, members: string): string {
	const text = JSON.stringify(json);
	return text === '{}' ? `{${members}}` : `${text.slice(0, -1)},${members}}`;
}

/** A JSON object of about `bytes` bytes: a real event with one huge field. */
export function hugeJson(json: object, bytes: number): string {
	return withMembers(json, `"padding":"${'x'.repeat(bytes)}"`);
}

/** `depth` objects (or arrays) inside each other: fine for JSON.parse, fatal for naive recursion. */
export function deeplyNested(depth: number, kind: 'object' | 'array'): string {
	return kind === 'object'
		? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
		: `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/** Bytes that are not UTF-8 at all, inside a JSON string. */
export function invalidUtf8Json(json: object): Buffer {
	const text = JSON.stringify(json);
	return Buffer.concat([Buffer.from(text.slice(0, -1)), Buffer.from(',"name":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}')]);
}

// ---- prototype pollution -----------------------------------------------------------------------

const PROTOTYPES: ReadonlyArray<[string, object]> = [
	['Object.prototype', Object.prototype],
	['Array.prototype', Array.prototype],
	['Function.prototype', Function.prototype],
	['String.prototype', String.prototype],
	['Number.prototype', Number.prototype],
	['Boolean.prototype', Boolean.prototype],
];

/** A prototype's own members: name → what it holds (value, or getter and setter). */
function membersOf(prototype: object): Map<string, unknown[]> {
	return new Map(
		Reflect.ownKeys(prototype).map((key) => {
			const { value, get, set } = Object.getOwnPropertyDescriptor(prototype, key)!;
			return [String(key), [value, get, set]];
		}),
	);
}

/** What every prototype held before any delivery. */
const pristine = new Map(PROTOTYPES.map(([name, prototype]) => [name, membersOf(prototype)]));

/** Fails when a delivery added or replaced anything on a built-in prototype. */
export function expectNoPrototypePollution(): void {
	expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
	expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
	expect(Object.getPrototypeOf({})).toBe(Object.prototype);
	expect(String({})).toBe('[object Object]');
	for (const [name, prototype] of PROTOTYPES) {
		const before = pristine.get(name)!;
		const now = membersOf(prototype);
		expect({ [name]: [...now.keys()].sort() }).toEqual({ [name]: [...before.keys()].sort() });
		for (const [key, held] of now) {
			if (held.some((part, i) => part !== before.get(key)![i])) throw new Error(`${name}.${key} was replaced`);
		}
	}
}

// ---- running a corpus --------------------------------------------------------------------------

/** Which categories a corpus covers, and how many cases each. */
export function countByCategory(cases: readonly HostileCase[]): Partial<Record<Category, number>> {
	const counts: Partial<Record<Category, number>> = {};
	for (const hostile of cases) counts[hostile.category] = (counts[hostile.category] ?? 0) + 1;
	return counts;
}

/** A case's title: its family, what is tried, and the answer expected. */
function titleOf(hostile: HostileCase): string {
	return `${hostile.category}: ${hostile.name} → ${hostile.status}`;
}

/**
 * Runs every case as its own test: the answer has the documented status (and message), nothing
 * starts, the node does not crash (n8n would answer 500), no prototype
 * changes, and the genuine delivery sent right after still starts the workflow.
 */
export function runCorpus(
	cases: readonly HostileCase[],
	trigger: (target: string | undefined) => TriggerHarness,
	genuine: (target: string | undefined) => Delivery,
): void {
	test.each(cases.map((hostile) => [titleOf(hostile), hostile] as const))('%s', async (_title, hostile) => {
		await hostile.setUp?.();
		const delivery = hostile.delivery();
		const result: DeliveryResult = await trigger(hostile.target).deliver(delivery);

		expect({
			reachedNode: result.reachedNode,
			status: result.status,
			started: result.started,
			items: result.items.length,
			crashed: result.error?.message,
		}).toEqual({ reachedNode: true, status: hostile.status, started: false, items: 0, crashed: undefined });
		expect(result.responseBody).toEqual({ message: hostile.message });
		expectNoPrototypePollution();

		const next = await trigger(hostile.target).deliver(genuine(hostile.target));
		expect({ status: next.status, started: next.started }).toEqual({ status: 200, started: true });
	});
}
