// Workflows, campaigns, users and followers: the location's lists and what a contact holds of them.
import { startGhlSandbox, type ContactAutomation, type GhlSandbox, type GhlStore } from '../../sandbox/ghl';
import { apiClient, type Api, type ErrorBody } from './ghl-helpers';

let sb: GhlSandbox;
let api: Api;
let locationId: string;
let automation: GhlStore['automation'];

beforeAll(async () => {
	sb = await startGhlSandbox({ rateLimit: { max: 10_000 }, seed: { contacts: 2 } });
	api = apiClient(sb, sb.createPrivateToken());
	locationId = sb.defaultLocationId;
	automation = sb.store.automation;
});

afterAll(() => sb.close());

const newContact = () => sb.store.addContact({ firstName: 'Ada' }).id;
const workflowNamed = (name: string) => automation.listWorkflows(locationId).find((workflow) => workflow.name === name)!;
const campaignNamed = (name: string) => automation.listCampaigns(locationId).find((campaign) => campaign.name === name)!;

async function inspected(contactId: string): Promise<ContactAutomation> {
	const response = await fetch(`${sb.urls.inspect}/contacts/${contactId}`);
	return (await response.json()) as ContactAutomation;
}

describe('seeding', () => {
	it('gives each seeded location the standard workflows, campaigns and users, with ids that stay the same', async () => {
		expect(automation.listWorkflows(locationId).map(({ name, status }) => ({ name, status }))).toEqual([
			{ name: 'Course upsell', status: 'published' },
			{ name: 'Certificate follow-up', status: 'published' },
			{ name: 'Re-engagement', status: 'draft' },
		]);
		expect(automation.listCampaigns(locationId).map((campaign) => campaign.name)).toEqual(['Welcome sequence', 'Webinar reminders']);
		expect(automation.listUsers(locationId).map((user) => [user.id, user.name])).toEqual([
			['SandboxUser000000001', 'Olivia Owner'],
			['SandboxUser000000002', 'Adam Admin'],
			['SandboxUser000000003', 'Uma User'],
		]);

		const again = await startGhlSandbox({ seed: { contacts: 1 } });
		try {
			expect(again.store.automation.listWorkflows(locationId).map((workflow) => workflow.id)).toEqual(
				automation.listWorkflows(locationId).map((workflow) => workflow.id),
			);
			// Seeding them draws nothing from the PRNG: the contacts are those of a seed without them.
			const without = await startGhlSandbox({ seed: { contacts: 1, automation: false } });
			expect(without.store.listContacts(locationId).map((contact) => contact.id)).toEqual(
				again.store.listContacts(locationId).map((contact) => contact.id),
			);
			expect(without.store.automation.listWorkflows(locationId)).toEqual([]);
			await without.close();
		} finally {
			await again.close();
		}
	});
});

describe('GET /workflows/, /campaigns/, /users/', () => {
	it('list the location\'s records in the spec\'s shapes', async () => {
		const workflows = await api.get<{ workflows: unknown[] }>(`/workflows/?locationId=${locationId}`);
		expect(workflows.status).toBe(200);
		expect(workflows.body.workflows).toEqual(
			automation.listWorkflows(locationId).map((workflow) => ({
				id: workflow.id,
				name: workflow.name,
				status: workflow.status,
				version: 1,
				createdAt: workflow.createdAt,
				updatedAt: workflow.updatedAt,
				locationId,
			})),
		);

		const campaigns = await api.get<{ campaigns: unknown[] }>(`/campaigns/?locationId=${locationId}`);
		expect(campaigns.body.campaigns).toContainEqual({ id: campaignNamed('Welcome sequence').id, name: 'Welcome sequence', status: 'published', locationId });

		const users = await api.get<{ users: Array<Record<string, unknown>> }>(`/users/?locationId=${locationId}`);
		expect(users.body.users[0]).toMatchObject({
			id: 'SandboxUser000000001',
			name: 'Olivia Owner',
			firstName: 'Olivia',
			lastName: 'Owner',
			email: 'olivia.owner@example.com',
			roles: { type: 'account', role: 'admin', locationIds: [locationId] },
		});
	});

	it('filter campaigns by status', async () => {
		const drafts = await api.get<{ campaigns: Array<{ name: string }> }>(`/campaigns/?locationId=${locationId}&status=draft`);
		expect(drafts.body.campaigns.map((campaign) => campaign.name)).toEqual(['Webinar reminders']);
	});

	it('need locationId (422), the token\'s location (403) and each its scope (401)', async () => {
		const missing = await api.get<ErrorBody>('/workflows/');
		expect(missing.status).toBe(422);
		expect(missing.body.message).toEqual(['locationId should not be empty']);

		expect((await api.get(`/users/?locationId=OtherLocation0000001`)).status).toBe(403);

		const contactsOnly = apiClient(sb, sb.createPrivateToken({ scopes: ['contacts.readonly', 'contacts.write'] }));
		for (const path of ['/workflows/', '/campaigns/', '/users/']) {
			const refused = await contactsOnly.get<ErrorBody>(`${path}?locationId=${locationId}`);
			expect(refused.status).toBe(401);
			expect(refused.body.message).toBe('The token is not authorized for this scope.');
		}
		const workflowsOnly = apiClient(sb, sb.createPrivateToken({ scopes: ['workflows.readonly'] }));
		expect((await workflowsOnly.get(`/workflows/?locationId=${locationId}`)).status).toBe(200);
		expect((await workflowsOnly.get(`/campaigns/?locationId=${locationId}`)).status).toBe(401);
	});
});

