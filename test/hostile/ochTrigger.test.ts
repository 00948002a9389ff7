// Hostile deliveries to the OnlineCourseHost Trigger. OCH signs nothing: the Secret Key in the
// URL (`?key=`) is the only check. The contract (docs/onlinecoursehost.md, "OnlineCourseHost Trigger"): without the
// key, or with another one → 401; with it, a body that is not an OCH event (no email) → 400 and an
// identical delivery within 10 minutes → 200 (n8n itself answers 422, before the node, to a body
// that says it is JSON and is not: see n8nBodies.test.ts). None starts the workflow, and the genuine delivery sent after each one does.
import { randomUUID } from 'node:crypto';

import { ochTrigger } from '../harness/och';
import type { Delivery, TriggerHarness } from '../harness/trigger';
import {
	CATEGORIES,
	countByCategory,
	cross,
	deeplyNested,
	expectNoPrototypePollution,
	hugeJson,
	MALFORMED_JSON,
	NON_OBJECT_JSON,
	PROTOTYPE_KEYS,
	runCorpus,
	TRUNCATIONS,
	UNICODE_STRINGS,
	UNPARSED_CONTENT_TYPE,
	withMembers,
	WRONG_CONTENT_TYPES,
	type HostileCase,
} from './corpus';

const KEY = 'k7Rt2WqZ9xLm4NbV8cYd';
// The trigger was rotated from this key; its Valid Until has passed.
const EXPIRED_PREVIOUS = 'Pq3Nd8Kx2Vb7Lm5Rt9Zw';
const WRONG = 'Missing or wrong key';
const NOT_AN_EVENT = 'Expected an OnlineCourseHost event: a JSON or form body with an email';
const DUPLICATE = 'Duplicate delivery ignored';

let trigger: TriggerHarness;

/** A course enrollment as OCH posts it (a new student each time: identical bodies are repeats). */
function enrollment(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		email: `student.${randomUUID().slice(0, 8)}@example.com`,
		courseId: 'rkUNIGXTgtrPCz130A2D',
		courseTitle: 'How to win friends',
		source: 'stripe',
		...extra,
	};
}

function withKey(body: string | Buffer, contentType: string | null = 'application/json'): Delivery {
	const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
	return { headers, body: Buffer.from(body), query: { key: KEY } };
}

function genuine(): Delivery {
	return withKey(JSON.stringify(enrollment()));
}

/** Query strings that do not carry the key, or not quite. */
const WRONG_KEYS: ReadonlyArray<[string, () => Pick<Delivery, 'query' | 'headers'>]> = [
	['no key', () => ({ query: {} })],
	['an empty key', () => ({ query: { key: '' } })],
	['a guess', () => ({ query: { key: 'guess' } })],
	['the last character changed', () => ({ query: { key: `${KEY.slice(0, -1)}e` } })],
	['one character short', () => ({ query: { key: KEY.slice(0, -1) } })],
	['one character more', () => ({ query: { key: `${KEY}x` } })],
	['in upper case', () => ({ query: { key: KEY.toUpperCase() } })],
	['with a space before it', () => ({ query: { key: ` ${KEY}` } })],
	['a Cyrillic lookalike letter in it', () => ({ query: { key: KEY.replace('c', 'с') } })],
	['a NUL inside', () => ({ query: { key: `${KEY.slice(0, 4)}\u0000${KEY.slice(4)}` } })],
	['percent-encoded once more than the URL needs', () => ({ query: { key: [...KEY].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('') } })],
	['a 1 MB key', () => ({ query: { key: 'k'.repeat(1_000_000) } })],
	['under "Key" (names are case-sensitive)', () => ({ query: { Key: KEY } })],
	['under "secret"', () => ({ query: { secret: KEY } })],
	['in a header instead', () => ({ query: {}, headers: { 'x-key': KEY, authorization: `Bearer ${KEY}` } })],
	['twice (repeats arrive as a list)', () => ({ query: { key: [KEY, KEY] } })],
	['a wrong key, then the right one', () => ({ query: { key: ['guess', KEY] } })],
	['the key of another OCH event', () => ({ query: { key: 'Zq8Lm1Xr5Tb9Wc3Vn7Kp' } })],
	['the previous key after its Valid Until', () => ({ query: { key: EXPIRED_PREVIOUS } })],
];

/** What a stranger posts with them. */
const BODIES: ReadonlyArray<[string, () => string]> = [
	['an enrollment', () => JSON.stringify(enrollment())],
	['an enrollment with a __proto__ key', () => withMembers(enrollment(), PROTOTYPE_KEYS[0][1])],
	['an enrollment with control characters in the email', () => JSON.stringify(enrollment({ email: `${UNICODE_STRINGS[6][1]}@example.com`, name: UNICODE_STRINGS[2][1] }))],
	['10,000 nested objects', () => deeplyNested(10_000, 'object')],
	['an enrollment, form-encoded', () => new URLSearchParams(enrollment() as Record<string, string>).toString()],
];

