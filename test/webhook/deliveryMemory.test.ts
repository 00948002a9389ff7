import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { rememberDelivery, type DeliveryMemoryOptions } from '../../nodes/shared/deliveryMemory';

// n8n reads a workflow's static data from the database for every webhook request and saves it
// whole when the request is done. Deliveries that arrive together therefore each start from the
// same saved copy, and the last one to finish overwrites what the others saved. The GHL, Skilljar
// and OCH triggers remember delivery ids through rememberDelivery(); these tests play n8n's part.
const MEMORY = { max: 1000, ttlMs: 24 * 3600 * 1000 };
const MINUTE = 60_000;

let workflows = 0;

/** One workflow's trigger node in one n8n process, and its static data as saved in the database. */
function triggerInProcess() {
	const workflowId = `wf-${++workflows}`;
	let saved: IDataObject = {};
	/** One webhook request: static data as read at its start; save() is n8n's save at its end. */
	const request = () => {
		const staticData = JSON.parse(JSON.stringify(saved)) as IDataObject;
		const ctx = {
			getWorkflowStaticData: () => staticData,
			getNode: () => ({ id: 'trigger-node', name: 'GHL Contacts Trigger' }),
			getWorkflow: () => ({ id: workflowId }),
		} as unknown as IWebhookFunctions;
		return {
			remember: (key: string, memory: DeliveryMemoryOptions = MEMORY, now?: number) => rememberDelivery(ctx, key, memory, now),
			save: () => {
				saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			},
		};
	};
	return { request, saved: () => saved };
}

describe('delivery memory under concurrent webhook requests', () => {
	test('deliveries that arrive together are all remembered, whichever request saves last', () => {
		const trigger = triggerInProcess();
		// Both requests read the static data before either saves.
		const first = trigger.request();
		const second = trigger.request();
		expect(first.remember('delivery-1')).toBe('new');
		expect(second.remember('delivery-2')).toBe('new');
		second.save();
		first.save();

		expect(Object.keys(trigger.saved().seenDeliveries as object).sort()).toEqual(['delivery-1', 'delivery-2']);
		const repeat = trigger.request();
		expect(repeat.remember('delivery-1')).toBe('repeat');
		expect(repeat.remember('delivery-2')).toBe('repeat');
	});

	test('500 at once: a repeat of any of them is a duplicate', () => {
		const trigger = triggerInProcess();
		const requests = Array.from({ length: 500 }, () => trigger.request());
		expect(requests.map((r, i) => r.remember(`delivery-${i}`)).every((outcome) => outcome === 'new')).toBe(true);
		for (const r of requests.reverse()) r.save();

		expect(Object.keys(trigger.saved().seenDeliveries as object)).toHaveLength(500);
		const repeat = trigger.request();
		expect(Array.from({ length: 500 }, (_, i) => repeat.remember(`delivery-${i}`)).every((outcome) => outcome === 'repeat')).toBe(true);
	});

	test('the same id arriving twice at once starts one workflow', () => {
		const trigger = triggerInProcess();
		const [a, b] = [trigger.request(), trigger.request()];
		expect([a.remember('delivery-x'), b.remember('delivery-x')]).toEqual(['new', 'repeat']);
	});

	test('after a restart (nothing in memory), the saved static data still knows the ids', () => {
		const before = triggerInProcess();
		const request = before.request();
		request.remember('delivery-1');
		request.save();

		// n8n restarted, or another webhook process: only the database is shared (a workflow id this
		// process has not seen stands for an empty memory).
		const ctx = {
			getWorkflowStaticData: () => JSON.parse(JSON.stringify(before.saved())) as IDataObject,
			getNode: () => ({ id: 'trigger-node', name: 'GHL Contacts Trigger' }),
			getWorkflow: () => ({ id: 'restarted-workflow' }),
		} as unknown as IWebhookFunctions;
		expect(rememberDelivery(ctx, 'delivery-1', MEMORY)).toBe('repeat');
		expect(rememberDelivery(ctx, 'delivery-2', MEMORY)).toBe('new');
	});
});