describe('a contact in workflows', () => {
	it('POST enrolls with the eventStartTime as sent; every add is kept; DELETE ends them all', async () => {
		const contactId = newContact();
		const { id: workflowId } = workflowNamed('Course upsell');

		const added = await api.post(`/contacts/${contactId}/workflow/${workflowId}`, { eventStartTime: '2026-06-23T03:30:00+01:00' });
		expect(added.status).toBe(200);
		expect(added.body).toMatchObject({ succeded: true });
		await api.post(`/contacts/${contactId}/workflow/${workflowId}`, {});
		expect((await inspected(contactId)).workflows).toEqual([
			{ workflowId, eventStartTime: '2026-06-23T03:30:00+01:00', addedAt: expect.any(String) },
			{ workflowId, addedAt: expect.any(String) },
		]);

		const removed = await api.del(`/contacts/${contactId}/workflow/${workflowId}`, {});
		expect(removed.status).toBe(200);
		expect(removed.body).toMatchObject({ succeded: true });
		expect((await inspected(contactId)).workflows).toEqual([]);
	});

	it('refuses a body that is missing, has unknown fields or an eventStartTime without an offset (422)', async () => {
		const contactId = newContact();
		const { id: workflowId } = workflowNamed('Course upsell');
		const path = `/contacts/${contactId}/workflow/${workflowId}`;

		const none = await api.request<ErrorBody>('POST', path);
		expect(none.status).toBe(422);
		expect(none.body.message).toEqual(['body must be an object']);
		const extra = await api.post<ErrorBody>(path, { eventStartTime: '2026-06-23T03:30:00Z', startAt: 'now' });
		expect(extra.body.message).toEqual(['property startAt should not exist']);
		for (const eventStartTime of ['2026-06-23T03:30:00', '23/06/2026', '2026-02-30T03:30:00Z']) {
			const bad = await api.post<ErrorBody>(path, { eventStartTime });
			expect([bad.status, bad.body.message]).toEqual([
				422,
				['eventStartTime must be a valid ISO 8601 date string with a time zone offset (e.g. 2021-06-23T03:30:00+01:00)'],
			]);
		}
		expect((await api.request<ErrorBody>('DELETE', path)).status).toBe(422);
		expect((await inspected(contactId)).workflows).toEqual([]);
	});

	it('answers 404 for a workflow it does not know or of another location, and 400 for an unknown contact', async () => {
		const contactId = newContact();
		const elsewhere = automation.addWorkflow({ name: 'Elsewhere', locationId: 'OtherLocation0000001' });
		for (const workflowId of ['NoSuchWorkflow', elsewhere.id]) {
			const missing = await api.post<ErrorBody>(`/contacts/${contactId}/workflow/${workflowId}`, {});
			expect(missing.status).toBe(404);
			expect(missing.body).toMatchObject({ statusCode: 404, message: `Workflow with id ${workflowId} not found` });
		}
		const unknownContact = await api.post<ErrorBody>(`/contacts/NoSuchContact0000000/workflow/${workflowNamed('Course upsell').id}`, {});
		expect(unknownContact.status).toBe(400);
	});

	it('needs contacts.write', async () => {
		const readOnly = apiClient(sb, sb.createPrivateToken({ scopes: ['contacts.readonly', 'workflows.readonly'] }));
		const refused = await readOnly.post<ErrorBody>(`/contacts/${newContact()}/workflow/${workflowNamed('Course upsell').id}`, {});
		expect(refused.status).toBe(401);
	});
});

