import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../harness/engine';
import { API_KEY_CREDENTIAL_ID, NODE, startSkilljarTestBed, type SkilljarTestBed } from '../harness/skilljar';

const OTHER_KEY_CREDENTIAL_ID = 'skilljar-other-key';

/** Resolves once `condition` holds (checked every 5 ms). */
async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('Skilljar rate buckets are per credential, and a Retry-After beyond 120 s fails the item', () => {
	let bed: SkilljarTestBed;
	let learnerIds: string[];

	beforeEach(async () => {
		bed = await startSkilljarTestBed();
		learnerIds = [0, 1, 2].map((i) => bed.sandbox.store.addUser({ email: `bucket.${i}@example.com` }).id);
		// A second tenant's key on the same API host, stored as a credential of its own.
		bed.credentials.add({
			id: OTHER_KEY_CREDENTIAL_ID,
			name: 'Other tenant key',
			type: 'skilljarApi',
			data: { apiKey: bed.sandbox.createApiKey(), domain: bed.domain, baseUrl: bed.sandbox.url },
		});
	});
	afterEach(async () => await bed.close());

	function getLearners(credentialId: string, ids: string[]) {
		return singleNodeWorkflow({
			type: `${PACKAGE}.skilljar`,
			name: NODE,
			parameters: {
				authentication: 'apiKey',
				resource: 'learner',
				operation: 'get',
				learner: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				requestOptions: { concurrency: 1 },
			},
			credentials: { skilljarApi: { id: credentialId, name: credentialId } },
			items: ids.map((id) => ({ id })),
		});
	}

	test("one key's 429 pauses only that key: another credential on the same host goes on", async () => {
		// One request per minute per key, and a Retry-After the node honours (under the cap).
		bed.sandbox.configure({ rateLimit: { max: 1, intervalMs: 60_000, retryAfterSec: 100 } });
		let cancel = () => undefined as void;
		const throttled = runWorkflow(getLearners(API_KEY_CREDENTIAL_ID, learnerIds), bed.credentials, undefined, (stop) => (cancel = stop));
		await until(() => bed.sandbox.requests.some((request) => request.status === 429));

		const other = await runWorkflow(getLearners(OTHER_KEY_CREDENTIAL_ID, learnerIds.slice(0, 1)), bed.credentials);
		expect(other.error(NODE)).toBeUndefined();
		expect(other.output(NODE).map((item) => item.json.id)).toEqual(learnerIds.slice(0, 1));
		expect(bed.sandbox.requests.map((request) => request.status)).toEqual([200, 429, 200]);

		cancel();
		await throttled;
	}, 30_000);

	test('Retry-After: 86400 fails the item at once, naming the wait Skilljar asked for', async () => {
		bed.sandbox.configure({ rateLimit: { max: 1, intervalMs: 60_000, retryAfterSec: 86_400 } });
		const result = await runWorkflow(getLearners(API_KEY_CREDENTIAL_ID, learnerIds.slice(0, 2)), bed.credentials);
		const error = result.error(NODE);
		expect(error?.message).toBe('Skilljar asked to wait 86400 s before the next request (Retry-After), more than the 120 s this node waits');
		expect(error?.description).toBe('Run the workflow again after that time. Other credentials are not held up.');
		expect(bed.sandbox.requests.map((request) => request.status)).toEqual([200, 429]);
	}, 30_000);
});
