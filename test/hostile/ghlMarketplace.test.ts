// Hostile deliveries to the GHL Contacts Trigger's marketplace-app source (signed webhooks). docs/ghl-triggers.md's
// table is the contract: no signature, a wrong one, or a timestamp outside the 5-minute window →
// 401; a body that is empty, not JSON or not an object → 400 (sent as a type n8n does not parse:
// n8n itself answers 422, before the node, when it claims to be JSON, see n8nBodies.test.ts);
// another app's delivery → 403; no webhookId → 400; a genuine delivery the node drops on purpose
// (event not selected, other location, repeated webhookId) → 200, never 5xx. None starts the
// workflow, and
// the genuine delivery sent after each one still does.
import { generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';

import type { Contact, SignatureKind } from '../../sandbox/ghl';
import type { GhlTestBed } from '../harness/ghl';
import { TriggerHarness, type Delivery } from '../harness/trigger';
import { asReceived, marketplaceTrigger, startTriggerBed } from '../ghlContactsTrigger/helpers';
import {
	CATEGORIES,
	countByCategory,
	cross,
	deeplyNested,
	expectNoPrototypePollution,
	hugeJson,
	invalidUtf8Json,
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

const ED = 'x-ghl-signature';
const RSA = 'x-wh-signature';
const NOT_SIGNED = 'The delivery is not signed';
const INVALID = 'Invalid signature';
const OUTSIDE_WINDOW = 'The delivery is outside the replay window';
const NO_TIMESTAMP = 'The delivery has no valid timestamp';
const NOT_SELECTED = 'Event not selected; ignored';
const OTHER_LOCATION = 'Location not selected; ignored';
const DUPLICATE = 'Duplicate delivery; ignored';
const MINUTE = 60_000;

// Keys HighLevel never had: what a forger signs with.
const stranger = {
	ed25519: generateKeyPairSync('ed25519').privateKey,
	rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
};

let bed: GhlTestBed;
let ada: Contact;
let trigger: TriggerHarness;
/** The webhookId of every genuine delivery that started the workflow. */
const genuineIds = new Set<string>();

/** A fresh ContactCreate event for Ada, as HighLevel would send it (not yet signed). */
function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		...bed.sandbox.webhooks.payloadFor('ContactCreate', ada),
		appId: 'SandboxMarketplaceApp1',
		versionId: 'SandboxAppVersion00001',
		timestamp: new Date().toISOString(),
		webhookId: randomUUID(),
		...overrides,
	};
}

/** HighLevel's signature (the sandbox's test keys) over exactly these bytes. */
function highLevel(kind: SignatureKind, raw: Buffer | string): string {
	return bed.sandbox.webhooks.signature(kind, raw);
}

