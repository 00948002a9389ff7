import type { RecordedRequest } from '../../sandbox/ghl';
import { apiRequests, byId, startGhlTestBed, UNKNOWN_CONTACT_STATUS, type GhlTestBed } from '../harness/ghl';
import { failedItem } from '../harness/errorItems';

const NODE = 'GHL Contacts';

describe('Campaign resource: add a contact to a HighLevel campaign, remove it from one or from all', () => {
	let bed: GhlTestBed;
	let welcome: string;
	let webinar: string;

	beforeAll(async () => {
		bed = await startGhlTestBed();
		bed.sandbox.seed({});
		const campaigns = bed.sandbox.store.automation.listCampaigns(bed.locationId);
		welcome = campaigns.find((campaign) => campaign.name === 'Welcome sequence')!.id;
		webinar = campaigns.find((campaign) => campaign.name === 'Webinar reminders')!.id;
	});
	afterAll(async () => await bed.close());
	beforeEach(() => {
		bed.sandbox.clearRequests();
		bed.sandbox.setFaults({});
	});

	const newContact = () => bed.sandbox.store.addContact({ firstName: 'Ada' }).id;
	const campaignsOf = (contactId: string) => bed.sandbox.store.automation.of(contactId).campaigns.map((membership) => membership.campaignId);

	/** The one API request of the run, with the spec's method, path and Version header. */
	function onlyRequest(method: string, path: string): RecordedRequest {
		const requests = apiRequests(bed.sandbox);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method, path });
		expect(requests[0].headers.version).toBe('2021-07-28');
		return requests[0];
	}

	describe('Add Contact', () => {
		test('POSTs to /contacts/{contactId}/campaigns/{campaignId} with the empty JSON body the spec requires', async () => {
			const contactId = newContact();
			const result = await bed.run({ resource: 'campaign', operation: 'add', contactId: byId(contactId), campaignId: byId(welcome) });

			const request = onlyRequest('POST', `/contacts/${contactId}/campaigns/${welcome}`);
			expect(request.body).toEqual({});
			expect(request.headers['content-type']).toMatch(/application\/json/);
			expect(request.status).toBe(201);
			expect(campaignsOf(contactId)).toEqual([welcome]);
			expect(result.output(NODE).map((item) => item.json)).toEqual([{ contactId, campaignId: welcome, added: true }]);
		});

		test('is not sent again after a lost answer: a campaign that allows a contact twice would start over', async () => {
			const contactId = newContact();
			bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'lostAnswer502' }] });
			const result = await bed.run({ resource: 'campaign', operation: 'add', contactId: byId(contactId), campaignId: byId(welcome) });
			expect(apiRequests(bed.sandbox)).toHaveLength(1);
			expect(campaignsOf(contactId)).toEqual([welcome]);
			expect(result.error(NODE)?.description).toMatch(/not retried, as repeating it could create a duplicate/);
			// The gateway's HTML page is summed up by its title, not quoted.
			expect(result.error(NODE)?.message).toBe(
				'HighLevel answered 502: Bad Gateway (an HTML page from a proxy or gateway, no message from the service)',
			);
		});

		test('an unknown campaign fails with HighLevel\'s 404; with Continue On Fail the other items go on, paired', async () => {
			const contactId = newContact();
			const result = await bed.run(
				{ resource: 'campaign', operation: 'add', contactId: byId(contactId), campaignId: byId('={{ $json.campaign }}') },
				{ items: [{ campaign: 'NoSuchCampaign' }, { campaign: webinar }], continueOnFail: true },
			);
			const output = result.output(NODE);
			expect(output.map((item) => item.json)).toEqual([
				failedItem('HighLevel answered 404: Campaign with id NoSuchCampaign not found', false),
				{ contactId, campaignId: webinar, added: true },
			]);
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(campaignsOf(contactId)).toEqual([webinar]);
		});

		test('an unknown contact fails with HighLevel\'s answer', async () => {
			const result = await bed.run({ resource: 'campaign', operation: 'add', contactId: byId('NoSuchContact0000000'), campaignId: byId(welcome) });
			expect(result.error(NODE)?.message).toBe(`HighLevel answered ${UNKNOWN_CONTACT_STATUS}: Contact with id NoSuchContact0000000 not found`);
		});
	});

	describe('Remove Contact', () => {
		test('DELETEs /contacts/{contactId}/campaigns/{campaignId} without a body; the contact stays in its other campaigns', async () => {
			const contactId = newContact();
			bed.sandbox.store.automation.addToCampaign(contactId, welcome);
			bed.sandbox.store.automation.addToCampaign(contactId, webinar);

			const result = await bed.run({ resource: 'campaign', operation: 'remove', contactId: byId(contactId), campaignId: byId(welcome) });

			const request = onlyRequest('DELETE', `/contacts/${contactId}/campaigns/${welcome}`);
			expect(request.body).toBeUndefined();
			expect(request.status).toBe(200);
			expect(campaignsOf(contactId)).toEqual([webinar]);
			expect(result.output(NODE).map((item) => item.json)).toEqual([{ contactId, campaignId: welcome, removed: true }]);
		});

		test('"removeAll" as a campaign ID fails before any request and points to Remove From All Campaigns', async () => {
			const contactId = newContact();
			bed.sandbox.store.automation.addToCampaign(contactId, welcome);
			const result = await bed.run(
				{ resource: 'campaign', operation: 'remove', contactId: byId(contactId), campaignId: byId('={{ $json.campaign }}') },
				{ items: [{ campaign: 'removeAll' }] },
			);
			expect(result.error(NODE)?.message).toBe('Campaign "removeAll" is not a campaign ID');
			expect(result.error(NODE)?.description).toContain('"Remove From All Campaigns"');
			expect(apiRequests(bed.sandbox)).toEqual([]);
			expect(campaignsOf(contactId)).toEqual([welcome]);
		});

		test.each([
			['', 'Campaign is empty'],
			['x?y', 'Campaign must not contain "/", "\\", "?", "#" or "%"'],
		])('a campaign id of %j from an expression fails naming the field, before any request', async (campaign, message) => {
			const result = await bed.run(
				{ resource: 'campaign', operation: 'remove', contactId: byId(newContact()), campaignId: byId('={{ $json.campaign }}') },
				{ items: [{ campaign }] },
			);
			expect(result.error(NODE)?.message).toBe(message);
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});
	});

	describe('Remove From All Campaigns', () => {
		test('DELETEs /contacts/{contactId}/campaigns/removeAll without a body; the contact is in no campaign', async () => {
			const contactId = newContact();
			bed.sandbox.store.automation.addToCampaign(contactId, welcome);
			bed.sandbox.store.automation.addToCampaign(contactId, webinar);

			const result = await bed.run({ resource: 'campaign', operation: 'removeAll', contactId: byId(contactId) });

			const request = onlyRequest('DELETE', `/contacts/${contactId}/campaigns/removeAll`);
			expect(request.body).toBeUndefined();
			expect(request.status).toBe(200);
			expect(campaignsOf(contactId)).toEqual([]);
			expect(result.output(NODE).map((item) => item.json)).toEqual([{ contactId, removedFromAllCampaigns: true }]);
		});

		test('is retried after a lost answer, as a repeat changes nothing', async () => {
			const contactId = newContact();
			bed.sandbox.store.automation.addToCampaign(contactId, welcome);
			bed.sandbox.setFaults({ schedule: [{ atRequest: 1, kind: 'lostAnswer502' }] });
			const result = await bed.run({ resource: 'campaign', operation: 'removeAll', contactId: byId(contactId) });
			expect(result.error(NODE)).toBeUndefined();
			expect(apiRequests(bed.sandbox).map((request) => request.status)).toEqual([502, 200]);
			expect(campaignsOf(contactId)).toEqual([]);
		});
	});
});
