import { runWorkflow, singleNodeWorkflow } from '../harness/engine';
import { apiRequests, PIT_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from '../harness/ghl';

const NODE = 'GHL Contacts';

/** Resolves once `condition` holds (checked every 5 ms). */
async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('a cancelled execution stops: no more items, no governor waits, no retry sleeps', () => {
	let bed: GhlTestBed;

	beforeEach(async () => {
		// 6 requests per 4 s: alone, the governor sends 2 per half interval, then waits for budget.
		bed = await startGhlTestBed({ rateLimit: { max: 6, intervalMs: 4_000 } });
		bed.sandbox.seed({ contacts: 12 });
	});
	afterEach(async () => await bed.close());

	function getContacts(ids: string[]) {
		return singleNodeWorkflow({
			parameters: {
				authentication: 'privateIntegrationToken',
				resource: 'contact',
				operation: 'get',
				contactId: '={{ $json.id }}',
				requestOptions: { concurrency: 1 },
			},
			credentials: { ghlPrivateIntegrationApi: { id: PIT_CREDENTIAL_ID, name: 'GHL sandbox token' } },
			items: ids.map((id) => ({ id })),
			continueOnFail: true,
		});
	}

	test('cancelled while items wait for rate budget: the node stops at once, the sandbox gets nothing more, and the next execution runs', async () => {
		const ids = bed.sandbox.store.listContacts(bed.locationId).map((contact) => contact.id);
		let cancel = () => undefined as void;
		const cancelled = runWorkflow(getContacts(ids), bed.credentials, undefined, (stop) => (cancel = stop));
		// Two requests answered, the third item waits in the governor for the next half interval.
		await until(() => apiRequests(bed.sandbox).length === 2);
		cancel();
		const result = await cancelled;

		expect(result.run.status).toBe('canceled');
		// The node failed as a whole; no item after the cancel ran (none is an error item "canceled").
		expect(result.error(NODE)?.message).toBe('The execution was canceled');
		expect(result.output(NODE).filter((item) => item.json.error !== undefined)).toEqual([]);
		expect(apiRequests(bed.sandbox)).toHaveLength(2);

		// The governor holds nothing of the cancelled run: another execution gets its items through.
		const next = await runWorkflow(getContacts(ids.slice(0, 3)), bed.credentials);
		expect(next.error(NODE)).toBeUndefined();
		expect(next.output(NODE).map((item) => item.json.id)).toEqual(ids.slice(0, 3));
		expect(apiRequests(bed.sandbox).map((request) => request.status)).toEqual([200, 200, 200, 200, 200]);
	});

	test('cancelled during a retry sleep: the sleep ends and nothing is sent again', async () => {
		const ids = bed.sandbox.store.listContacts(bed.locationId).map((contact) => contact.id);
		// Every request meets a gateway error: the item retries with growing sleeps.
		bed.sandbox.setFaults({ rate: { status5xx: 1 } });
		let cancel = () => undefined as void;
		const cancelled = runWorkflow(getContacts(ids.slice(0, 1)), bed.credentials, undefined, (stop) => (cancel = stop));
		await until(() => apiRequests(bed.sandbox).length === 2);
		cancel();
		const result = await cancelled;
		expect(result.error(NODE)?.message).toBe('The execution was canceled');
		expect(apiRequests(bed.sandbox)).toHaveLength(2);
	});
});
