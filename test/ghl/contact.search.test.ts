import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Contact } from '../../sandbox/ghl';
import { apiRequests, startGhlTestBed, type GhlTestBed } from '../harness/ghl';

const NODE = 'GHL Contacts';
const FAST = { rateLimit: { max: 10_000, intervalMs: 10_000 } };

function condition(field: string, operator: string, extra: INodeParameters = {}): INodeParameters {
	return { field, operator, ...extra };
}

function group(match: 'AND' | 'OR', ...conditions: INodeParameters[]): INodeParameters {
	return { match, conditions: { condition: conditions } };
}

/** HighLevel's default order: newest first, the id breaking ties. */
function newestFirst(a: Contact, b: Contact): number {
	if (a.dateAdded !== b.dateAdded) return a.dateAdded < b.dateAdded ? 1 : -1;
	return a.id < b.id ? -1 : 1;
}

describe('Search: filters, groups and sort reach POST /contacts/search as documented', () => {
	let bed: GhlTestBed;
	let contacts: readonly Contact[];

	beforeAll(async () => {
		bed = await startGhlTestBed(FAST);
		bed.sandbox.seed({
			contacts: 600,
			customFields: [{ name: 'Course Score', dataType: 'NUMERICAL' }],
		});
		contacts = bed.sandbox.store.listContacts(bed.locationId);
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	test('(city = Austin AND tag = vip) OR (source contains "facebook"), sorted by last name', async () => {
		const result = await bed.run({
			resource: 'contact',
			operation: 'search',
			filterGroups: {
				group: [
					group(
						'AND',
						condition('city', 'eq', { value: 'Austin' }),
						condition('tags', 'eq', { value: 'vip' }),
					),
					group('OR', condition('source', 'contains', { value: 'facebook' })),
				],
			},
			combineGroups: 'OR',
			sort: { rule: [{ field: 'lastNameLowerCase', direction: 'asc' }] },
			returnAll: true,
			simplify: false,
		});

		const [request] = apiRequests(bed.sandbox);
		expect(request).toMatchObject({ method: 'POST', path: '/contacts/search', status: 200 });
		expect(request.headers).toMatchObject({
			version: '2021-07-28',
			authorization: `Bearer ${bed.pit}`,
		});
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual({
			locationId: bed.locationId,
			pageLimit: 500,
			page: 1,
			filters: [
				{
					group: 'OR',
					filters: [
						{
							group: 'AND',
							filters: [
								{ field: 'city', operator: 'eq', value: 'Austin' },
								{ field: 'tags', operator: 'eq', value: 'vip' },
							],
						},
						{
							group: 'OR',
							filters: [{ field: 'source', operator: 'contains', value: 'facebook' }],
						},
					],
				},
			],
			sort: [{ field: 'lastNameLowerCase', direction: 'asc' }],
		});

		const expected = contacts.filter(
			(c) => (c.city === 'Austin' && c.tags.includes('vip')) || c.source?.includes('facebook'),
		);
		expect(expected.length).toBeGreaterThan(10);
		const output = result.output(NODE).map((item) => item.json);
		expect(new Set(output.map((c) => c.id))).toEqual(new Set(expected.map((c) => c.id)));
		const lastNames = output.map((c) => String(c.lastName).toLowerCase());
		expect(lastNames).toEqual([...lastNames].sort());
	});

	test('groups combined with AND stay separate top-level filters', async () => {
		const result = await bed.run({
			resource: 'contact',
			operation: 'search',
			filterGroups: {
				group: [
					group(
						'OR',
						condition('country', 'eq', { value: 'DE' }),
						condition('country', 'eq', { value: 'GB' }),
					),
					group('AND', condition('email', 'exists'), condition('dnd', 'eq', { value: 'false' })),
				],
			},
			combineGroups: 'AND',
			returnAll: true,
		});

		expect(apiRequests(bed.sandbox)[0].body).toMatchObject({
			filters: [
				{
					group: 'OR',
					filters: [
						{ field: 'country', operator: 'eq', value: 'DE' },
						{ field: 'country', operator: 'eq', value: 'GB' },
					],
				},
				{
					group: 'AND',
					filters: [
						{ field: 'email', operator: 'exists' },
						{ field: 'dnd', operator: 'eq', value: false },
					],
				},
			],
		});
		const expected = contacts.filter(
			(c) => ['DE', 'GB'].includes(String(c.country)) && c.email && !c.dnd,
		);
		expect(result.output(NODE).map((item) => item.json.id)).toEqual(
			[...expected].sort(newestFirst).map((c) => c.id),
		);
	});

	test('Is Between on dates and on a numeric custom field; Does Not Exist; custom-field sort', async () => {
		const [score] = bed.sandbox.store.listCustomFields(bed.locationId);
		const from = contacts[100].dateAdded;
		const to = contacts[300].dateAdded;
		const result = await bed.run({
			resource: 'contact',
			operation: 'search',
			filterGroups: {
				group: [
					group(
						'AND',
						condition('dateAdded', 'range', { rangeFrom: from, rangeTo: to }),
						condition('customField', 'range', {
							customFieldId: score.id,
							rangeFrom: '100',
							rangeTo: '',
						}),
						condition('companyName', 'not_exists'),
					),
				],
			},
			sort: { rule: [{ field: 'customField', customFieldId: score.id, direction: 'desc' }] },
			returnAll: true,
		});

		expect(apiRequests(bed.sandbox)[0].body).toMatchObject({
			filters: [
				{
					group: 'AND',
					filters: [
						{ field: 'dateAdded', operator: 'range', value: { gte: from, lte: to } },
						{ field: `customFields.${score.id}`, operator: 'range', value: { gte: 100 } },
						{ field: 'companyName', operator: 'not_exists' },
					],
				},
			],
			sort: [{ field: `customFields.${score.id}`, direction: 'desc' }],
		});
		const scoreOf = (c: Contact) =>
			c.customFields.find((f) => f.id === score.id)?.value as number | undefined;
		const expected = contacts.filter(
			(c) => c.dateAdded >= from && c.dateAdded <= to && (scoreOf(c) ?? 0) >= 100 && !c.companyName,
		);
		expect(expected.length).toBeGreaterThan(5);
		const output = result.output(NODE).map((item) => item.json);
		expect(new Set(output.map((c) => c.id))).toEqual(new Set(expected.map((c) => c.id)));
		const scores = output.map((c) => scoreOf(bed.sandbox.store.getContact(String(c.id))!)!);
		expect(scores).toEqual([...scores].sort((a, b) => b - a));
	});

	test('Query and Limit: one page of exactly Limit results', async () => {
		const result = await bed.run({
			resource: 'contact',
			operation: 'search',
			query: 'smith',
			returnAll: false,
			limit: 7,
		});
		const requests = apiRequests(bed.sandbox);
		expect(requests.map((request) => request.body)).toEqual([
			{ locationId: bed.locationId, pageLimit: 7, page: 1, query: 'smith' },
		]);
		const output = result.output(NODE).map((item) => item.json);
		expect(output).toHaveLength(7);
		for (const contact of output) expect(String(contact.name).toLowerCase()).toContain('smith');
	});

	test('Return All over 600 contacts reads pages 1 and 2 of 500, each with the same filters', async () => {
		const result = await bed.run({
			resource: 'contact',
			operation: 'search',
			filterGroups: { group: [group('AND', condition('id', 'exists'))] },
			returnAll: true,
		});
		const pages = apiRequests(bed.sandbox);
		expect(pages.map((page) => (page.body as IDataObject).page)).toEqual([1, 2]);
		for (const page of pages)
			expect(page.body).toMatchObject({
				pageLimit: 500,
				filters: [{ group: 'AND', filters: [{ field: 'id', operator: 'exists' }] }],
			});
		expect(result.output(NODE).map((item) => item.json.id)).toEqual(
			[...contacts].sort(newestFirst).map((c) => c.id),
		);
	});

	describe('bad input fails before any request, naming the field', () => {
		test.each([
			[{ query: 'x'.repeat(76) }, /^Query is 76 characters long; HighLevel accepts at most 75$/],
			[
				{
					filterGroups: {
						group: [group('AND', condition('email', 'contains', { value: 'y'.repeat(80) }))],
					},
				},
				/^Filter group 1, condition 1 Value is 80 characters long/,
			],
			[
				{ filterGroups: { group: [group('AND', condition('email', 'eq', { value: '' }))] } },
				/^Filter group 1, condition 1 has an empty Value$/,
			],
			[
				{
					filterGroups: {
						group: [group('AND', condition('email', 'exists'), condition('dateAdded', 'range'))],
					},
				},
				/^Filter group 1, condition 2 \(Is Between\) needs From, To or both$/,
			],
			[
				{
					filterGroups: {
						group: [group('AND', condition('email', 'starts_with', { value: 'a' }))],
					},
				},
				/unknown operator "starts_with"/,
			],
			[
				{
					sort: { rule: [{ field: 'customField', customFieldId: '={{ "" }}', direction: 'asc' }] },
				},
				/^Sort rule 1 has no custom field$/,
			],
		])('%j', async (parameters, message) => {
			const result = await bed.run({
				resource: 'contact',
				operation: 'search',
				...parameters,
			} as Parameters<GhlTestBed['run']>[0]);
			expect(result.error(NODE)?.message).toMatch(message);
			expect(apiRequests(bed.sandbox)).toEqual([]);
		});
	});

	test('a field HighLevel cannot search on (via expression): its 422 message is shown', async () => {
		const result = await bed.run({
			resource: 'contact',
			operation: 'search',
			filterGroups: {
				group: [group('AND', condition('={{ "favouriteColour" }}', 'eq', { value: 'blue' }))],
			},
		});
		expect(result.error(NODE)?.message).toBe(
			'HighLevel answered 422: field favouriteColour is not supported for search',
		);
	});
});

describe('Search Return All past 10,000 results', () => {
	let bed: GhlTestBed;

	beforeAll(async () => {
		bed = await startGhlTestBed(FAST);
		bed.sandbox.seed({ contacts: 10_300 });
	});
	afterAll(async () => await bed.close());

	test('uses page up to the 10,000 boundary, then searchAfter from the last contact, and returns every contact once', async () => {
		bed.sandbox.clearRequests();
		const result = await bed.run({ resource: 'contact', operation: 'search', returnAll: true });

		const output = result.output(NODE);
		const expected = [...bed.sandbox.store.listContacts(bed.locationId)].sort(newestFirst);
		expect(output).toHaveLength(10_300);
		expect(output.map((item) => item.json.id)).toEqual(expected.map((c) => c.id));

		const pages = apiRequests(bed.sandbox).map((request) => request.body as IDataObject);
		expect(pages).toHaveLength(21);
		pages.slice(0, 20).forEach((page, index) => {
			expect(page).toEqual({ locationId: bed.locationId, pageLimit: 500, page: index + 1 });
			expect((page.page as number) * (page.pageLimit as number)).toBeLessThanOrEqual(10_000);
		});
		// The cursor is the sort values and id of the 10,000th contact (HighLevel's default sort: dateAdded desc).
		const boundary = expected[9_999];
		expect(pages[20]).toEqual({
			locationId: bed.locationId,
			pageLimit: 500,
			searchAfter: [Date.parse(boundary.dateAdded), boundary.id],
		});
	});
});