function bytes(body: string | Buffer | object): Buffer {
	return Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

/** A delivery HighLevel genuinely signed (both schemes unless told), with these exact bytes. */
function signed(
	body: string | Buffer | object,
	options: { contentType?: string; schemes?: SignatureKind[] } = {},
): Delivery {
	const raw = bytes(body);
	const headers: Record<string, string> = {};
	if (options.contentType !== '') headers['content-type'] = options.contentType ?? 'application/json';
	for (const kind of options.schemes ?? ['ed25519', 'rsa']) headers[kind === 'ed25519' ? ED : RSA] = highLevel(kind, raw);
	return { headers, body: raw };
}

/** A delivery with these signature headers (or none), not made by HighLevel. */
function forged(body: string | Buffer | object, signatures: Record<string, string>, contentType?: string): Delivery {
	const headers: Record<string, string> = { ...signatures };
	if (contentType !== undefined) headers['content-type'] = contentType;
	return { headers, body: bytes(body) };
}

/** The genuine delivery that must still start the workflow after each hostile one. */
function genuine(): Delivery {
	const [delivery] = bed.sandbox.webhooks.send('ContactCreate', ada);
	genuineIds.add(delivery.webhookId);
	return asReceived(delivery);
}

/** Delivers a genuine event first (it starts), so that the case can replay it. */
async function deliveredOnce(delivery: Delivery, webhookId: string): Promise<void> {
	const first = await trigger.deliver(delivery);
	expect(first).toMatchObject({ status: 200, started: true });
	genuineIds.add(webhookId);
}

// ---- the corpus --------------------------------------------------------------------------------

/** Bodies a forger sends: a real-looking event, one with prototype keys, one full of odd text. */
const FORGED_BODIES: ReadonlyArray<[string, () => string]> = [
	['a fresh ContactCreate event', () => JSON.stringify(event())],
	['the event with a __proto__ key', () => withMembers(event(), PROTOTYPE_KEYS[0][1])],
	['the event with control characters in the name', () => JSON.stringify(event({ firstName: UNICODE_STRINGS[0][1], lastName: UNICODE_STRINGS[2][1] }))],
];

const UNSIGNED_HEADERS: ReadonlyArray<[string, Record<string, string>]> = [
	['no signature header', {}],
	['"N/A" in both headers', { [ED]: 'N/A', [RSA]: 'N/A' }],
	['"n/a" in lower case', { [ED]: 'n/a' }],
	['empty headers', { [ED]: '', [RSA]: '' }],
	['headers of spaces', { [ED]: '   ', [RSA]: '\t' }],
	['"N/A" for Ed25519 and no RSA header', { [ED]: 'N/A' }],
	['"N/A" for RSA only', { [RSA]: ' N/A ' }],
];

const FORGED_SIGNATURES: ReadonlyArray<[string, (raw: Buffer) => Record<string, string>]> = [
	['random bytes the size of an Ed25519 signature', () => ({ [ED]: randomBytes(64).toString('base64') })],
	['random bytes the size of an RSA signature, RSA header only', () => ({ [RSA]: randomBytes(256).toString('base64') })],
	['random bytes in both headers', () => ({ [ED]: randomBytes(64).toString('base64'), [RSA]: randomBytes(256).toString('base64') })],
	['text that is not base64', () => ({ [ED]: '%%%not-base64%%%', [RSA]: '%%%' })],
	['the base64 of a word', () => ({ [ED]: Buffer.from('signature').toString('base64') })],
	['an all-zero signature', () => ({ [ED]: Buffer.alloc(64).toString('base64') })],
	["a stranger's Ed25519 key over the exact body", (raw) => ({ [ED]: sign(null, raw, stranger.ed25519).toString('base64') })],
	["a stranger's RSA key over the exact body", (raw) => ({ [RSA]: sign('sha256', raw, stranger.rsa).toString('base64') })],
	["HighLevel's Ed25519 signature of another body", () => ({ [ED]: highLevel('ed25519', '{"type":"ContactCreate"}') })],
	["HighLevel's RSA signature in the Ed25519 header", (raw) => ({ [ED]: highLevel('rsa', raw) })],
	["HighLevel's Ed25519 signature in the RSA header", (raw) => ({ [RSA]: highLevel('ed25519', raw) })],
	['a forged Ed25519 signature beside a genuine RSA one (Ed25519 is the one checked)', (raw) => ({ [ED]: randomBytes(64).toString('base64'), [RSA]: highLevel('rsa', raw) })],
	['the genuine signature with one bit flipped', (raw) => ({ [ED]: flipBit(highLevel('ed25519', raw)) })],
	['the genuine signature cut short', (raw) => ({ [ED]: highLevel('ed25519', raw).slice(0, 40) })],
	['a forged signature, then the genuine one, comma-joined', (raw) => ({ [ED]: `${randomBytes(64).toString('base64')}, ${highLevel('ed25519', raw)}` })],
	['a 1 MB signature', () => ({ [ED]: 'A'.repeat(1_000_000) })],
	['Unicode in the signature', () => ({ [ED]: 'ßïgnåtürë✓', [RSA]: '签名' })],
	['a signature over the body plus a newline', (raw) => ({ [ED]: highLevel('ed25519', Buffer.concat([raw, Buffer.from('\n')])) })],
];

function flipBit(signature: string): string {
	const decoded = Buffer.from(signature, 'base64');
	decoded[10] ^= 0x01;
	return decoded.toString('base64');
}

/** Changes made to a genuinely signed body after signing; every result is still valid JSON. */
const TAMPERINGS: ReadonlyArray<[string, (original: Record<string, unknown>, text: string) => string]> = [
	['another email', (original) => JSON.stringify({ ...original, email: 'attacker@example.com' })],
	['the type changed to ContactDelete', (original) => JSON.stringify({ ...original, type: 'ContactDelete' })],
	['another location', (original) => JSON.stringify({ ...original, locationId: 'AttackerLocation0001' })],
	['a new webhookId (to pass the duplicate check)', (original) => JSON.stringify({ ...original, webhookId: randomUUID() })],
	['the timestamp moved', (original) => JSON.stringify({ ...original, timestamp: new Date(Date.now() + 1_000).toISOString() })],
	['a field added', (original) => JSON.stringify({ ...original, isAdmin: true })],
	['a field removed', (original) => JSON.stringify({ ...original, email: undefined })],
	['other tags', (original) => JSON.stringify({ ...original, tags: ['vip', 'refund-approved'] })],
	['a space appended', (_original, text) => `${text} `],
	['a newline appended', (_original, text) => `${text}\n`],
	['the same JSON pretty-printed', (original) => JSON.stringify(original, null, 2)],
	['the same JSON with its keys reordered', (original) => JSON.stringify(Object.fromEntries(Object.entries(original).reverse()))],
	['the same JSON with a letter written as a \\u escape', (_original, text) => text.replace('"ContactCreate"', '"\\u0043ontactCreate"')],
	['prototype keys added', (original) => withMembers(original, PROTOTYPE_KEYS[7][1])],
	['the body of another genuine delivery', () => JSON.stringify(event({ firstName: 'Mallory' }))],
];

const STALE: ReadonlyArray<[string, () => string]> = [
	['301 seconds old (the window is 300)', () => new Date(Date.now() - 301_000).toISOString()],
	['10 minutes old', () => new Date(Date.now() - 10 * MINUTE).toISOString()],
	['an hour old', () => new Date(Date.now() - 60 * MINUTE).toISOString()],
	['a day old', () => new Date(Date.now() - 24 * 60 * MINUTE).toISOString()],
	['a year old', () => new Date(Date.now() - 365 * 24 * 60 * MINUTE).toISOString()],
	['the Unix epoch', () => '1970-01-01T00:00:00.000Z'],
	['year 1', () => '0001-01-01T00:00:00.000Z'],
	['a date V8 reads as 2001 (full-width digits)', () => '２０２６-01-01'],
];

const FUTURE: ReadonlyArray<[string, () => string]> = [
	['301 seconds ahead', () => new Date(Date.now() + 301_000).toISOString()],
	['an hour ahead', () => new Date(Date.now() + 60 * MINUTE).toISOString()],
	['a day ahead', () => new Date(Date.now() + 24 * 60 * MINUTE).toISOString()],
	['a year ahead', () => new Date(Date.now() + 365 * 24 * 60 * MINUTE).toISOString()],
	['year 9999', () => '9999-12-31T23:59:59.999Z'],
	['the last date JavaScript knows', () => '+275760-09-13T00:00:00.000Z'],
];

const INVALID_TIMESTAMPS: ReadonlyArray<[string, unknown]> = [
	['missing', undefined],
	['empty', ''],
	['a word', 'yesterday'],
	['"now"', 'now'],
	['milliseconds as a number', 1_750_000_000_000],
	['seconds as digits', '1750000000'],
	['null', null],
	['an object', { $date: '2026-01-01T00:00:00Z' }],
	['an array', ['2026-01-01T00:00:00Z']],
	['true', true],
	['an impossible date', '2026-13-45T99:99:99Z'],
	['a NUL character', '\u0000'],
];

/** Genuine events the node must drop with 200: not selected, or from a location not chosen. */
const NOT_WANTED: ReadonlyArray<[string, () => Record<string, unknown>, string]> = [
	['an event type not selected (ContactDelete)', () => ({ type: 'ContactDelete' }), NOT_SELECTED],
	['an event type not selected (TaskCreate)', () => ({ type: 'TaskCreate' }), NOT_SELECTED],
	['an unknown event type (INSTALL)', () => ({ type: 'INSTALL' }), NOT_SELECTED],
	['the type in lower case', () => ({ type: 'contactcreate' }), NOT_SELECTED],
	['the type with a trailing space', () => ({ type: 'ContactCreate ' }), NOT_SELECTED],
	['the type with a zero-width space', () => ({ type: 'Contact\u200bCreate' }), NOT_SELECTED],
	['the type as an array', () => ({ type: ['ContactCreate'] }), NOT_SELECTED],
	['no type', () => ({ type: undefined }), NOT_SELECTED],
	['another location', () => ({ locationId: 'OtherLocation00000001' }), OTHER_LOCATION],
	['no location', () => ({ locationId: undefined }), OTHER_LOCATION],
	['the location as an object', () => ({ locationId: { id: 'x' } }), OTHER_LOCATION],
	['the location with a Cyrillic lookalike letter', () => ({ locationId: lookalikeOfLocation() }), OTHER_LOCATION],
];

/** Genuinely signed deliveries that are not for this trigger's app (403) or have no usable id (400). */
const OTHER_APP = 'The delivery is for another HighLevel app';
const NO_WEBHOOK_ID = 'The delivery has no webhookId';
const NOT_OURS: ReadonlyArray<[string, () => Record<string, unknown>, number, string]> = [
	["another app's id", () => ({ appId: 'StrangersApp00000001' }), 403, OTHER_APP],
	['no appId', () => ({ appId: undefined }), 403, OTHER_APP],
	['the app id in lower case', () => ({ appId: 'sandboxmarketplaceapp1' }), 403, OTHER_APP],
	['the app id with a trailing space', () => ({ appId: 'SandboxMarketplaceApp1 ' }), 403, OTHER_APP],
	['the app id in an array', () => ({ appId: ['SandboxMarketplaceApp1'] }), 403, OTHER_APP],
	['the app id as null', () => ({ appId: null }), 403, OTHER_APP],
	['no webhookId', () => ({ webhookId: undefined }), 400, NO_WEBHOOK_ID],
	['an empty webhookId', () => ({ webhookId: '' }), 400, NO_WEBHOOK_ID],
	['a webhookId as a number', () => ({ webhookId: 12345 }), 400, NO_WEBHOOK_ID],
	['a webhookId as an object', () => ({ webhookId: { id: 'x' } }), 400, NO_WEBHOOK_ID],
];

const DEPTH = 100_000;

const cases: HostileCase[] = [
	...cross(UNSIGNED_HEADERS, FORGED_BODIES).map(([[headers, signatures], [body, make]]): HostileCase => ({
		category: 'missing signature',
		name: `${headers}, ${body}`,
		delivery: () => forged(make(), signatures, 'application/json'),
		status: 401,
		message: NOT_SIGNED,
	})),
	...cross(FORGED_SIGNATURES, FORGED_BODIES).map(([[how, signatures], [body, make]]): HostileCase => ({
		category: 'forged signature',
		name: `${how}, ${body}`,
		delivery: () => {
			const raw = bytes(make());
			return forged(raw, signatures(raw), 'application/json');
		},
		status: 401,
		message: INVALID,
	})),
	...cross(TAMPERINGS, [['both schemes', ['ed25519', 'rsa']], ['RSA only', ['rsa']]] as const).map(
		([[how, tamper], [schemes, kinds]]): HostileCase => ({
			category: 'tampered body',
			name: `${how} after signing (${schemes})`,
			delivery: () => {
				const original = event();
				const text = JSON.stringify(original);
				const { headers } = signed(text, { schemes: [...kinds] });
				return { headers, body: Buffer.from(tamper(original, text), 'utf8') };
			},
			status: 401,
			message: INVALID,
		}),
	),
	{
		category: 'tampered body',
		// As JSON, n8n itself would refuse it (422): it does not strip a byte-order mark.
		name: `a byte-order mark prepended after signing, as ${UNPARSED_CONTENT_TYPE}`,
		delivery: () => {
			const text = JSON.stringify(event());
			return { headers: signed(text, { contentType: UNPARSED_CONTENT_TYPE }).headers, body: Buffer.from(`\ufeff${text}`, 'utf8') };
		},
		status: 401,
		message: INVALID,
	},
	...STALE.map(([when, timestamp]): HostileCase => ({
		category: 'stale timestamp',
		name: `signed, ${when}`,
		delivery: () => signed(event({ timestamp: timestamp() })),
		status: 401,
		message: OUTSIDE_WINDOW,
	})),
	...FUTURE.map(([when, timestamp]): HostileCase => ({
		category: 'future timestamp',
		name: `signed, ${when}`,
		delivery: () => signed(event({ timestamp: timestamp() })),
		status: 401,
		message: OUTSIDE_WINDOW,
	})),
	...INVALID_TIMESTAMPS.map(([what, timestamp]): HostileCase => ({
		category: 'invalid timestamp',
		name: `signed, timestamp ${what}`,
		delivery: () => signed(event({ timestamp })),
		status: 401,
		message: NO_TIMESTAMP,
	})),
	...replays(),
	...NOT_OURS.map(([what, overrides, status, message]): HostileCase => ({
		category: 'not wanted',
		name: `signed, ${what}`,
		delivery: () => signed(event(overrides())),
		status,
		message,
	})),
	...NOT_WANTED.map(([what, overrides, message]): HostileCase => ({
		category: 'not wanted',
		name: `signed, ${what}`,
		delivery: () => signed(event(overrides())),
		status: 200,
		message,
	})),
	...cross(MALFORMED_JSON, ['text/plain', UNPARSED_CONTENT_TYPE] as const).map(([[what, text], contentType]): HostileCase => ({
		category: 'malformed JSON',
		name: `signed, ${what}, as ${contentType}`,
		delivery: () => signed(text, { contentType }),
		status: 400,
		message: 'The request body is not JSON',
	})),
	...MALFORMED_JSON.slice(0, 6).map(([what, text]): HostileCase => ({
		category: 'malformed JSON',
		name: `unsigned, ${what}, as text/plain`,
		delivery: () => forged(text, {}, 'text/plain'),
		status: 401,
		message: NOT_SIGNED,
	})),
	...cross(NON_OBJECT_JSON, ['application/json', 'text/plain'] as const).map(([[what, text], contentType]): HostileCase => ({
		category: 'not a JSON object',
		name: `signed, ${what}, as ${contentType}`,
		delivery: () => signed(text, { contentType }),
		status: 400,
		message: 'The request body is not a JSON object',
	})),
	...(['application/json', ''] as const).map((contentType): HostileCase => ({
		category: 'not a JSON object',
		name: `signed, an empty body${contentType ? ' that says it is JSON' : ' without a content type'}`,
		delivery: () => signed('', { contentType }),
		status: 400,
		message: 'The request body is empty',
	})),
	...TRUNCATIONS.flatMap(([where, cut]): HostileCase[] => [
		{
			category: 'truncated JSON',
			name: `${where}, the full body's genuine signature, as ${UNPARSED_CONTENT_TYPE}`,
			delivery: () => {
				const text = JSON.stringify(event());
				return { ...signed(text, { contentType: UNPARSED_CONTENT_TYPE }), body: Buffer.from(cut(text)) };
			},
			status: 401,
			message: INVALID,
		},
		{
			category: 'truncated JSON',
			name: `${where}, signed as cut, as text/plain`,
			delivery: () => signed(cut(JSON.stringify(event())), { contentType: 'text/plain' }),
			status: 400,
			message: 'The request body is not JSON',
		},
	]),
	...WRONG_CONTENT_TYPES.map(([what, contentType]): HostileCase => ({
		category: 'wrong content type',
		name: `unsigned event, ${what}`,
		delivery: () => forged(JSON.stringify(event()), {}, contentType),
		status: 401,
		message: NOT_SIGNED,
	})),
	{
		category: 'huge body',
		name: 'a 10 MB event with a forged signature, as JSON',
		delivery: () => {
			const raw = Buffer.from(hugeJson(event(), 10 * 1024 * 1024));
			return forged(raw, { [ED]: randomBytes(64).toString('base64') }, 'application/json');
		},
		status: 401,
		message: INVALID,
	},
	...(['object', 'array'] as const).map((kind): HostileCase => ({
		category: 'deeply nested JSON',
		name: `${DEPTH.toLocaleString('en')} nested ${kind}s, unsigned`,
		delivery: () => forged(deeplyNested(DEPTH, kind), {}, 'application/json'),
		status: 401,
		message: NOT_SIGNED,
	})),
	{
		category: 'deeply nested JSON',
		name: `an event with ${DEPTH.toLocaleString('en')} nested objects in a field, signed but stale`,
		delivery: () => signed(withMembers(event({ timestamp: new Date(Date.now() - 10 * MINUTE).toISOString() }), `"deep":${deeplyNested(DEPTH, 'object')}`)),
		status: 401,
		message: OUTSIDE_WINDOW,
	},
	{
		category: 'deeply nested JSON',
		name: `an event not selected with ${DEPTH.toLocaleString('en')} nested arrays in a field, signed`,
		delivery: () => signed(withMembers(event({ type: 'ContactDelete' }), `"deep":${deeplyNested(DEPTH, 'array')}`)),
		status: 200,
		message: NOT_SELECTED,
	},
	...UNICODE_STRINGS.map(([what, text]): HostileCase => ({
		category: 'unicode and control characters',
		name: `${what} in the name, forged signature`,
		delivery: () => {
			const raw = bytes(event({ firstName: text, email: text }));
			return forged(raw, { [ED]: sign(null, raw, stranger.ed25519).toString('base64') }, 'application/json');
		},
		status: 401,
		message: INVALID,
	})),
	{
		category: 'unicode and control characters',
		name: 'bytes that are not UTF-8, forged signature',
		delivery: () => forged(invalidUtf8Json(event()), { [ED]: randomBytes(64).toString('base64') }, 'application/json'),
		status: 401,
		message: INVALID,
	},
	...UNICODE_STRINGS.slice(0, 6).map(([what, text]): HostileCase => ({
		category: 'unicode and control characters',
		name: `${what} in the event type, signed`,
		delivery: () => signed(event({ type: `ContactCreate${text}` })),
		status: 200,
		message: NOT_SELECTED,
	})),
	...PROTOTYPE_KEYS.flatMap(([keys, members]): HostileCase[] => [
		{
			category: 'prototype pollution keys',
			name: `${keys}, forged signature`,
			delivery: () => forged(withMembers(event(), members), { [ED]: randomBytes(64).toString('base64') }, 'application/json'),
			status: 401,
			message: INVALID,
		},
		{
			category: 'prototype pollution keys',
			name: `${keys}, signed but stale`,
			delivery: () => signed(withMembers(event({ timestamp: new Date(Date.now() - 10 * MINUTE).toISOString() }), members)),
			status: 401,
			message: OUTSIDE_WINDOW,
		},
		{
			category: 'prototype pollution keys',
			name: `${keys}, signed, an event not selected`,
			delivery: () => signed(withMembers(event({ type: 'ContactDelete' }), members)),
			status: 200,
			message: NOT_SELECTED,
		},
		{
			category: 'prototype pollution keys',
			name: `${keys} as the whole body, signed`,
			delivery: () => signed(`{${members}}`),
			status: 401,
			message: NO_TIMESTAMP,
		},
	]),
];

/** Replays of genuine deliveries: the same webhookId never starts the workflow twice. */
function replays(): HostileCase[] {
	let original: Delivery = { body: '' };
	let payload: Record<string, unknown> = {};
	const firstDelivered = async () => {
		payload = event();
		original = signed(payload);
		await deliveredOnce(original, String(payload.webhookId));
	};
	const same = (what: string, delivery: () => Delivery): HostileCase => ({
		category: 'replay',
		name: what,
		setUp: firstDelivered,
		delivery,
		status: 200,
		message: DUPLICATE,
	});
	return [
		same('the same bytes again, at once', () => original),
		same('the same webhookId re-signed with a fresh timestamp (as HighLevel retries)', () => signed({ ...payload, timestamp: new Date().toISOString() })),
		same('the same webhookId with other content, signed', () => signed({ ...payload, email: 'other@example.com' })),
		same('the same webhookId as another selected event (NoteCreate), signed', () => signed({ ...payload, type: 'NoteCreate', id: 'note-1', contactId: ada.id, body: 'x' })),
		same('the same bytes with the RSA signature only', () => ({ ...original, headers: { 'content-type': 'application/json', [RSA]: String(original.headers?.[RSA]) } })),
		same('the same bytes with header names in capitals', () => ({ ...original, headers: Object.fromEntries(Object.entries(original.headers ?? {}).map(([name, value]) => [name.toUpperCase(), value])) })),
		{
			category: 'replay',
			name: 'the same bytes a third time',
			setUp: async () => {
				await firstDelivered();
				expect(await trigger.deliver(original)).toMatchObject({ status: 200, started: false });
			},
			delivery: () => original,
			status: 200,
			message: DUPLICATE,
		},
	];
}

/** The test bed's location id with its first Latin letter swapped for a Cyrillic lookalike. */
function lookalikeOfLocation(): string {
	const cyrillic: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', A: 'А', E: 'Е', O: 'О', P: 'Р', C: 'С', X: 'Х' };
	const swapped = bed.locationId.replace(/[aeopcxAEOPCX]/, (letter) => cyrillic[letter]);
	return swapped !== bed.locationId ? swapped : `а${bed.locationId.slice(1)}`;
}

describe('GHL Contacts Trigger (marketplace app): the hostile-input corpus', () => {
	beforeAll(async () => {
		bed = await startTriggerBed();
		ada = bed.sandbox.store.addContact({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', tags: ['student'] });
		trigger = marketplaceTrigger(bed, { events: ['ContactCreate', 'NoteCreate'] }, { options: { locationIds: bed.locationId } });
	});
	afterAll(async () => await bed.close());

	test('the corpus has at least 200 deliveries and covers every attack family that applies', () => {
		expect(cases.length).toBeGreaterThanOrEqual(200);
		const applicable = CATEGORIES.filter((category) => category !== 'wrong secret');
		expect(Object.keys(countByCategory(cases)).sort()).toEqual([...applicable].sort());
	});

	runCorpus(cases, () => trigger, genuine);

	test('no hostile delivery was remembered: the duplicate memory holds only genuine webhook ids', () => {
		const seen = Object.keys(trigger.staticData.seenDeliveries as object);
		expect(seen.length).toBeGreaterThan(200);
		expect(seen.filter((id) => !genuineIds.has(id))).toEqual([]);
	});

	test('a replay after n8n restarts (static data read back from the database) is still dropped', async () => {
		const delivery = genuine();
		expect(await trigger.deliver(delivery)).toMatchObject({ status: 200, started: true });
		const restarted = marketplaceTrigger(bed, { events: ['ContactCreate', 'NoteCreate'] }, { staticData: trigger.savedStaticData(), options: { locationIds: bed.locationId } });
		expect(await restarted.deliver(delivery)).toMatchObject({ status: 200, started: false, responseBody: { message: DUPLICATE } });
	});
});

describe('GHL Contacts Trigger (marketplace app): genuine deliveries that carry prototype keys', () => {
	beforeAll(async () => {
		bed = await startTriggerBed();
		ada = bed.sandbox.store.addContact({ firstName: 'Ada', email: 'ada@example.com' });
		trigger = marketplaceTrigger(bed, { events: ['ContactCreate', 'NoteCreate'] });
	});
	afterAll(async () => await bed.close());

	test.each(PROTOTYPE_KEYS.map(([keys, members]) => [keys, members]))(
		'a signed note with %s starts the workflow; the keys stay plain data and no prototype changes',
		async (_keys, members) => {
			const note = { type: 'NoteCreate', appId: bed.sandbox.webhooks.appId, locationId: bed.locationId, id: randomUUID(), contactId: ada.id, body: 'Called back', timestamp: new Date().toISOString(), webhookId: randomUUID() };
			const result = await trigger.deliver(signed(withMembers(note, members)));
			expect(result).toMatchObject({ status: 200, started: true });
			const [item] = result.items;
			expect(item.json).toMatchObject({ id: note.id, contactId: ada.id, body: 'Called back' });
			expect(Object.getPrototypeOf(item.json)).toBe(Object.prototype);
			expectNoPrototypePollution();
		},
	);

	test.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'])(
		'a signed delivery whose webhookId is "%s" starts the workflow once; its repeat is dropped',
		async (webhookId) => {
			const delivery = signed(event({ webhookId }));
			expect(await trigger.deliver(delivery)).toMatchObject({ status: 200, started: true });
			expect(await trigger.deliver(delivery)).toMatchObject({ status: 200, started: false, responseBody: { message: DUPLICATE } });
			// And n8n's saved static data brings the memory back after a restart.
			const restarted = marketplaceTrigger(bed, { events: ['ContactCreate', 'NoteCreate'] }, { staticData: trigger.savedStaticData() });
			expect(await restarted.deliver(delivery)).toMatchObject({ status: 200, started: false });
			expectNoPrototypePollution();
		},
	);
});
