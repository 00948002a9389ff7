import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { rememberDelivery } from '../../nodes/shared/webhook';

// n8n reads a workflow's static data from the database for every webhook request and saves it
// whole when the request is done. Deliveries that arrive together therefore each start from the
// same saved copy, and the last one to finish overwrites what the others saved. The GHL, Skilljar
// and OCH triggers remember delivery ids through rememberDelivery(); these tests play n8n's part.
const MEMORY = { max: 1000, ttlMs: 24 * 3600 * 1000 };

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
			getNode: () => ({ id: 'trigger-node', name: 'GHL Trigger' }),
			getWorkflow: () => ({ id: workflowId }),
		} as unknown as IWebhookFunctions;
		return {
			remember: (key: string) => rememberDelivery(ctx, key, MEMORY),
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
		expect(first.remember('delivery-1')).toBe(true);
		expect(second.remember('delivery-2')).toBe(true);
		second.save();
		first.save();

		expect(Object.keys(trigger.saved().seenDeliveries as object).sort()).toEqual(['delivery-1', 'delivery-2']);
		const repeat = trigger.request();
		expect(repeat.remember('delivery-1')).toBe(false);
		expect(repeat.remember('delivery-2')).toBe(false);
	});

	test('500 at once: a repeat of any of them is a duplicate', () => {
		const trigger = triggerInProcess();
		const requests = Array.from({ length: 500 }, () => trigger.request());
		expect(requests.map((r, i) => r.remember(`delivery-${i}`)).every(Boolean)).toBe(true);
		for (const r of requests.reverse()) r.save();

		expect(Object.keys(trigger.saved().seenDeliveries as object)).toHaveLength(500);
		const repeat = trigger.request();
		expect(Array.from({ length: 500 }, (_, i) => repeat.remember(`delivery-${i}`)).some(Boolean)).toBe(false);
	});

	test('the same id arriving twice at once starts one workflow', () => {
		const trigger = triggerInProcess();
		const [a, b] = [trigger.request(), trigger.request()];
		expect([a.remember('delivery-x'), b.remember('delivery-x')]).toEqual([true, false]);
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
			getNode: () => ({ id: 'trigger-node', name: 'GHL Trigger' }),
			getWorkflow: () => ({ id: 'restarted-workflow' }),
		} as unknown as IWebhookFunctions;
		expect(rememberDelivery(ctx, 'delivery-1', MEMORY)).toBe(false);
		expect(rememberDelivery(ctx, 'delivery-2', MEMORY)).toBe(true);
	});
});
