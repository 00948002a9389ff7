// Hostile deliveries to the GHL Contacts Trigger's automation source (HighLevel's unsigned "Webhook" action,
// protected by a secret in the query or a header). The contract (docs/ghl-triggers.md): a missing or wrong
// secret → 401; a body that is empty, not JSON or not an object → 400 (n8n itself answers 422,
// before the node, when it claims to be JSON and is not: see n8nBodies.test.ts); a location not chosen → 200. None starts the workflow,
// and the genuine delivery sent after each one still does.
//
// Replays do not apply here: the Webhook action sends no id, timestamp or signature, so a request
// that carries the secret is the automation's, however often it comes (whoever holds the URL and
// its secret can send anything anyway).
import type { Contact } from '../../sandbox/ghl';
import type { GhlTestBed } from '../harness/ghl';
import type { Delivery, TriggerHarness } from '../harness/trigger';
import { asReceived, automationTrigger, startTriggerBed } from '../ghlContactsTrigger/helpers';
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

const SECRET = 'wh-sec-4bV9qLm2Tx7RkZp8Yd3N';
const OTHER_TRIGGERS_SECRET = 'wh-sec-Zr5Kq1Xw9Lm3Tb6Vn8Pc';
// The triggers were rotated from this secret; its Valid Until has passed.
const EXPIRED_PREVIOUS = 'wh-sec-Pq3Nd8Kx2Vb7Lm5Rt9Zw';
const ROTATION_OVER = { previousSecret: EXPIRED_PREVIOUS, previousSecretValidUntil: '2020-01-01T00:00:00Z' };
const WRONG = 'Missing or wrong secret';
const NOT_JSON = 'The request body is not JSON';
const OTHER_LOCATION = 'Location not selected; ignored';

let bed: GhlTestBed;
let ada: Contact;
let inQuery: TriggerHarness;
let inHeader: TriggerHarness;

/** What the automation's Webhook action posts for Ada: snake_case, tags as one string. */
function payload(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return bed.sandbox.webhooks.automationPayload(ada, { extra });
}

function withSecret(body: string | Buffer, contentType: string | null = 'application/json'): Delivery {
	const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
	return { headers, body: Buffer.from(body), query: { secret: SECRET } };
}

function genuine(): Delivery {
	return asReceived(bed.sandbox.webhooks.sendAutomation(ada, { secret: { query: 'secret', value: SECRET }, customData: { run: String(Math.random()) } }));
}

function genuineWithHeader(): Delivery {
	return asReceived(bed.sandbox.webhooks.sendAutomation(ada, { secret: { header: 'X-Webhook-Secret', value: SECRET } }));
}

/** Where the secret is not, or is not quite: for the trigger that reads it from `?secret=`. */
const WRONG_QUERY_SECRETS: ReadonlyArray<[string, () => Pick<Delivery, 'query' | 'headers'>]> = [
	['no secret', () => ({ query: {} })],
	['an empty secret', () => ({ query: { secret: '' } })],
	['a secret of spaces', () => ({ query: { secret: '   ' } })],
	['a guess', () => ({ query: { secret: 'guess' } })],
	['the last character changed', () => ({ query: { secret: `${SECRET.slice(0, -1)}M` } })],
	['one character short', () => ({ query: { secret: SECRET.slice(0, -1) } })],
	['one character more', () => ({ query: { secret: `${SECRET}x` } })],
	['in upper case', () => ({ query: { secret: SECRET.toUpperCase() } })],
	['a Cyrillic lookalike letter in it', () => ({ query: { secret: SECRET.replace('q', 'ԛ') } })],
	['a NUL inside', () => ({ query: { secret: `${SECRET.slice(0, 6)}\u0000${SECRET.slice(6)}` } })],
	['a line break inside', () => ({ query: { secret: `${SECRET.slice(0, 6)}\n${SECRET.slice(6)}` } })],
	['percent-encoded once more than the URL needs', () => ({ query: { secret: [...SECRET].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('') } })],
	['a 1 MB secret', () => ({ query: { secret: 'x'.repeat(1_000_000) } })],
	['under another parameter name', () => ({ query: { token: SECRET } })],
	['under "Secret" (names are case-sensitive)', () => ({ query: { Secret: SECRET } })],
	['in a header instead of the query', () => ({ query: {}, headers: { 'x-webhook-secret': SECRET } })],
	['as a Bearer token', () => ({ query: {}, headers: { authorization: `Bearer ${SECRET}` } })],
	['a wrong value first, the right one second (repeats arrive as a list)', () => ({ query: { secret: ['guess', SECRET] } })],
	['the secret of another trigger', () => ({ query: { secret: OTHER_TRIGGERS_SECRET } })],
	['a list of one wrong value', () => ({ query: { secret: ['guess'] } })],
	['the previous secret after its Valid Until', () => ({ query: { secret: EXPIRED_PREVIOUS } })],
];

