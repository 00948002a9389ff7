// Contact → Get with "Custom Fields by Name": a workflow can read a custom field by the name a
// user sees in HighLevel (e.g. "Lead Score") instead of its id.
import { apiRequests, byId, startGhlTestBed, type GhlTestBed } from '../harness/ghl';

const NODE = 'GHL Contacts';
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };

describe('Contact → Get, Custom Fields by Name', () => {
	let bed: GhlTestBed;
	let leadScoreId: string;

	beforeAll(async () => {
		bed = await startGhlTestBed(FAST);
		const { store } = bed.sandbox;
		leadScoreId = store.addCustomField({
			locationId: bed.locationId,
			name: 'Lead Score',
			dataType: 'NUMERICAL',
		}).id;
		store.addCustomField({ locationId: bed.locationId, name: 'Favourite Topic' });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const get = (contactIds: string[], options: { customFieldsByName?: boolean }) =>
		bed.run(
			{
				resource: 'contact',
				operation: 'get',
				contactId: byId('={{ $json.contactId }}'),
				options,
			},
			{ items: contactIds.map((contactId) => ({ contactId })) },
		);

	test("every field of the location by its name, with the contact's value or null; the field list is read once per run", async () => {
		const { store } = bed.sandbox;
		const scored = store.createContact(bed.locationId, {
			firstName: 'Sophie',
			email: 'sophie.fields@example.com',
			customFields: [{ id: leadScoreId, field_value: 72 }],
		});
		const unscored = store.createContact(bed.locationId, {
			firstName: 'Tim',
			email: 'tim.fields@example.com',
		});

		const result = await get([scored.id, unscored.id], { customFieldsByName: true });

		expect(result.output(NODE).map((item) => item.json.customFieldsByName)).toEqual([
			{ 'Lead Score': 72, 'Favourite Topic': null },
			{ 'Lead Score': null, 'Favourite Topic': null },
		]);
		// Each field's id under its name, so a workflow can write a field it knows by name.
		expect(result.output(NODE)[1].json.customFieldIdsByName).toEqual({
			'Lead Score': leadScoreId,
			'Favourite Topic': expect.any(String),
		});
		// The id-keyed list stays as HighLevel gives it.
		expect(result.output(NODE)[0].json.customFields).toEqual([{ id: leadScoreId, value: 72 }]);
		expect(
			apiRequests(bed.sandbox).map((request) => `${request.method} ${request.path}`),
		).toEqual([
			`GET /contacts/${scored.id}`,
			`GET /contacts/${unscored.id}`,
			`GET /locations/${bed.locationId}/customFields`,
		]);
		expect(
			apiRequests(bed.sandbox).find((request) => request.path.startsWith('/locations/'))?.query,
		).toMatchObject({ model: 'contact' });
	});

	test('off (the default): no field list is read and the output has no customFieldsByName', async () => {
		const contact = bed.sandbox.store.createContact(bed.locationId, { firstName: 'Ada' });
		const result = await get([contact.id], {});
		expect(result.output(NODE)[0].json).not.toHaveProperty('customFieldsByName');
		expect(result.output(NODE)[0].json).not.toHaveProperty('customFieldIdsByName');
		expect(apiRequests(bed.sandbox).map((request) => request.path)).toEqual([
			`/contacts/${contact.id}`,
		]);
	});

	/** Contact → Get with Custom Fields by Name, on a credential that has only the contacts scopes. */
	const withoutFieldScope = async (auth: 'pit' | 'oauth') => {
		const contactScopes = ['contacts.readonly', 'contacts.write'];
		const narrow = await startGhlTestBed({
			...FAST,
			...(auth === 'pit' ? { scopes: contactScopes } : { oauthScopes: contactScopes }),
		});
		try {
			const contact = narrow.sandbox.store.createContact(narrow.locationId, { firstName: 'Ada' });
			const result = await narrow.run(
				{
					resource: 'contact',
					operation: 'get',
					contactId: byId(contact.id),
					options: { customFieldsByName: true },
				},
				{ auth },
			);
			return result.error(NODE);
		} finally {
			await narrow.close();
		}
	};

	test('without the locations/customFields.readonly scope the node fails and says which scope to add', async () => {
		const error = await withoutFieldScope('pit');
		expect(error?.message).toBe(
			'HighLevel answered 401: The token is not authorized for this scope.',
		);
		expect(error?.description).toContain('add locations/customFields.readonly');
		expect(error?.description).toContain('turn "Custom Fields by Name" off');
	});

	test('with an OAuth2 credential without it, the error names the option to tick and that a reconnect follows', async () => {
		const description = (await withoutFieldScope('oauth'))?.description;
		expect(description).toContain('Tick "Allow Reading Custom Field Definitions"');
		expect(description).toMatch(/then reconnect it/);
	});
});
