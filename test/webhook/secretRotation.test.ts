// Rotating a webhook secret without downtime: during a rotation the GHL Contacts Trigger (automation
// webhook, secret in the query or a header) and the OnlineCourseHost Trigger (key in the URL)
// accept the new secret and, until "Previous … Valid Until", the old one. After that the old one
// gets exactly the answer of a wrong secret. The window is moved by setting the parameter.
import type { NodeParameterValueType } from 'n8n-workflow';

import type { Contact } from '../../sandbox/ghl';
import { asReceived, automationTrigger, startTriggerBed } from '../ghlContactsTrigger/helpers';
import type { GhlTestBed } from '../harness/ghl';
import { ochTrigger } from '../harness/och';
import type { DeliveryResult, TriggerHarness } from '../harness/trigger';

const NEW = 'new-Zq8Lm1Xr5Tb9Wc3Vn7Kp';
const OLD = 'old-k7Rt2WqZ9xLm4NbV8cYd';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A Valid Until that far from now (negative: in the past), as ISO with an offset. */
const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();

let bed: GhlTestBed;
let ada: Contact;
let students = 0;

/** One trigger and how its sender delivers a secret. */
interface Sender {
	name: string;
	/** The display name of the trigger's secret field. */
	label: string;
	/** The whole answer to a wrong secret. */
	wrong: { message: string };
	trigger: (parameters: Record<string, NodeParameterValueType>) => TriggerHarness;
	send: (trigger: TriggerHarness, secret?: string) => Promise<DeliveryResult>;
}

const ghl = (location: 'query' | 'header'): Sender => ({
	name: `GHL Contacts Trigger, secret in the ${location}`,
	label: 'Secret',
	wrong: { message: 'Missing or wrong secret' },
	trigger: (parameters) =>
		automationTrigger(bed, { secretLocation: location, queryParameterName: 'secret', headerName: 'X-Webhook-Secret', secret: NEW, ...parameters }),
	send: async (trigger, secret) => {
		const place = location === 'query' ? { query: 'secret' } : { header: 'X-Webhook-Secret' };
		const delivery = bed.sandbox.webhooks.sendAutomation(ada, { secret: secret === undefined ? undefined : { ...place, value: secret } });
		return await trigger.deliver(asReceived(delivery));
	},
});

const och: Sender = {
	name: 'OnlineCourseHost Trigger, key in the URL',
	label: 'Secret Key',
	wrong: { message: 'Missing or wrong key' },
	trigger: (parameters) => ochTrigger({ event: 'courseEnrollment', secret: NEW, ...parameters }),
	// A new student each time: OCH's identical deliveries within 10 minutes are dropped as repeats.
	send: async (trigger, secret) =>
		await trigger.deliver({ body: { email: `student.${++students}@example.com`, courseId: 'rkUNIGXTgtrPCz130A2D' }, query: secret === undefined ? {} : { key: secret } }),
};

/** The wall-clock time in a time zone, as the editor's date picker stores it (no offset). */
function wallClock(at: number, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at));
	const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value;
	return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

beforeAll(async () => {
	bed = await startTriggerBed();
	ada = bed.sandbox.store.addContact({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });
});
afterAll(async () => await bed.close());

