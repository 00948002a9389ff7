import type { RecordedRequest } from '../../sandbox/ghl';
import { apiRequests, byId, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { failedItem } from '../harness/errorItems';

const NODE = 'GHL Contacts';
const OLIVIA = 'SandboxUser000000001';
const ADAM = 'SandboxUser000000002';
const UMA = 'SandboxUser000000003';

describe('Follower resource: users of the sub-account following a contact', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed();
		bed.sandbox.seed({});
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.sandbox.clearRequests();
		bed.sandbox.setFaults({});
	});

	const newContact = (followers: string[] = []) => {
		const contactId = bed.sandbox.store.addContact({ firstName: 'Ada' }).id;
		if (followers.length > 0) bed.sandbox.store.automation.addFollowers(contactId, followers);
		return contactId;
	};
	const followersOf = (contactId: string) => bed.sandbox.store.automation.of(contactId).followers;

	function onlyRequest(method: string, path: string): RecordedRequest {
		const requests = apiRequests(bed.sandbox);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method, path });
		expect(requests[0].headers.version).toBe('2021-07-28');
		expect(requests[0].headers['content-type']).toMatch(/application\/json/);
		return requests[0];
	}

	describe('Add', () => {
		test('POSTs {followers: [user ids]}; output has HighLevel\'s followers and followersAdded', async () => {
			const contactId = newContact([OLIVIA]);
			const result = await bed.run({ resource: 'follower', operation: 'add', contactId: byId(contactId), followers: [OLIVIA, ADAM] });

			const request = onlyRequest('POST', `/contacts/${contactId}/followers`);
			expect(request.body).toEqual({ followers: [OLIVIA, ADAM] });
			expect(request.status).toBe(201);
			expect(followersOf(contactId)).toEqual([OLIVIA, ADAM]);
			expect(result.output(NODE).map((item) => item.json)).toEqual([{ contactId, followers: [OLIVIA, ADAM], followersAdded: [ADAM] }]);
		});

		test.each([
			['a list', '={{ $json.users }}', { users: [UMA, ADAM, UMA] }, [UMA, ADAM]],
			['one comma-separated string', '={{ $json.users }}', { users: `${UMA}, ${ADAM}` }, [UMA, ADAM]],
		])('user ids from an expression as %s are sent once each', async (_what, followers, item, sent) => {
			const contactId = newContact();
			await bed.run({ resource: 'follower', operation: 'add', contactId: byId(contactId), followers }, { items: [item] });
			expect(apiRequests(bed.sandbox)[0].body).toEqual({ followers: sent });
			expect(followersOf(contactId)).toEqual(sent);
		});

		test('is retried after a lost answer: followers are a set, so the repeat adds nobody twice', async () => {
			const contactId = newContact();
			bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'lostAnswer502' }] });
			const result = await bed.run({ resource: 'follower', operation: 'add', contactId: byId(contactId), followers: [UMA] });
			expect(result.error(NODE)).toBeUndefined();
			expect(apiRequests(bed.sandbox).map((request) => request.status)).toEqual([502, 201]);
			expect(followersOf(contactId)).toEqual([UMA]);
			expect(result.output(NODE)[0].json).toEqual({ contactId, followers: [UMA], followersAdded: [] });
		});

		test.each([
			['an empty list', '={{ [] }}', 'Followers is empty'],
			['a blank string', '={{ " , " }}', 'Followers is empty'],
			['a name instead of an id', '={{ "Olivia Owner" }}', 'Follower "Olivia Owner" is not a user ID'],
		])('%s fails before any request', async (_what, followers, message) => {
			const result = await bed.run({ resource: 'follower', operation: 'add', contactId: byId(newContact()), followers });
			expect(result.error(NODE)?.message).toBe(message);
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});

		test('a user of another location fails with HighLevel\'s answer; Continue On Fail keeps the other items, paired', async () => {
			const contactId = newContact();
			const result = await bed.run(
				{ resource: 'follower', operation: 'add', contactId: byId(contactId), followers: '={{ $json.user }}' },
				{ items: [{ user: 'SomeoneElsesUser0001' }, { user: ADAM }], continueOnFail: true },
			);
			const output = result.output(NODE);
			expect(output.map((item) => item.json)).toEqual([
				failedItem('HighLevel answered 400: User with id SomeoneElsesUser0001 not found', false),
				{ contactId, followers: [ADAM], followersAdded: [ADAM] },
			]);
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		});
	});

	describe('Remove', () => {
		test('DELETEs with {followers} in the body; output has followers and followersRemoved', async () => {
			const contactId = newContact([OLIVIA, ADAM, UMA]);
			const result = await bed.run({ resource: 'follower', operation: 'remove', contactId: byId(contactId), followers: [ADAM, 'NeverFollowed0000001'] });

			const request = onlyRequest('DELETE', `/contacts/${contactId}/followers`);
			expect(request.body).toEqual({ followers: [ADAM, 'NeverFollowed0000001'] });
			expect(request.status).toBe(200);
			expect(followersOf(contactId)).toEqual([OLIVIA, UMA]);
			expect(result.output(NODE).map((item) => item.json)).toEqual([{ contactId, followers: [OLIVIA, UMA], followersRemoved: [ADAM] }]);
		});

		test('an empty list fails before any request', async () => {
			const result = await bed.run({ resource: 'follower', operation: 'remove', contactId: byId(newContact([OLIVIA])), followers: '={{ [] }}' });
			expect(result.error(NODE)?.message).toBe('Followers is empty');
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});
	});
});