/** For the trigger that reads it from the X-Webhook-Secret header. */
const WRONG_HEADER_SECRETS: ReadonlyArray<[string, () => Pick<Delivery, 'query' | 'headers'>]> = [
	['no header', () => ({ headers: {} })],
	['an empty header', () => ({ headers: { 'x-webhook-secret': '' } })],
	['a wrong value', () => ({ headers: { 'x-webhook-secret': 'guess' } })],
	['the secret in the query instead', () => ({ headers: {}, query: { secret: SECRET } })],
	['the secret under X-Webhook-Secrets', () => ({ headers: { 'x-webhook-secrets': SECRET } })],
	['the secret as a Bearer token', () => ({ headers: { authorization: `Bearer ${SECRET}` } })],
	['"Bearer " and the secret in the right header', () => ({ headers: { 'x-webhook-secret': `Bearer ${SECRET}` } })],
	['two values joined by a proxy', () => ({ headers: { 'x-webhook-secret': `guess, ${SECRET}` } })],
	['the previous secret after its Valid Until', () => ({ headers: { 'x-webhook-secret': EXPIRED_PREVIOUS } })],
];

/** What a stranger posts along with a wrong secret. */
const BODIES: ReadonlyArray<[string, () => string]> = [
	["Ada's automation payload", () => JSON.stringify(payload())],
	['the payload with a __proto__ key', () => withMembers(payload(), PROTOTYPE_KEYS[0][1])],
	['the payload with control characters in the name', () => JSON.stringify(payload({ first_name: UNICODE_STRINGS[0][1], full_name: UNICODE_STRINGS[6][1] }))],
	['10,000 nested objects', () => deeplyNested(10_000, 'object')],
	['the payload with another location', () => JSON.stringify(payload({ location: { id: 'AttackerLocation0001' } }))],
];

/** Locations the trigger is not set to (Location IDs = the test bed's location). */
const OTHER_LOCATIONS: ReadonlyArray<[string, () => Record<string, unknown>]> = [
	['another location', () => ({ location: { id: 'OtherLocation00000001' } })],
	['no location', () => ({ location: undefined })],
	['the location as a string', () => ({ location: 'OtherLocation00000001' })],
	['the location id as a number', () => ({ location: { id: 42 } })],
	['the location id hidden under __proto__', () => ({ location: JSON.parse(`{"__proto__":{"id":"${bed.locationId}"}}`) as unknown })],
	['the location id with a zero-width space', () => ({ location: { id: `${bed.locationId}\u200b` } })],
];