/** Bodies with the right key that are not OCH events: they have no email. */
const NO_EMAIL: ReadonlyArray<[string, () => Delivery]> = [
	['an empty object', () => withKey('{}')],
	['an empty email', () => withKey(JSON.stringify(enrollment({ email: '' })))],
	['an email of spaces', () => withKey(JSON.stringify(enrollment({ email: '   ' })))],
	['a null email', () => withKey(JSON.stringify(enrollment({ email: null })))],
	['the email as a list', () => withKey(JSON.stringify(enrollment({ email: ['ada@example.com'] })))],
	['the email as an object', () => withKey(JSON.stringify(enrollment({ email: { address: 'ada@example.com' } })))],
	['"Email" capitalised', () => withKey(JSON.stringify({ Email: 'ada@example.com' }))],
	['the email under __proto__', () => withKey('{"__proto__":{"email":"ada@example.com"}}')],
	['the email under constructor.prototype', () => withKey('{"constructor":{"prototype":{"email":"ada@example.com"}}}')],
	['an empty body, as JSON', () => withKey('')],
	['an empty body, no content type', () => withKey('', null)],
	['a form body without an email', () => withKey('course_id=abc&source=free', 'application/x-www-form-urlencoded')],
	['a form body repeating the email (a list)', () => withKey('email=a%40example.com&email=b%40example.com', 'application/x-www-form-urlencoded')],
];

const cases: HostileCase[] = [
	...cross(WRONG_KEYS, BODIES).map(([[how, where], [body, make]]): HostileCase => ({
		category: 'wrong secret',
		name: `${how}; ${body}`,
		delivery: () => ({ headers: { 'content-type': body.endsWith('form-encoded') ? 'application/x-www-form-urlencoded' : 'application/json' }, body: make(), ...where() }),
		status: 401,
		message: WRONG,
	})),
	...UNICODE_STRINGS.map(([what, text]): HostileCase => ({
		category: 'unicode and control characters',
		name: `${what} appended to the key`,
		delivery: () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(enrollment()), query: { key: `${KEY}${text}` } }),
		status: 401,
		message: WRONG,
	})),
	...NO_EMAIL.map(([what, delivery]): HostileCase => ({
		category: 'not wanted',
		name: `the key, ${what}`,
		delivery,
		status: 400,
		message: NOT_AN_EVENT,
	})),
	...cross(NON_OBJECT_JSON, ['application/json', 'text/plain'] as const).map(([[what, text], contentType]): HostileCase => ({
		category: 'not a JSON object',
		name: `the key, ${what}, as ${contentType}`,
		delivery: () => withKey(text, contentType),
		status: 400,
		message: NOT_AN_EVENT,
	})),
	...MALFORMED_JSON.flatMap(([what, text]): HostileCase[] => [
		{
			category: 'malformed JSON',
			name: `the key, ${what}, as ${UNPARSED_CONTENT_TYPE}`,
			delivery: () => withKey(text, UNPARSED_CONTENT_TYPE),
			status: 400,
			message: NOT_AN_EVENT,
		},
		{
			category: 'malformed JSON',
			name: `the key, ${what}, as text/plain`,
			delivery: () => withKey(text, 'text/plain'),
			status: 400,
			message: NOT_AN_EVENT,
		},
	]),
	...TRUNCATIONS.map(([where, cut]): HostileCase => ({
		category: 'truncated JSON',
		name: `the key, an enrollment ${where}, as ${UNPARSED_CONTENT_TYPE}`,
		delivery: () => withKey(cut(JSON.stringify(enrollment())), UNPARSED_CONTENT_TYPE),
		status: 400,
		message: NOT_AN_EVENT,
	})),
	...WRONG_CONTENT_TYPES.map(([what, contentType]): HostileCase => ({
		category: 'wrong content type',
		name: `no key, an enrollment as ${what}`,
		delivery: (): Delivery => ({ headers: contentType ? { 'content-type': contentType } : {}, body: JSON.stringify(enrollment()) }),
		status: 401,
		message: WRONG,
	})),
	// n8n parses application/json (any case, any charset) and form bodies; with other types the
	// node sees no email.
	...WRONG_CONTENT_TYPES.filter(([, contentType]) => !/^application\/(json|x-www-form-urlencoded)/i.test(contentType ?? '')).map(([what, contentType]): HostileCase => ({
		category: 'wrong content type',
		name: `the key, an enrollment as ${what}`,
		delivery: () => withKey(JSON.stringify(enrollment()), contentType ?? null),
		status: 400,
		message: NOT_AN_EVENT,
	})),
	...replays(),
	{
		category: 'huge body',
		name: 'a 10 MB enrollment without the key, as JSON',
		delivery: () => ({ headers: { 'content-type': 'application/json' }, body: hugeJson(enrollment(), 10 * 1024 * 1024) }),
		status: 401,
		message: WRONG,
	},
	...(['object', 'array'] as const).map((kind): HostileCase => ({
		category: 'deeply nested JSON',
		name: `100,000 nested ${kind}s with the key`,
		delivery: () => withKey(deeplyNested(100_000, kind)),
		status: 400,
		message: NOT_AN_EVENT,
	})),
	...PROTOTYPE_KEYS.flatMap(([keys, members]): HostileCase[] => [
		{
			category: 'prototype pollution keys',
			name: `${keys} in an enrollment, no key`,
			delivery: () => ({ headers: { 'content-type': 'application/json' }, body: withMembers(enrollment(), members) }),
			status: 401,
			message: WRONG,
		},
		{
			category: 'prototype pollution keys',
			name: `${keys} as the whole body, the key`,
			delivery: () => withKey(`{${members}}`),
			status: 400,
			message: NOT_AN_EVENT,
		},
	]),
	{
		category: 'prototype pollution keys',
		name: 'form-encoded __proto__[email] and constructor[prototype][email], the key',
		delivery: () => withKey('__proto__[email]=a%40example.com&constructor[prototype][email]=a%40example.com&__proto__.email=a%40example.com', 'application/x-www-form-urlencoded'),
		status: 400,
		message: NOT_AN_EVENT,
	},
];

