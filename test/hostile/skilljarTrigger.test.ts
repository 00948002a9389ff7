// Hostile deliveries to the Skilljar Trigger. Skilljar signs nothing; activation registers a
// random basic-auth pair with the hook, and the node checks it on every delivery. The contract
// (docs/skilljar.md, "Skilljar Trigger"): without that pair → 401 and nothing starts; with it the sender is
// Skilljar, which deactivates a hook that answers 4xx, so whatever a genuine delivery holds
// (events not listened to, repeats, odd bodies) is answered 2xx. (n8n itself answers 422, before
// the node, to a body that says it is JSON and is not; Skilljar never sends one, and every case
// here reaches the node: see n8nBodies.test.ts for n8n's part.)
import { createHash, randomUUID } from 'node:crypto';

import type { Webhook } from '../../sandbox/skilljar/types';
import { API_KEY_CREDENTIAL_ID, startSkilljarTestBed, type SkilljarTestBed } from '../harness/skilljar';
import { TriggerHarness, type Delivery } from '../harness/trigger';
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

const UNAUTHORIZED = 'Unauthorized';
const REPEAT = 'Received before; ignored as a repeat';
/** The node's 200 for a genuine delivery whose event type it does not start on. */
const notStarting = (eventType: unknown) => `Received; ${typeof eventType === 'string' && eventType ? eventType : 'this event'} does not start this workflow`;
const LISTENED = ['COURSE_COMPLETION', 'COURSE_ENROLLMENT'];

let bed: SkilljarTestBed;
let trigger: TriggerHarness;
/** The hook activation registered in Skilljar: its basic-auth pair is what Skilljar sends. */
let hook: Webhook;