describe.each([ghl('query'), ghl('header'), och])('secret rotation: $name', (sender) => {
	const previous = `Previous ${sender.label}`;
	const validUntil = `Previous ${sender.label} Valid Until`;
	const rotating = (until: NodeParameterValueType) => sender.trigger({ previousSecret: OLD, previousSecretValidUntil: until });

	test('inside the window the old and the new secret both start the workflow; the items carry neither', async () => {
		const trigger = rotating(fromNow(DAY));
		await expect(trigger.activate()).resolves.toBeUndefined();

		const old = await sender.send(trigger, OLD);
		const fresh = await sender.send(trigger, NEW);

		expect(old).toMatchObject({ status: 200, started: true });
		expect(fresh).toMatchObject({ status: 200, started: true });
		for (const result of [old, fresh]) {
			expect(JSON.stringify(result.items)).not.toContain(OLD);
			expect(JSON.stringify(result.items)).not.toContain(NEW);
		}
	});

	test('inside the window, anything else is still refused, near misses of the old secret too', async () => {
		const trigger = rotating(fromNow(DAY));
		for (const secret of [undefined, 'guess', `${OLD}x`, OLD.slice(0, -1), OLD.toUpperCase(), `${OLD.slice(0, -1)}e`]) {
			expect({ secret, result: await sender.send(trigger, secret) }).toMatchObject({ secret, result: { status: 401, started: false, responseBody: sender.wrong } });
		}
	});

	test('once Valid Until has passed, the old secret gets exactly the answer of a wrong one; the new one still works', async () => {
		const trigger = rotating(fromNow(DAY));
		expect(await sender.send(trigger, OLD)).toMatchObject({ status: 200, started: true });

		trigger.node.parameters.previousSecretValidUntil = fromNow(-1000);
		const old = await sender.send(trigger, OLD);
		const wrong = await sender.send(trigger, 'guess-Xr5Tb9Wc3Vn7KpZq8Lm1');

		expect(old).toEqual(wrong);
		expect(old).toMatchObject({ status: 401, started: false, responseBody: sender.wrong });
		expect(await sender.send(trigger, NEW)).toMatchObject({ status: 200, started: true });
	});

	test('a rotation that is over does not stop the workflow: activation (as at every n8n start) still succeeds', async () => {
		const trigger = rotating(fromNow(-7 * DAY));
		await expect(trigger.activate()).resolves.toBeUndefined();
		expect(await sender.send(trigger, OLD)).toMatchObject({ status: 401, responseBody: sender.wrong });
		expect(await sender.send(trigger, NEW)).toMatchObject({ status: 200, started: true });
	});

	test("a Valid Until without an offset is wall-clock time in the workflow's time zone", async () => {
		const trigger = rotating('');
		const zone = trigger.workflow.timezone;
		// Read as UTC, New York's wall-clock time (n8n's default zone) would be hours in the past.
		expect(zone).toBe('America/New_York');
		trigger.node.parameters.previousSecretValidUntil = wallClock(Date.now() + HOUR, zone);
		expect(await sender.send(trigger, OLD)).toMatchObject({ status: 200, started: true });
		trigger.node.parameters.previousSecretValidUntil = wallClock(Date.now() - HOUR, zone);
		expect(await sender.send(trigger, OLD)).toMatchObject({ status: 401, responseBody: sender.wrong });
	});

	test('an old secret that activation would refuse is not accepted at delivery either (e.g. set by an expression)', async () => {
		const cases: Array<Record<string, NodeParameterValueType>> = [
			{ previousSecret: OLD, previousSecretValidUntil: '' },
			{ previousSecret: OLD, previousSecretValidUntil: 'soon' },
			{ previousSecret: OLD, previousSecretValidUntil: fromNow(31 * DAY) },
			{ previousSecret: 'old-but-short', previousSecretValidUntil: fromNow(DAY) },
			{ previousSecret: '', previousSecretValidUntil: fromNow(DAY) },
		];
		for (const parameters of cases) {
			const trigger = sender.trigger(parameters);
			const secret = (parameters.previousSecret as string) || OLD;
			expect({ parameters, result: await sender.send(trigger, secret) }).toMatchObject({ parameters, result: { status: 401, started: false, responseBody: sender.wrong } });
			expect(await sender.send(trigger, NEW)).toMatchObject({ status: 200, started: true });
		}
	});

	test.each([
		['the same as the new one', { previousSecret: NEW, previousSecretValidUntil: fromNow(DAY) }, 'is the same as'],
		['too short', { previousSecret: 'old-but-short', previousSecretValidUntil: fromNow(DAY) }, 'is too weak or not URL-safe'],
		['not URL-safe', { previousSecret: 'old k7Rt2WqZ9xLm4N/+', previousSecretValidUntil: fromNow(DAY) }, 'is too weak or not URL-safe'],
	])('activation refuses a previous secret that is %s, naming the field', async (_label, parameters, problem) => {
		const activation = sender.trigger(parameters).activate();
		await expect(activation).rejects.toThrow(problem === 'is the same as' ? `${previous} is the same as ${sender.label}` : `${previous} ${problem}`);
	});

	test.each([
		['is missing', '', 'is empty'],
		['is not a date', 'soon', '"soon" is not a valid date'],
		['is more than 30 days ahead', fromNow(31 * DAY), 'is more than 30 days ahead'],
	])('activation refuses a previous secret whose Valid Until %s, naming the field', async (_label, until, problem) => {
		await expect(rotating(until).activate()).rejects.toThrow(`${validUntil} ${problem}`);
	});

	test('a window of 29 days is allowed; with no previous secret, Valid Until is ignored', async () => {
		await expect(rotating(fromNow(29 * DAY)).activate()).resolves.toBeUndefined();
		await expect(sender.trigger({ previousSecret: '', previousSecretValidUntil: fromNow(365 * DAY) }).activate()).resolves.toBeUndefined();
	});
});
