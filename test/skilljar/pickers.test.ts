// What the editor's pickers of the Skilljar node list: the group search (list search), the course
// and profile-field dropdowns (load options), with the text typed, and over several pages.
import type { INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { searchGroups } from '../../nodes/Skilljar/methods/listSearch';
import { getPublishedCourses, getSignupFields } from '../../nodes/Skilljar/methods/loadOptions';
import { API_KEY_CREDENTIAL_ID, OAUTH_CREDENTIAL_ID, startSkilljarTestBed, type SkilljarTestBed } from '../harness/skilljar';
import { editorContext } from '../secrets/editor';

describe('Skilljar pickers', () => {
	let bed: SkilljarTestBed;
	const store = () => bed.sandbox.store;

	beforeAll(async () => {
		// v1 pages of 2 where the node sends no page_size, so the dropdowns read several pages.
		bed = await startSkilljarTestBed({ v1DefaultPageSize: 2 });
		for (const name of ['Partners', 'GHL: vip', 'GHL: VIP Gold', 'Employees']) store().addGroup({ name });
		for (const title of ['Zoology 101', 'Algebra', 'Marketing Basics']) store().addPublishedCourse(title);
		store().addSignupField({ label: 'Phone' });
		store().addSignupField({ label: 'Task Status', optionValues: ['Open', 'Done'] });
		store().addSignupField({ label: 'Consent', type: 'CHECKBOX', required: true });
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const context = (api: 'v1' | 'v2', path: string) =>
		editorContext(
			bed.credentials,
			'skilljar',
			{ authentication: api === 'v1' ? 'apiKey' : 'oAuth2', resource: 'group', operation: 'addLearner' },
			api === 'v1'
				? { skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' } }
				: { skilljarOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'Skilljar sandbox OAuth2' } },
			path,
		);
	const groupIds = () => new Map(store().listGroups().map((group) => [group.name, group.id]));

	describe.each(['v1', 'v2'] as const)('group search (%s)', (api) => {
		test('lists every group by name (value: the ID), sorted', async () => {
			const result: INodeListSearchResult = await searchGroups.call(context(api, 'parameters.group'));
			const ids = groupIds();
			expect(result.results).toEqual(
				['Employees', 'GHL: vip', 'GHL: VIP Gold', 'Partners'].map((name) => ({ name, value: ids.get(name) })),
			);
		});

		test('the text typed narrows the list, without regard to case', async () => {
			const result = await searchGroups.call(context(api, 'parameters.group'), 'vip');
			expect(result.results.map((entry) => entry.name)).toEqual(['GHL: vip', 'GHL: VIP Gold']);
			if (api === 'v2') {
				// v2 filters on the server.
				expect(bed.sandbox.requests.at(-1)?.query).toMatchObject({ 'filter[name]': 'vip' });
			}
		});
	});

	test('group search (v2) reads every page of a long list', async () => {
		for (let i = 0; i < 120; i++) store().addGroup({ name: `Bulk group ${String(i).padStart(3, '0')}` });
		try {
			const result = await searchGroups.call(context('v2', 'parameters.group'), 'bulk group');
			expect(result.results).toHaveLength(120);
			expect(bed.sandbox.requests.filter((request) => request.path === '/v2/groups/')).toHaveLength(2);
		} finally {
			for (const group of store().listGroups()) if (group.name.startsWith('Bulk group')) store().groups.delete(group.id);
		}
	});

	test('course dropdown (v1): every published course of the domain over several pages, title shown, published course ID as value', async () => {
		const options: INodePropertyOptions[] = await getPublishedCourses.call(context('v1', 'parameters.publishedCourseId'));
		const published = store().listPublishedCourses(bed.domain);
		expect(options).toEqual(
			['Algebra', 'Marketing Basics', 'Zoology 101'].map((title) => {
				const course = published.find((candidate) => store().courses.get(candidate.courseId)?.title === title)!;
				return { name: title, value: course.id, description: `Published course ${course.id}` };
			}),
		);
		expect(bed.sandbox.requests.filter((request) => request.path.endsWith('/published-courses'))).toHaveLength(2);
	});

	test('profile field dropdown (v1): each field by label, its ID as value, type and required shown, over several pages', async () => {
		const options = await getSignupFields.call(context('v1', 'parameters.values.value[0].field'));
		const ids = new Map(store().listSignupFields(bed.domain).map((field) => [field.label, field.id]));
		expect(options).toEqual([
			{ name: 'Phone', value: ids.get('Phone'), description: 'TEXT' },
			{ name: 'Task Status', value: ids.get('Task Status'), description: 'PICKLIST' },
			{ name: 'Consent', value: ids.get('Consent'), description: 'CHECKBOX · required' },
		]);
		expect(bed.sandbox.requests.filter((request) => request.path.endsWith('/signup-fields'))).toHaveLength(2);
	});

	test('profile field dropdown (v2): says the list needs the API key credential, before any request', async () => {
		await expect(getSignupFields.call(context('v2', 'parameters.values.value[0].field'))).rejects.toThrow(
			'The field list needs the API Key (v1) credential',
		);
		expect(bed.sandbox.requests).toEqual([]);
	});
});