const basic = (pair: string) => ({ authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A completion as Skilljar reports it (a new one each time: identical bodies are repeats). */
function completion(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		event_type: 'COURSE_COMPLETION',
		timestamp: new Date().toISOString(),
		user: { id: randomUUID().slice(0, 12), email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
		course: { published_course_id: 'pc-algebra-1', title: 'Algebra' },
		course_progress: { completed_at: new Date().toISOString(), score: 91 },
		...extra,
	};
}

/** A request exactly as Skilljar's webhook sender makes it: its headers and the hook's pair. */
function fromSkilljar(body: string | Buffer, contentType: string | null = 'application/json'): Delivery {
	const headers: Record<string, string> = {
		'user-agent': 'Skilljar-Webhook/1.0',
		...basic(`${hook.basic_auth_username}:${hook.basic_auth_password}`),
	};
	if (contentType) headers['content-type'] = contentType;
	return { headers, body: Buffer.from(body) };
}

function genuine(): Delivery {
	return fromSkilljar(JSON.stringify(completion()));
}

/** Authorization headers that are not the hook's pair, or not quite. */
const WRONG_AUTH: ReadonlyArray<[string, () => Record<string, string>]> = [
	['no Authorization header', () => ({})],
	['"Basic" alone', () => ({ authorization: 'Basic' })],
	['"Basic " and nothing', () => ({ authorization: 'Basic ' })],
	['Basic with text that is not base64', () => ({ authorization: 'Basic !!!***' })],
	['the username only, no colon', () => basic(hook.basic_auth_username)],
	['the username and an empty password', () => basic(`${hook.basic_auth_username}:`)],
	['the password only', () => basic(`:${hook.basic_auth_password}`)],
	['the right username, a wrong password', () => basic(`${hook.basic_auth_username}:guess`)],
	['a wrong username, the right password', () => basic(`n8n-guess:${hook.basic_auth_password}`)],
	['the pair with ":x" after the password', () => basic(`${hook.basic_auth_username}:${hook.basic_auth_password}:x`)],
	['the pair with a space after the password', () => basic(`${hook.basic_auth_username}:${hook.basic_auth_password} `)],
	['the username in upper case', () => basic(`${hook.basic_auth_username.toUpperCase()}:${hook.basic_auth_password}`)],
	['the password as a Bearer token', () => ({ authorization: `Bearer ${hook.basic_auth_password}` })],
	['the pair not base64-encoded', () => ({ authorization: `Basic ${hook.basic_auth_username}:${hook.basic_auth_password}` })],
	['Digest instead of Basic', () => ({ authorization: `Digest username="${hook.basic_auth_username}", response="0"` })],
	['the Skilljar API key (the credential, not the hook pair)', () => basic(`${bed.apiKey}:`)],
	['the SHA-256 the workflow keeps, as the password', () => basic(`${hook.basic_auth_username}:${sha256(hook.basic_auth_password)}`)],
	['a 1 MB header', () => basic(`${'u'.repeat(500_000)}:${'p'.repeat(500_000)}`)],
	['NUL bytes after each half', () => basic(`${hook.basic_auth_username}\u0000:${hook.basic_auth_password}\u0000`)],
	['the pair in the Proxy-Authorization header', () => ({ 'proxy-authorization': basic(`${hook.basic_auth_username}:${hook.basic_auth_password}`).authorization })],
];

/** What a stranger posts with those headers. */
const BODIES: ReadonlyArray<[string, () => string]> = [
	['a course completion', () => JSON.stringify(completion())],
	['a completion with a __proto__ key', () => withMembers(completion(), PROTOTYPE_KEYS[0][1])],
	['a completion with control characters in the name', () => JSON.stringify(completion({ user: { email: 'ada@example.com', first_name: UNICODE_STRINGS[0][1], last_name: UNICODE_STRINGS[6][1] } }))],
	['10,000 nested objects', () => deeplyNested(10_000, 'object')],
];

/** Genuine deliveries (the hook's pair) that start nothing: answered 200, never 4xx. */
const NOT_LISTENED: ReadonlyArray<[string, unknown]> = [
	['a lesson completion (not listened to)', 'LESSON_COMPLETION'],
	["Skilljar's PING", 'PING'],
	['an unknown event type', 'ACCOUNT_TAKEOVER'],
	['the event type in lower case', 'course_completion'],
	['the event type with a zero-width space', 'COURSE_\u200bCOMPLETION'],
	['the event type as a list', ['COURSE_COMPLETION']],
	['the event type as an object', { name: 'COURSE_COMPLETION' }],
	['no event type', undefined],
	['a null event type', null],
];

const cases: HostileCase[] = [
	...cross(WRONG_AUTH, BODIES).map(([[how, headers], [body, make]]): HostileCase => ({
		category: 'wrong secret',
		name: `${how}; ${body}`,
		delivery: () => ({ headers: { 'content-type': 'application/json', ...headers() }, body: make() }),
		status: 401,
		message: UNAUTHORIZED,
	})),
	...UNICODE_STRINGS.map(([what, text]): HostileCase => ({
		category: 'unicode and control characters',
		name: `${what} appended to the password`,
		delivery: () => ({ headers: { 'content-type': 'application/json', ...basic(`${hook.basic_auth_username}:${hook.basic_auth_password}${text}`) }, body: JSON.stringify(completion()) }),
		status: 401,
		message: UNAUTHORIZED,
	})),
	...MALFORMED_JSON.flatMap(([what, text]): HostileCase[] => [
		{
			category: 'malformed JSON',
			name: `no credentials, ${what}, as text/plain`,
			delivery: () => ({ headers: { 'content-type': 'text/plain' }, body: text }),
			status: 401,
			message: UNAUTHORIZED,
		},
		{
			category: 'malformed JSON',
			name: `no credentials, ${what}, as ${UNPARSED_CONTENT_TYPE}`,
			delivery: () => ({ headers: { 'content-type': UNPARSED_CONTENT_TYPE }, body: text }),
			status: 401,
			message: UNAUTHORIZED,
		},
	]),
	...TRUNCATIONS.map(([where, cut]): HostileCase => ({
		category: 'truncated JSON',
		name: `a completion ${where}, as ${UNPARSED_CONTENT_TYPE}, no credentials`,
		delivery: () => ({ headers: { 'content-type': UNPARSED_CONTENT_TYPE }, body: cut(JSON.stringify(completion())) }),
		status: 401,
		message: UNAUTHORIZED,
	})),
	...NOT_LISTENED.map(([what, eventType]): HostileCase => ({
		category: 'not wanted',
		name: `the hook's pair, ${what}`,
		delivery: () => fromSkilljar(JSON.stringify(completion({ event_type: eventType }))),
		status: 200,
		message: notStarting(eventType),
	})),
	...cross(NON_OBJECT_JSON, ['application/json', 'text/plain'] as const).map(([[what, text], contentType]): HostileCase => ({
		category: 'not a JSON object',
		name: `the hook's pair, ${what}, as ${contentType}`,
		delivery: () => fromSkilljar(text, contentType),
		status: 200,
		message: notStarting(undefined),
	})),
	...WRONG_CONTENT_TYPES.map(([what, contentType]): HostileCase => ({
		category: 'wrong content type',
		name: `no credentials, a completion as ${what}`,
		delivery: (): Delivery => ({ headers: contentType ? { 'content-type': contentType } : {}, body: JSON.stringify(completion()) }),
		status: 401,
		message: UNAUTHORIZED,
	})),
	// n8n parses only application/json (in any case, with any charset) and form bodies; with the
	// other types the node sees no event type, so a genuine sender still gets 200.
	...WRONG_CONTENT_TYPES.filter(([, contentType]) => !/^application\/json/i.test(contentType ?? '')).map(([what, contentType]): HostileCase => ({
		category: 'wrong content type',
		name: `the hook's pair, a completion as ${what}`,
		delivery: () => fromSkilljar(JSON.stringify(completion()), contentType ?? null),
		status: 200,
		message: notStarting(undefined),
	})),
	{
		category: 'replay',
		name: "the hook's pair, the same completion again",
		setUp: async () => {
			repeated = fromSkilljar(JSON.stringify(completion()));
			expect(await trigger.deliver(repeated)).toMatchObject({ status: 200, started: true });
		},
		delivery: () => repeated,
		status: 200,
		message: REPEAT,
	},
	{
		category: 'replay',
		name: 'no credentials, a completion Skilljar delivered before',
		setUp: async () => {
			repeated = fromSkilljar(JSON.stringify(completion()));
			expect(await trigger.deliver(repeated)).toMatchObject({ status: 200, started: true });
		},
		delivery: () => ({ ...repeated, headers: { 'content-type': 'application/json' } }),
		status: 401,
		message: UNAUTHORIZED,
	},
	{
		category: 'huge body',
		name: 'a 10 MB completion without credentials, as JSON',
		delivery: () => ({ headers: { 'content-type': 'application/json' }, body: hugeJson(completion(), 10 * 1024 * 1024) }),
		status: 401,
		message: UNAUTHORIZED,
	},
	...(['object', 'array'] as const).map((kind): HostileCase => ({
		category: 'deeply nested JSON',
		name: `100,000 nested ${kind}s without credentials`,
		delivery: () => ({ headers: { 'content-type': 'application/json' }, body: deeplyNested(100_000, kind) }),
		status: 401,
		message: UNAUTHORIZED,
	})),
	{
		category: 'deeply nested JSON',
		name: "the hook's pair, 100,000 nested objects in an event not listened to",
		delivery: () => fromSkilljar(withMembers(completion({ event_type: 'LESSON_COMPLETION' }), `"deep":${deeplyNested(100_000, 'object')}`)),
		status: 200,
		message: notStarting('LESSON_COMPLETION'),
	},
	...PROTOTYPE_KEYS.flatMap(([keys, members]): HostileCase[] => [
		{
			category: 'prototype pollution keys',
			name: `${keys} in a completion, no credentials`,
			delivery: () => ({ headers: { 'content-type': 'application/json' }, body: withMembers(completion(), members) }),
			status: 401,
			message: UNAUTHORIZED,
		},
		{
			category: 'prototype pollution keys',
			name: `${keys} in an event not listened to, the hook's pair`,
			delivery: () => fromSkilljar(withMembers(completion({ event_type: 'LESSON_COMPLETION' }), members)),
			status: 200,
			message: notStarting('LESSON_COMPLETION'),
		},
		{
			category: 'prototype pollution keys',
			name: `${keys} as the whole body, the hook's pair`,
			delivery: () => fromSkilljar(`{${members}}`),
			status: 200,
			message: notStarting(undefined),
		},
	]),
];
let repeated: Delivery = { body: '' };

describe('Skilljar Trigger: the hostile-input corpus', () => {
	beforeAll(async () => {
		bed = await startSkilljarTestBed();
		trigger = new TriggerHarness(bed.credentials, {
			type: 'skilljarTrigger',
			parameters: { events: LISTENED },
			credentials: { skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' } },
		});
		await trigger.activate();
		[hook] = bed.sandbox.store.listWebhooks();
	});
	afterAll(async () => await bed.close());

	test('the corpus has at least 200 deliveries and covers every attack family that applies', () => {
		expect(cases.length).toBeGreaterThanOrEqual(200);
		// Skilljar signs nothing and sends no timestamp: the basic-auth pair is the whole check.
		const notApplicable = ['missing signature', 'forged signature', 'tampered body', 'stale timestamp', 'future timestamp', 'invalid timestamp'];
		expect(Object.keys(countByCategory(cases)).sort()).toEqual(CATEGORIES.filter((category) => !notApplicable.includes(category)).sort());
	});

	runCorpus(cases, () => trigger, genuine);

	test('a genuine delivery never got a 4xx, so Skilljar still has the hook active', async () => {
		// A delivery made by the sandbox's own webhook sender, which deactivates a hook on any 4xx.
		bed.sandbox.setDeliveryTransport(async (request) => ({ status: (await trigger.deliver({ headers: request.headers, body: request.body })).status }));
		bed.sandbox.deliverEvent('COURSE_COMPLETION', completion());
		await bed.sandbox.flushDeliveries();
		expect(bed.sandbox.deliveries.at(-1)?.status).toBe(200);
		expect(bed.sandbox.store.listWebhooks()).toEqual([expect.objectContaining({ id: hook.id, active: true })]);
	});

	test.each(PROTOTYPE_KEYS.map(([keys, members]) => [keys, members]))(
		"the hook's pair and a completion with %s start the workflow as plain data; no prototype changes",
		async (_keys, members) => {
			const result = await trigger.deliver(fromSkilljar(withMembers(completion(), members)));
			expect(result).toMatchObject({ status: 200, started: true });
			expect(result.items[0].json).toMatchObject({ event: 'course.completed', course_title: 'Algebra', score: 91, raw: { course: { title: 'Algebra' } } });
			expect(Object.getPrototypeOf(result.items[0].json)).toBe(Object.prototype);
			expect(Object.getPrototypeOf(result.items[0].json.raw)).toBe(Object.prototype);
			expectNoPrototypePollution();
		},
	);

	test('the pair of an earlier activation is refused once the workflow was deactivated and activated again', async () => {
		const old = hook;
		await trigger.deactivate();
		expect(await trigger.deliver(genuine())).toMatchObject({ status: 401, started: false });
		await trigger.activate();
		[hook] = bed.sandbox.store.listWebhooks();
		expect(hook.basic_auth_password).not.toBe(old.basic_auth_password);
		const stale = { headers: { 'content-type': 'application/json', ...basic(`${old.basic_auth_username}:${old.basic_auth_password}`) }, body: JSON.stringify(completion()) };
		expect(await trigger.deliver(stale)).toMatchObject({ status: 401, started: false });
		expect(await trigger.deliver(genuine())).toMatchObject({ status: 200, started: true });
	});
});
