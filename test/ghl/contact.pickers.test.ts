import type { INodeParameters } from 'n8n-workflow';

import { searchContacts } from '../../nodes/GhlContacts/methods/listSearch';
import { getCustomFields } from '../../nodes/GhlContacts/methods/loadOptions';
import { SCOPE_OPTIONS } from '../../nodes/GhlContacts/transport/scopes';
import { apiRequests, byId, startGhlTestBed, type GhlTestBed } from '../harness/ghl';
import { editorContext } from '../harness/ghlEditor';

const NODE = 'GHL Contacts';
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };

async function listCustomFields(
	bed: GhlTestBed,
	parameters: INodeParameters,
	auth: 'pit' | 'oauth' = 'pit',
) {
	return await getCustomFields.call(
		editorContext(bed, parameters, 'parameters.contactFields.customFields', auth),
	);
}

async function failure(promise: Promise<unknown>): Promise<{ message: string }> {
	const error = await promise.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(Error);
	return { message: (error as Error).message };
}

describe('custom fields', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed(FAST);
		bed.sandbox.store.addCustomField({
			locationId: bed.locationId,
			name: 'Membership Level',
			dataType: 'SINGLE_OPTIONS',
		});
		bed.sandbox.store.addCustomField({
			locationId: bed.locationId,
			name: 'Course Score',
			dataType: 'NUMERICAL',
		});
		bed.sandbox.store.addCustomField({
			locationId: bed.locationId,
			name: 'Interests',
			dataType: 'MULTIPLE_OPTIONS',
		});
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	test("the dropdown lists the credential's location's fields by name, with their id as value", async () => {
		const options = await listCustomFields(bed, { operation: 'update' });

		const fields = bed.sandbox.store.listCustomFields(bed.locationId);
		expect(options).toEqual(
			[...fields]
				.sort((a, b) => a.name.localeCompare(b.name))
				.map((field) => ({
					name: field.name,
					value: field.id,
					description: `${field.fieldKey} · ${field.dataType}`,
				})),
		);
		const [request] = apiRequests(bed.sandbox);
		expect(request).toMatchObject({
			method: 'GET',
			path: `/locations/${bed.locationId}/customFields`,
			status: 200,
		});
		expect(request.headers).toMatchObject({
			version: '2021-07-28',
			authorization: `Bearer ${bed.pit}`,
		});
	});

	test("the node's Location ID wins over the credential's", async () => {
		await expect(
			listCustomFields(bed, { operation: 'create', locationId: 'OtherLocation000001' }),
		).rejects.toThrow('HighLevel answered 403');
		expect(apiRequests(bed.sandbox).map((request) => request.path)).toEqual([
			'/locations/OtherLocation000001/customFields',
		]);
	});

	// n8n's editor shows only the message of a dropdown's error ("There was a problem loading the
	// parameter options from server: <message>"), so the fix must be in the message itself.
	test('without the locations/customFields.readonly scope, a Private Integration token: the message names the scope to add to the token', async () => {
		const narrow = await startGhlTestBed({
			...FAST,
			scopes: ['contacts.readonly', 'contacts.write'],
		});
		try {
			const { message } = await failure(listCustomFields(narrow, { operation: 'create' }));
			expect(message).toMatch(
				/^HighLevel answered 401: The token is not authorized for this scope\. The Private Integration token lacks the locations\/customFields\.readonly scope/,
			);
			expect(message).toContain('add locations/customFields.readonly');
			expect(message).toContain('give the field ID by expression');
		} finally {
			await narrow.close();
		}
	});

	test('without it, an OAuth2 credential: the message names the option to tick and that a reconnect follows', async () => {
		const narrow = await startGhlTestBed({
			...FAST,
			oauthScopes: ['contacts.readonly', 'contacts.write'],
		});
		try {
			const { message } = await failure(
				listCustomFields(narrow, { operation: 'create' }, 'oauth'),
			);
			expect(message).toContain(`Tick "${SCOPE_OPTIONS['locations/customFields.readonly']}"`);
			expect(SCOPE_OPTIONS['locations/customFields.readonly']).toBe(
				'Allow Reading Custom Field Definitions',
			);
			expect(message).toMatch(/then reconnect it/);
			// n8n refreshes an OAuth2 token on a 401 and tries once more; the new token has no more scopes.
			expect(new Set(apiRequests(narrow.sandbox).map((request) => request.status))).toEqual(
				new Set([401]),
			);
		} finally {
			await narrow.close();
		}
	});

	test('values picked from the list or given by ID reach the API as [{id, field_value}] and are stored', async () => {
		const [level, score, interests] = bed.sandbox.store.listCustomFields(bed.locationId);
		const contact = bed.sandbox.store.addContact({ firstName: 'Cus', email: 'custom@example.com' });
		const result = await bed.run(
			{
				resource: 'contact',
				operation: 'update',
				contactId: byId(contact.id),
				updateFields: {
					customFields: {
						field: [
							{ fieldId: level.id, value: 'Gold' },
							{ fieldId: '={{ $json.scoreFieldId }}', value: '={{ $json.score }}' },
							{ fieldId: interests.id, value: '={{ ["python", "n8n"] }}' },
							{ fieldId: level.id.replace(/.$/, 'x'), value: '' },
						],
					},
				},
			},
			{ items: [{ scoreFieldId: score.id, score: 87 }] },
		);

		expect(result.error(NODE)).toBeUndefined();
		expect(apiRequests(bed.sandbox)[0].body).toEqual({
			customFields: [
				{ id: level.id, field_value: 'Gold' },
				{ id: score.id, field_value: 87 },
				{ id: interests.id, field_value: ['python', 'n8n'] },
			],
		});
		expect(bed.sandbox.store.getContact(contact.id)?.customFields).toEqual([
			{ id: level.id, value: 'Gold' },
			{ id: score.id, value: 87 },
			{ id: interests.id, value: ['python', 'n8n'] },
		]);
		expect(result.output(NODE)[0].json.customFields).toEqual(
			bed.sandbox.store.getContact(contact.id)?.customFields,
		);
	});
});

describe('the contact picker (From List)', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed(FAST);
		bed.sandbox.seed({ contacts: 80 });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	test.each(['update', 'delete', 'get'])(
		"on %s (no Location ID field) searches the credential's location",
		async (operation) => {
			const context = editorContext(bed, { operation }, 'parameters.contactId');
			const first = await searchContacts.call(context, 'smith');

			const [request] = apiRequests(bed.sandbox);
			expect(request).toMatchObject({ method: 'POST', path: '/contacts/search', status: 200 });
			expect(request.body).toEqual({
				locationId: bed.locationId,
				pageLimit: 50,
				page: 1,
				query: 'smith',
			});
			const expected = bed.sandbox.store
				.listContacts(bed.locationId)
				.filter((c) => c.lastName?.toLowerCase().includes('smith'));
			expect(first.results.map((result) => result.value).sort()).toEqual(
				expected.map((c) => c.id).sort(),
			);
		},
	);
});