describe('a contact in campaigns', () => {
	it('POST (body {}) adds with 201, DELETE removes one campaign, removeAll every campaign', async () => {
		const contactId = newContact();
		const welcome = campaignNamed('Welcome sequence').id;
		const webinar = campaignNamed('Webinar reminders').id;

		const added = await api.post(`/contacts/${contactId}/campaigns/${welcome}`, {});
		expect([added.status, added.body]).toEqual([201, expect.objectContaining({ succeded: true })]);
		await api.post(`/contacts/${contactId}/campaigns/${webinar}`, {});
		expect((await inspected(contactId)).campaigns.map((membership) => membership.campaignId)).toEqual([welcome, webinar]);

		const removed = await api.del(`/contacts/${contactId}/campaigns/${welcome}`);
		expect(removed.status).toBe(200);
		expect((await inspected(contactId)).campaigns.map((membership) => membership.campaignId)).toEqual([webinar]);

		await api.post(`/contacts/${contactId}/campaigns/${welcome}`, {});
		const all = await api.del(`/contacts/${contactId}/campaigns/removeAll`);
		expect([all.status, all.body]).toEqual([200, expect.objectContaining({ succeded: true })]);
		expect((await inspected(contactId)).campaigns).toEqual([]);
	});

	it('refuses a POST without a body or with fields (422), and answers 404 for an unknown campaign', async () => {
		const contactId = newContact();
		const welcome = campaignNamed('Welcome sequence').id;
		expect((await api.request('POST', `/contacts/${contactId}/campaigns/${welcome}`)).status).toBe(422);
		const extra = await api.post<ErrorBody>(`/contacts/${contactId}/campaigns/${welcome}`, { status: 'active' });
		expect(extra.body.message).toEqual(['property status should not exist']);
		const missing = await api.post<ErrorBody>(`/contacts/${contactId}/campaigns/NoSuchCampaign`, {});
		expect([missing.status, missing.body.message]).toEqual([404, 'Campaign with id NoSuchCampaign not found']);
		expect((await api.del(`/contacts/${contactId}/campaigns/NoSuchCampaign`)).status).toBe(404);
		expect((await inspected(contactId)).campaigns).toEqual([]);
	});
});

describe('followers of a contact', () => {
	it('POST adds users (201 with followers and followersAdded); DELETE removes them (followersRemoved)', async () => {
		const contactId = newContact();
		const added = await api.post(`/contacts/${contactId}/followers`, { followers: ['SandboxUser000000001', 'SandboxUser000000002'] });
		expect(added.status).toBe(201);
		expect(added.body).toMatchObject({ followers: ['SandboxUser000000001', 'SandboxUser000000002'], followersAdded: ['SandboxUser000000001', 'SandboxUser000000002'] });

		const again = await api.post(`/contacts/${contactId}/followers`, { followers: ['SandboxUser000000002', 'SandboxUser000000003'] });
		expect(again.body).toMatchObject({
			followers: ['SandboxUser000000001', 'SandboxUser000000002', 'SandboxUser000000003'],
			followersAdded: ['SandboxUser000000003'],
		});

		const removed = await api.del(`/contacts/${contactId}/followers`, { followers: ['SandboxUser000000001', 'SandboxUser000000009'] });
		expect(removed.status).toBe(200);
		expect(removed.body).toMatchObject({ followers: ['SandboxUser000000002', 'SandboxUser000000003'], followersRemoved: ['SandboxUser000000001'] });
		expect((await inspected(contactId)).followers).toEqual(['SandboxUser000000002', 'SandboxUser000000003']);
	});

	it('refuses a missing followers list (422) and users not of the location (400)', async () => {
		const contactId = newContact();
		const missing = await api.post<ErrorBody>(`/contacts/${contactId}/followers`, {});
		expect([missing.status, missing.body.message]).toEqual([422, ['followers should not be empty']]);
		const stranger = await api.post<ErrorBody>(`/contacts/${contactId}/followers`, { followers: ['SandboxUser000000001', 'Olivia Owner'] });
		expect([stranger.status, stranger.body.message]).toEqual([400, 'User with id Olivia Owner not found']);
		expect((await inspected(contactId)).followers).toEqual([]);
	});

	it('a deleted contact holds no memberships or followers', async () => {
		const contactId = newContact();
		await api.post(`/contacts/${contactId}/followers`, { followers: ['SandboxUser000000001'] });
		await api.post(`/contacts/${contactId}/campaigns/${campaignNamed('Welcome sequence').id}`, {});
		await api.del(`/contacts/${contactId}`);
		expect(automation.of(contactId)).toEqual({ workflows: [], campaigns: [], followers: [] });
	});
});

describe('inspection', () => {
	it('lists and adds workflows, campaigns and users', async () => {
		const created = await fetch(`${sb.urls.inspect}/workflows`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Made by hand', status: 'draft' }),
		});
		expect(created.status).toBe(201);
		const user = await fetch(`${sb.urls.inspect}/users`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ firstName: 'Nia', lastName: 'New' }),
		});
		expect(((await user.json()) as { user: { email: string } }).user.email).toBe('nia.new@example.com');
		const listed = (await (await fetch(`${sb.urls.inspect}/automation`)).json()) as { workflows: Array<{ name: string }>; users: Array<{ name: string }> };
		expect(listed.workflows.map((workflow) => workflow.name)).toContain('Made by hand');
		expect(listed.users.map((entry) => entry.name)).toContain('Nia New');
	});
});
