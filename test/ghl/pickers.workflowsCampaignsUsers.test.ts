import { getUsers } from '../../nodes/GhlContacts/methods/loadOptions';
import { searchCampaigns, searchUsers, searchWorkflows } from '../../nodes/GhlContacts/methods/listSearch';
import { apiRequests, byId, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { editorContext } from '../harness/ghlEditor';

const NODE = 'GHL Contacts';
const LISTS = ['workflows.readonly', 'campaigns.readonly', 'users.readonly'];
const WRITE = ['contacts.readonly', 'contacts.write'];

type Picker = typeof searchWorkflows;

/** Opens a picker of the node as the editor does, on the given operation and credential. */
async function pick(bed: GhlTestBed, picker: Picker, filter?: string, auth: 'pit' | 'oauth' = 'pit') {
	const [resource, path] =
		picker === searchWorkflows ? ['workflow', 'parameters.workflowId'] : picker === searchCampaigns ? ['campaign', 'parameters.campaignId'] : ['task', 'parameters.additionalFields.assignedTo'];
	return await picker.call(editorContext(bed, { resource, operation: resource === 'task' ? 'create' : 'add' }, path, auth), filter);
}

async function failure(promise: Promise<unknown>): Promise<{ message: string; description: string }> {
	const error = (await promise.then(
		() => undefined,
		(caught: unknown) => caught,
	)) as { message?: string; description?: string } | undefined;
	expect(error).toBeDefined();
	return { message: String(error?.message), description: String(error?.description) };
}

describe('the Workflow, Campaign and user pickers (From List)', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed({ scopes: [...WRITE, ...LISTS] });
		bed.sandbox.seed({});
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	test("workflows: GET /workflows/?locationId=<the credential's> with Version, named with their status, by name", async () => {
		const { results } = await pick(bed, searchWorkflows);

		const [request] = apiRequests(bed.sandbox);
		expect(request).toMatchObject({ method: 'GET', path: '/workflows/', query: { locationId: bed.locationId }, status: 200 });
		expect(request.headers.version).toBe('2021-07-28');
		const byName = (name: string) => bed.sandbox.store.automation.listWorkflows(bed.locationId).find((workflow) => workflow.name === name)!.id;
		expect(results).toEqual([
			{ name: 'Certificate follow-up (published)', value: byName('Certificate follow-up') },
			{ name: 'Course upsell (published)', value: byName('Course upsell') },
			{ name: 'Re-engagement (draft)', value: byName('Re-engagement') },
		]);
	});

	test('the typed text filters the list by name, in any case (the API has no search parameter)', async () => {
		expect((await pick(bed, searchWorkflows, 'COURSE')).results.map((result) => result.name)).toEqual(['Course upsell (published)']);
		expect(apiRequests(bed.sandbox)[0].query).toEqual({ locationId: bed.locationId });
		expect((await pick(bed, searchWorkflows, 'nothing like it')).results).toEqual([]);
	});

	test('campaigns: GET /campaigns/?locationId=, named with their status', async () => {
		const { results } = await pick(bed, searchCampaigns, 'welcome');
		expect(apiRequests(bed.sandbox)[0]).toMatchObject({ method: 'GET', path: '/campaigns/', query: { locationId: bed.locationId } });
		const welcome = bed.sandbox.store.automation.listCampaigns(bed.locationId).find((campaign) => campaign.name === 'Welcome sequence')!;
		expect(results).toEqual([{ name: 'Welcome sequence (published)', value: welcome.id }]);
	});

	test('users: GET /users/?locationId=, named with their email; the typed text matches the email too', async () => {
		const all = await pick(bed, searchUsers);
		expect(apiRequests(bed.sandbox)[0]).toMatchObject({ method: 'GET', path: '/users/', query: { locationId: bed.locationId } });
		expect(all.results).toEqual([
			{ name: 'Adam Admin (adam.admin@example.com)', value: 'SandboxUser000000002' },
			{ name: 'Olivia Owner (olivia.owner@example.com)', value: 'SandboxUser000000001' },
			{ name: 'Uma User (uma.user@example.com)', value: 'SandboxUser000000003' },
		]);
		expect((await pick(bed, searchUsers, 'uma.user@')).results.map((result) => result.value)).toEqual(['SandboxUser000000003']);
	});

	test("the Followers dropdown lists the same users as options", async () => {
		const options = await getUsers.call(editorContext(bed, { resource: 'follower', operation: 'add' }, 'parameters.followers'));
		expect(options.map((option) => option.name)).toEqual([
			'Adam Admin (adam.admin@example.com)',
			'Olivia Owner (olivia.owner@example.com)',
			'Uma User (uma.user@example.com)',
		]);
	});

	test('only the location\'s own records are listed', async () => {
		const other = bed.sandbox.addLocation({ id: 'OtherLocation0000001' });
		bed.sandbox.store.automation.addWorkflow({ name: 'Not ours', locationId: other.id });
		const { results } = await pick(bed, searchWorkflows, 'not ours');
		expect(results).toEqual([]);
	});
});