describe('delivery memory and the replay window: no id a replay could still pass with is forgotten', () => {
	// A replay window of 5 minutes: ids younger than 10 minutes are kept (see keepYoungMs).
	const WINDOWED: DeliveryMemoryOptions = { max: 10, ttlMs: 24 * 60 * MINUTE, keepYoungMs: 10 * MINUTE, maxYoung: 50 };
	const t0 = Date.UTC(2026, 0, 1);

	test('more than `max` ids inside the window are all kept: a replay of the first is a repeat', () => {
		const request = triggerInProcess().request();
		for (let i = 0; i < 30; i++) expect(request.remember(`id-${i}`, WINDOWED, t0 + i)).toBe('new');
		expect(request.remember('id-0', WINDOWED, t0 + 30)).toBe('repeat');
	});

	test('once they are older than the window, only `max` are kept (the saved static data stays small)', () => {
		const trigger = triggerInProcess();
		const request = trigger.request();
		for (let i = 0; i < 30; i++) request.remember(`id-${i}`, WINDOWED, t0 + i);
		expect(request.remember('late', WINDOWED, t0 + 11 * MINUTE)).toBe('new');
		request.save();
		const saved = Object.keys(trigger.saved().seenDeliveries as object);
		expect(saved).toHaveLength(10);
		expect(saved).toEqual([...Array.from({ length: 9 }, (_, i) => `id-${21 + i}`), 'late']);
	});

	test('at `maxYoung` ids inside the window a new id is refused ("full") and not kept; repeats are still repeats', () => {
		const trigger = triggerInProcess();
		const request = trigger.request();
		for (let i = 0; i < 50; i++) expect(request.remember(`id-${i}`, WINDOWED, t0 + i)).toBe('new');
		expect(request.remember('one-too-many', WINDOWED, t0 + 50)).toBe('full');
		expect(request.remember('id-7', WINDOWED, t0 + 51)).toBe('repeat');
		request.save();
		expect(Object.keys(trigger.saved().seenDeliveries as object)).toHaveLength(50);

		// Once the first ids are older than the window, the refused one is taken (HighLevel's retry).
		expect(request.remember('one-too-many', WINDOWED, t0 + 10 * MINUTE + 5)).toBe('new');
	});

	test('ids saved by another process join the memory in time order, and old ones are not brought back', () => {
		const trigger = triggerInProcess();
		const here = trigger.request();
		for (let i = 0; i < 12; i++) here.remember(`here-${i}`, WINDOWED, t0 + i);
		here.save();
		// Another webhook process saved an id in between (its memory is not this one's).
		const elsewhere = JSON.parse(JSON.stringify(trigger.saved())) as IDataObject;
		(elsewhere.seenDeliveries as Record<string, number>)['elsewhere-1'] = t0 + 5;
		const ctx = {
			getWorkflowStaticData: () => elsewhere,
			getNode: () => ({ id: 'trigger-node', name: 'GHL Contacts Trigger' }),
			getWorkflow: () => ({ id: `wf-${workflows}` }),
		} as unknown as IWebhookFunctions;
		expect(rememberDelivery(ctx, 'elsewhere-1', WINDOWED, t0 + 20)).toBe('repeat');
		// Eleven minutes on, only the newest `max` survive, in time order.
		expect(rememberDelivery(ctx, 'late', WINDOWED, t0 + 11 * MINUTE)).toBe('new');
		expect(Object.keys(elsewhere.seenDeliveries as object)).toEqual(['here-4', 'here-5', 'elsewhere-1', ...Array.from({ length: 6 }, (_, i) => `here-${6 + i}`), 'late']);
	});

	test('ids older than the memory keeps them (ttl) are forgotten even below `max`', () => {
		const request = triggerInProcess().request();
		request.remember('old', WINDOWED, t0);
		expect(request.remember('old', WINDOWED, t0 + 24 * 60 * MINUTE + 1)).toBe('new');
	});
});