/** Repeats of a genuine delivery within 10 minutes start nothing; a keyless copy changes nothing. */
function replays(): HostileCase[] {
	let original: Delivery = { body: '' };
	const deliveredOnce = async () => {
		original = genuine();
		expect(await trigger.deliver(original)).toMatchObject({ status: 200, started: true });
	};
	return [
		{ category: 'replay', name: 'the same enrollment again, at once', setUp: deliveredOnce, delivery: () => original, status: 200, message: DUPLICATE },
		{
			category: 'replay',
			name: 'the same enrollment a third time',
			setUp: async () => {
				await deliveredOnce();
				expect(await trigger.deliver(original)).toMatchObject({ status: 200, started: false });
			},
			delivery: () => original,
			status: 200,
			message: DUPLICATE,
		},
		{ category: 'replay', name: 'the same enrollment without the key', setUp: deliveredOnce, delivery: () => ({ ...original, query: {} }), status: 401, message: WRONG },
	];
}

describe('OnlineCourseHost Trigger: the hostile-input corpus', () => {
	beforeAll(() => {
		trigger = ochTrigger({ event: 'courseEnrollment', secret: KEY, previousSecret: EXPIRED_PREVIOUS, previousSecretValidUntil: '2020-01-01T00:00:00Z' });
	});

	test('the corpus has at least 200 deliveries and covers every attack family that applies', () => {
		expect(cases.length).toBeGreaterThanOrEqual(200);
		// OCH signs nothing and sends no timestamp: the key in the URL is the whole check.
		const notApplicable = ['missing signature', 'forged signature', 'tampered body', 'stale timestamp', 'future timestamp', 'invalid timestamp'];
		expect(Object.keys(countByCategory(cases)).sort()).toEqual(CATEGORIES.filter((category) => !notApplicable.includes(category)).sort());
	});

	runCorpus(cases, () => trigger, genuine);

	test('a forged copy sent first does not make the genuine delivery a duplicate', async () => {
		const body = JSON.stringify(enrollment());
		expect(await trigger.deliver({ headers: { 'content-type': 'application/json' }, body, query: { key: 'guess' } })).toMatchObject({ status: 401 });
		expect(await trigger.deliver(withKey(body))).toMatchObject({ status: 200, started: true });
	});

	test.each(PROTOTYPE_KEYS.map(([keys, members]) => [keys, members]))(
		'the key and an enrollment with %s start the workflow as plain data; no prototype changes',
		async (_keys, members) => {
			const result = await trigger.deliver(withKey(withMembers(enrollment({ email: 'Ada@Example.com' }), members)));
			expect(result).toMatchObject({ status: 200, started: true });
			expect(result.items[0].json).toMatchObject({ event: 'courseEnrollment', email: 'ada@example.com', courseId: 'rkUNIGXTgtrPCz130A2D' });
			expect(Object.getPrototypeOf(result.items[0].json)).toBe(Object.prototype);
			expectNoPrototypePollution();
		},
	);
});