describe('without the list scopes', () => {
	test('Private Integration token: the picker error names the scope to give the token, and that "By ID" works', async () => {
		const bed = await startGhlTestBed({ scopes: WRITE });
		try {
			for (const [picker, scope] of [
				[searchWorkflows, 'workflows.readonly'],
				[searchCampaigns, 'campaigns.readonly'],
				[searchUsers, 'users.readonly'],
			] as const) {
				const { message, description } = await failure(pick(bed, picker));
				expect(message).toBe('HighLevel answered 401: The token is not authorized for this scope.');
				expect(description).toContain(`The Private Integration token lacks the ${scope} scope`);
				expect(description).toContain(`add ${scope}`);
				expect(description).toContain('"By ID"');
			}
		} finally {
			await bed.close();
		}
	});

	test('OAuth2: the error names the credential option to tick, says to reconnect, and that "By ID" works', async () => {
		const bed = await startGhlTestBed({ scopes: WRITE, oauthScopes: WRITE });
		try {
			for (const [picker, option] of [
				[searchWorkflows, 'Allow Listing Workflows'],
				[searchCampaigns, 'Allow Listing Campaigns'],
				[searchUsers, 'Allow Listing Users'],
			] as const) {
				const { description } = await failure(pick(bed, picker, undefined, 'oauth'));
				expect(description).toContain(`Tick "${option}" in the GHL OAuth2 credential`);
				expect(description).toMatch(/then reconnect it/);
				expect(description).toContain('"By ID"');
			}
			const followers = await failure(
				getUsers.call(editorContext(bed, { resource: 'follower', operation: 'add' }, 'parameters.followers', 'oauth')),
			);
			// A dropdown's error shows only its message in the editor: the fix is in it.
			expect(followers.message).toContain('Tick "Allow Listing Users"');
			expect(followers.message).toMatch(/then reconnect it/);
			expect(followers.message).toContain('an expression for followers');
		} finally {
			await bed.close();
		}
	});

	test('"By ID" needs no list scope: a run with ids only sends the write request', async () => {
		const bed = await startGhlTestBed({ scopes: WRITE });
		try {
			bed.sandbox.seed({});
			const [workflow] = bed.sandbox.store.automation.listWorkflows(bed.locationId);
			const contactId = bed.sandbox.store.addContact({ firstName: 'Ada' }).id;
			const result = await bed.run({ resource: 'workflow', operation: 'add', contactId: byId(contactId), workflowId: byId(workflow.id) });
			expect(result.error(NODE)).toBeUndefined();
			expect(apiRequests(bed.sandbox).map((request) => `${request.method} ${request.path}`)).toEqual([
				`POST /contacts/${contactId}/workflow/${workflow.id}`,
			]);
			expect(bed.sandbox.store.automation.of(contactId).workflows).toHaveLength(1);
		} finally {
			await bed.close();
		}
	});
});