const cases: HostileCase[] = [
	...cross(WRONG_QUERY_SECRETS, BODIES).map(([[how, where], [body, make]]): HostileCase => ({
		category: 'wrong secret',
		name: `secret in the query: ${how}; ${body}`,
		delivery: () => ({ headers: { 'content-type': 'application/json' }, body: make(), ...where() }),
		status: 401,
		message: WRONG,
	})),
	...cross(WRONG_HEADER_SECRETS, BODIES.slice(0, 2)).map(([[how, where], [body, make]]): HostileCase => ({
		category: 'wrong secret',
		name: `secret in a header: ${how}; ${body}`,
		delivery: () => {
			const { headers, query } = where();
			return { headers: { 'content-type': 'application/json', ...headers }, query, body: make() };
		},
		status: 401,
		message: WRONG,
		target: 'header',
	})),
	...UNICODE_STRINGS.map(([what, text]): HostileCase => ({
		category: 'unicode and control characters',
		name: `${what} appended to the secret`,
		delivery: () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload()), query: { secret: `${SECRET}${text}` } }),
		status: 401,
		message: WRONG,
	})),
	...cross(MALFORMED_JSON, ['text/plain', UNPARSED_CONTENT_TYPE] as const).map(([[what, text], contentType]): HostileCase => ({
		category: 'malformed JSON',
		name: `the right secret, ${what}, as ${contentType}`,
		delivery: () => withSecret(text, contentType),
		status: 400,
		message: NOT_JSON,
	})),
	...cross(TRUNCATIONS, ['text/plain', UNPARSED_CONTENT_TYPE] as const).map(([[where, cut], contentType]): HostileCase => ({
		category: 'truncated JSON',
		name: `the right secret, the payload ${where}, as ${contentType}`,
		delivery: () => withSecret(cut(JSON.stringify(payload())), contentType),
		status: 400,
		message: NOT_JSON,
	})),
	...cross(NON_OBJECT_JSON, ['application/json', 'text/plain'] as const).map(([[what, text], contentType]): HostileCase => ({
		category: 'not a JSON object',
		name: `the right secret, ${what}, as ${contentType}`,
		delivery: () => withSecret(text, contentType),
		status: 400,
		message: 'The request body is not a JSON object',
	})),
	...(['application/json', null] as const).map((contentType): HostileCase => ({
		category: 'not a JSON object',
		name: `the right secret, an empty body, ${contentType ?? 'no content type'}`,
		delivery: () => withSecret('', contentType),
		status: 400,
		message: 'The request body is empty',
	})),
	...WRONG_CONTENT_TYPES.map(([what, contentType]): HostileCase => ({
		category: 'wrong content type',
		name: `no secret, the payload as ${what}`,
		delivery: (): Delivery => ({ headers: contentType ? { 'content-type': contentType } : {}, body: JSON.stringify(payload()) }),
		status: 401,
		message: WRONG,
	})),
	...OTHER_LOCATIONS.map(([what, location]): HostileCase => ({
		category: 'not wanted',
		name: `the right secret, ${what}`,
		delivery: () => withSecret(JSON.stringify(payload(location()))),
		status: 200,
		message: OTHER_LOCATION,
	})),
	{
		category: 'huge body',
		name: 'a 10 MB payload without the secret, as JSON',
		delivery: () => ({ headers: { 'content-type': 'application/json' }, body: hugeJson(payload(), 10 * 1024 * 1024), query: { secret: 'guess' } }),
		status: 401,
		message: WRONG,
	},
	...(['object', 'array'] as const).map((kind): HostileCase => ({
		category: 'deeply nested JSON',
		name: `100,000 nested ${kind}s without the secret`,
		delivery: () => ({ headers: { 'content-type': 'application/json' }, body: deeplyNested(100_000, kind) }),
		status: 401,
		message: WRONG,
	})),
	...PROTOTYPE_KEYS.flatMap(([keys, members]): HostileCase[] => [
		{
			category: 'prototype pollution keys',
			name: `${keys} in the payload, a wrong secret`,
			delivery: () => ({ headers: { 'content-type': 'application/json' }, body: withMembers(payload(), members), query: { secret: 'guess' } }),
			status: 401,
			message: WRONG,
		},
		{
			category: 'prototype pollution keys',
			name: `${keys} in a payload of another location, the right secret`,
			delivery: () => withSecret(withMembers(payload({ location: { id: 'OtherLocation00000001' } }), members)),
			status: 200,
			message: OTHER_LOCATION,
		},
	]),
];

describe('GHL Contacts Trigger (automation Webhook action): the hostile-input corpus', () => {
	beforeAll(async () => {
		bed = await startTriggerBed();
		ada = bed.sandbox.store.addContact({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', tags: ['student'] });
		const options = { locationIds: bed.locationId };
		inQuery = automationTrigger(bed, { secretLocation: 'query', secret: SECRET, ...ROTATION_OVER, options });
		inHeader = automationTrigger(bed, { secretLocation: 'header', secret: SECRET, ...ROTATION_OVER, options });
	});
	afterAll(async () => await bed.close());

	test('the corpus has at least 200 deliveries and covers every attack family that applies', () => {
		expect(cases.length).toBeGreaterThanOrEqual(200);
		// No signatures, timestamps or delivery ids exist in this source (see the top of this file).
		const notApplicable = ['missing signature', 'forged signature', 'tampered body', 'stale timestamp', 'future timestamp', 'invalid timestamp', 'replay'];
		expect(Object.keys(countByCategory(cases)).sort()).toEqual(CATEGORIES.filter((category) => !notApplicable.includes(category)).sort());
	});

	runCorpus(
		cases,
		(target) => (target === 'header' ? inHeader : inQuery),
		(target) => (target === 'header' ? genuineWithHeader() : genuine()),
	);

	test.each(PROTOTYPE_KEYS.map(([keys, members]) => [keys, members]))(
		'with the right secret, a payload with %s starts the workflow as plain data; no prototype changes',
		async (_keys, members) => {
			const result = await inQuery.deliver(withSecret(withMembers(payload({ customData: { course: 'algebra' } }), members)));
			expect(result).toMatchObject({ status: 200, started: true });
			expect(result.items[0].json).toMatchObject({ id: ada.id, email: 'ada@example.com', event: { type: 'AutomationWebhook' } });
			expect(Object.getPrototypeOf(result.items[0].json)).toBe(Object.prototype);
			expectNoPrototypePollution();
		},
	);
});
