// What n8n 2.41 itself answers before a trigger node runs, as the trigger harness models it
// (test/harness/trigger.ts, parseBody): a body sent as application/json that is not JSON is
// refused with 422 and never reaches the node. The hostile corpora therefore send malformed and
// truncated JSON as types n8n does not parse (and as text/plain), so the node's own parsing answers;
// this file pins n8n's part, with the GHL Contacts Trigger's automation source as the receiving node.
import type { Contact } from '../../sandbox/ghl';
import type { GhlTestBed } from '../harness/ghl';
import type { Delivery, TriggerHarness } from '../harness/trigger';
import { automationTrigger, startTriggerBed } from '../ghlContactsTrigger/helpers';
import { MALFORMED_JSON, TRUNCATIONS, UNPARSED_CONTENT_TYPE } from './corpus';

const SECRET = 'wh-sec-4bV9qLm2Tx7RkZp8Yd3N';
const N8N_422 = { status: 422, reachedNode: false, started: false, responseBody: { code: 422, message: 'Failed to parse request body' } };

let bed: GhlTestBed;
let ada: Contact;
let trigger: TriggerHarness;

beforeAll(async () => {
	bed = await startTriggerBed();
	ada = bed.sandbox.store.addContact({ firstName: 'Ada', email: 'ada@example.com' });
	trigger = automationTrigger(bed, { secretLocation: 'query', secret: SECRET });
});
afterAll(async () => await bed.close());

const payloadText = () => JSON.stringify(bed.sandbox.webhooks.automationPayload(ada, {}));
const withSecret = (body: string | Buffer, contentType: string): Delivery => ({ headers: { 'content-type': contentType }, body: Buffer.from(body), query: { secret: SECRET } });

test.each([...MALFORMED_JSON, ...TRUNCATIONS.map(([where, cut]): [string, string] => [`an event ${where}`, cut('{"type":"ContactCreate","email":"ada@example.com","first_name":"Ada"}')])])(
	'%s: as application/json n8n answers 422 before the node; as a type n8n does not parse, the node answers',
	async (_what, text) => {
		expect(await trigger.deliver(withSecret(text, 'application/json'))).toMatchObject(N8N_422);
		expect(await trigger.deliver(withSecret(text, UNPARSED_CONTENT_TYPE))).toMatchObject({ status: 400, reachedNode: true, responseBody: { message: 'The request body is not JSON' } });
	},
);

test.each([
	['a byte-order mark before the JSON (n8n does not strip it)', () => withSecret(`\ufeff${payloadText()}`, 'application/json')],
	['a charset Node cannot decode', () => withSecret(payloadText(), 'application/json; charset=klingon')],
	['the same as text/plain', () => withSecret(payloadText(), 'text/plain; charset=klingon')],
])('genuine JSON with %s: n8n answers 422 before the node', async (_what, delivery) => {
	expect(await trigger.deliver(delivery())).toMatchObject(N8N_422);
});

test('a type n8n does not parse hands the node the raw bytes alone, and a genuine event still starts', async () => {
	const result = await trigger.deliver(withSecret(payloadText(), UNPARSED_CONTENT_TYPE));
	expect(result).toMatchObject({ status: 200, reachedNode: true, started: true });
	expect(result.items[0].json).toMatchObject({ email: 'ada@example.com' });
});

test('XML, which n8n parses with xml2js, is refused by the harness rather than guessed', async () => {
	await expect(trigger.deliver(withSecret('<a/>', 'application/xml'))).rejects.toThrow(/does not model/);
});
