import type { IDataObject } from 'n8n-workflow';

import {
	byEmail,
	byId,
	calls,
	groupByName,
	jsonOf,
	NODE,
	startSkilljarTestBed,
	writes,
	type SkilljarTestBed,
} from '../harness/skilljar';

describe('Group resource', () => {
	let bed: SkilljarTestBed;

	beforeAll(async () => {
		bed = await startSkilljarTestBed();
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	const store = () => bed.sandbox.store;
	let counter = 0;
	const unique = (label: string) => `${label} ${++counter}`;
	const member = () =>
		store().upsertDomainUser(bed.domain, {
			email: `group.member.${++counter}@example.com`,
			first_name: 'Ada',
		}).user;
	const group = (name: string) => store().findGroupByName(name) ?? store().addGroup({ name });

	describe.each(['v1', 'v2'] as const)(
		'Get Many, Find by Name, Create, Add and Remove Learner (%s)',
		(api) => {
			test("Create makes the group; Find by Name finds it exactly; a taken name fails with Skilljar's answer", async () => {
				const name = unique(`Customers ${api}`);
				const created = await bed.run({ resource: 'group', operation: 'create', name }, { api });
				const stored = store().findGroupByName(name)!;
				expect(jsonOf(created)[0]).toMatchObject({ id: stored.id, name });

				const found = await bed.run(
					{ resource: 'group', operation: 'findByName', name: '={{ $json.name }}' },
					{ api, items: [{ name }, { name: name.toUpperCase() }] },
				);
				expect(jsonOf(found)).toEqual([
					expect.objectContaining({ found: true, id: stored.id, name }),
					{ found: false, name: name.toUpperCase() },
				]);

				const again = await bed.run({ resource: 'group', operation: 'create', name }, { api });
				expect(again.error(NODE)?.message).toMatch(
					api === 'v1'
						? /Skilljar answered 400: name: group with this name already exists/
						: /Skilljar rejected the group ".*": duplicate_name/,
				);
				expect(
					store()
						.listGroups()
						.filter((candidate) => candidate.name === name),
				).toHaveLength(1);
			});

			test('Get Many lists every group', async () => {
				group(unique('Listed'));
				const result = await bed.run(
					{ resource: 'group', operation: 'getMany', returnAll: true },
					{ api },
				);
				expect(
					jsonOf(result)
						.map((row) => row.id)
						.sort(),
				).toEqual(
					store()
						.listGroups()
						.map((candidate) => candidate.id)
						.sort(),
				);
			});

			test('Add Learner (group by name, learner by email) and Remove Learner (by IDs)', async () => {
				const target = group(unique('Partners'));
				const learner = member();
				const added = await bed.run(
					{
						resource: 'group',
						operation: 'addLearner',
						group: groupByName(target.name),
						learner: byEmail(learner.email),
					},
					{ api },
				);
				expect(jsonOf(added)[0]).toMatchObject({
					group_id: target.id,
					learner_id: learner.id,
					added: true,
				});
				expect(store().groupNamesOf(learner.id)).toEqual([target.name]);

				// Adding again changes nothing (membership is a set).
				await bed.run(
					{
						resource: 'group',
						operation: 'addLearner',
						group: byId(target.id),
						learner: byId(learner.id),
					},
					{ api },
				);
				expect(store().membersOf(target.id)).toHaveLength(1);

				const removed = await bed.run(
					{
						resource: 'group',
						operation: 'removeLearner',
						group: byId(target.id),
						learner: byId(learner.id),
					},
					{ api },
				);
				expect(jsonOf(removed)[0]).toMatchObject({ removed: true });
				expect(store().groupNamesOf(learner.id)).toEqual([]);
			});

			test('a group name that does not exist fails naming it', async () => {
				const result = await bed.run(
					{
						resource: 'group',
						operation: 'addLearner',
						group: groupByName('No Such Group'),
						learner: byId('abc'),
					},
					{ api },
				);
				expect(result.error(NODE)?.message).toBe('No Skilljar group is named "No Such Group"');
				expect(writes(bed.sandbox)).toEqual([]);
			});
		},
	);

	describe('Sync Tags to Groups', () => {
		const sync = async (
			learnerEmail: string,
			tags: unknown,
			api: 'v1' | 'v2',
			extra: Record<string, unknown> = {},
		) =>
			await bed.run(
				{
					resource: 'group',
					operation: 'syncTags',
					learner: byEmail(learnerEmail),
					tags: '={{ $json.tags }}',
					mapping: 'prefix',
					prefix: 'GHL: ',
					...extra,
				} as never,
				{ api, items: [{ tags } as IDataObject] },
			);
		const membershipWrites = () =>
			writes(bed.sandbox)
				.filter((request) => /\/groups\/[^/]+\/(users|relationships)/.test(request.path))
				.map((request) => `${request.method} ${request.path}`);

		describe.each(['v1', 'v2'] as const)('prefix mapping (%s)', (api) => {
			test('no groups yet, creating allowed: the groups are created and the learner added; run again: nothing changes', async () => {
				const learner = member();
				const tags = [`vip-${api}-${counter}`, `webinar-${api}-${counter}`];
				const first = await sync(learner.email, tags.join(', '), api, {
					options: { createMissingGroups: true },
				});
				const expected = tags.map((tag) => `GHL: ${tag}`).sort();
				expect(first.error(NODE)).toBeUndefined();
				expect(jsonOf(first)[0]).toMatchObject({
					learner_id: learner.id,
					groups: expected,
					added: expected,
					created: expected,
					missing: [],
				});
				if (api === 'v1') expect(jsonOf(first)[0].removed).toEqual([]);
				expect(store().groupNamesOf(learner.id)).toEqual(expected);

				bed.sandbox.clearRequests();
				const second = await sync(learner.email, tags, api, {
					options: { createMissingGroups: true },
				});
				expect(jsonOf(second)[0]).toMatchObject({ groups: expected, created: [] });
				expect(store().groupNamesOf(learner.id)).toEqual(expected);
				if (api === 'v1') {
					// v1 reads the learner's groups, so a second run writes nothing at all.
					expect(jsonOf(second)[0].added).toEqual([]);
					expect(writes(bed.sandbox)).toEqual([]);
				} else {
					// v2 cannot read memberships: it repeats its idempotent requests, and creates no group.
					expect(calls(bed.sandbox)).not.toContain('POST /v2/groups/');
					expect(membershipWrites().filter((call) => call.startsWith('POST'))).toHaveLength(
						expected.length,
					);
				}
			});

			test('missing groups without "Create Missing Groups" are reported, not created', async () => {
				const learner = member();
				const tag = `absent-${api}-${counter}`;
				const result = await sync(learner.email, [tag], api);
				expect(jsonOf(result)[0]).toMatchObject({
					groups: [],
					added: [],
					missing: [`GHL: ${tag}`],
					created: [],
				});
				expect(store().findGroupByName(`GHL: ${tag}`)).toBeUndefined();
			});

			test('extra managed groups are left; unmanaged groups are left alone', async () => {
				const learner = member();
				const keep = group(`GHL: keep-${api}`);
				const stale = group(`GHL: stale-${api}`);
				const other = group(`Partners-${api}`);
				for (const target of [keep, stale, other]) store().addMember(target.id, learner.id);

				const result = await sync(learner.email, `KEEP-${api}, unknown-${api}`, api);
				expect(jsonOf(result)[0]).toMatchObject({
					groups: [keep.name],
					missing: [`GHL: unknown-${api}`],
				});
				// v1 removes what it saw; v2, which cannot see memberships, asks every other managed group.
				if (api === 'v1') expect(jsonOf(result)[0].removed).toEqual([stale.name]);
				else expect(jsonOf(result)[0].removed).toEqual(expect.arrayContaining([stale.name]));
				expect(jsonOf(result)[0].changes_verified).toBe(api === 'v1');
				expect(store().groupNamesOf(learner.id)).toEqual([keep.name, other.name].sort());

				bed.sandbox.clearRequests();
				const again = await sync(learner.email, `keep-${api}, unknown-${api}`, api);
				expect(store().groupNamesOf(learner.id)).toEqual([keep.name, other.name].sort());
				if (api === 'v1') expect(jsonOf(again)[0]).toMatchObject({ added: [], removed: [] });
			});

			test('no tags at all: the learner leaves every managed group, and only those', async () => {
				const learner = member();
				const managed = group(`GHL: gone-${api}`);
				const other = group(`Employees-${api}`);
				store().addMember(managed.id, learner.id);
				store().addMember(other.id, learner.id);
				const result = await sync(learner.email, '', api);
				expect(jsonOf(result)[0]).toMatchObject({
					groups: [],
					removed: expect.arrayContaining([managed.name]),
				});
				expect(store().groupNamesOf(learner.id)).toEqual([other.name]);
			});
		});

		test("mapping table (v1): only the table's groups are managed; unmapped tags are reported", async () => {
			const learner = member();
			const gold = group('Gold Customers');
			const silver = group('Silver Customers');
			const untouched = group('GHL: not in the table');
			store().addMember(silver.id, learner.id);
			store().addMember(untouched.id, learner.id);

			const result = await bed.run({
				resource: 'group',
				operation: 'syncTags',
				learner: byId(learner.id),
				tags: 'gold, newsletter',
				mapping: 'table',
				mappings: {
					mapping: [
						{ tag: 'gold', group: 'Gold Customers' },
						{ tag: 'silver', group: 'Silver Customers' },
					],
				},
			});
			expect(jsonOf(result)[0]).toMatchObject({
				groups: ['Gold Customers'],
				added: ['Gold Customers'],
				removed: ['Silver Customers'],
				ignored_tags: ['newsletter'],
			});
			expect(store().groupNamesOf(learner.id)).toEqual([gold.name, untouched.name].sort());
			expect(membershipWrites()).toEqual([
				`POST /v1/groups/${gold.id}/users`,
				`DELETE /v1/groups/${silver.id}/users/${learner.id}`,
			]);
		});

		describe('group names are case-sensitive in Skilljar: only tags are matched without case', () => {
			const table = (learnerId: string, tags: string) =>
				bed.run({
					resource: 'group',
					operation: 'syncTags',
					learner: byId(learnerId),
					tags,
					mapping: 'table',
					mappings: { mapping: [{ tag: 'vip', group: 'VIP Customers' }] },
				});

			test('mapping table: an unmapped group whose name differs only in case is left alone', async () => {
				const learner = member();
				const mapped = group('VIP Customers');
				const lookalike = group('vip customers');
				store().addMember(mapped.id, learner.id);
				store().addMember(lookalike.id, learner.id);

				const cleared = await table(learner.id, '');
				expect(cleared.error(NODE)).toBeUndefined();
				expect(jsonOf(cleared)[0]).toMatchObject({ removed: ['VIP Customers'] });
				expect(store().groupNamesOf(learner.id)).toEqual(['vip customers']);

				const tagged = await table(learner.id, 'VIP');
				expect(jsonOf(tagged)[0]).toMatchObject({ groups: ['VIP Customers'], added: ['VIP Customers'], removed: [] });
				expect(store().groupNamesOf(learner.id)).toEqual(['VIP Customers', 'vip customers']);
			});

			test('prefix: the prefix is matched exactly, so "ghl: x" is not a managed group', async () => {
				const learner = member();
				const managed = group('GHL: case-managed');
				const unmanaged = group('ghl: case-other');
				store().addMember(managed.id, learner.id);
				store().addMember(unmanaged.id, learner.id);
				const result = await sync(learner.email, '', 'v1');
				expect(jsonOf(result)[0]).toMatchObject({ removed: ['GHL: case-managed'] });
				expect(store().groupNamesOf(learner.id)).toEqual(['ghl: case-other']);
			});

			test('prefix: a tag that matches two groups differing only in case fails naming both; nothing changes', async () => {
				const learner = member();
				group('GHL: Gold');
				group('GHL: gold');
				bed.sandbox.clearRequests();
				const result = await sync(learner.email, 'GOLD', 'v1');
				expect(result.error(NODE)?.message).toBe(
					'Tag "GOLD" matches two groups: "GHL: Gold" and "GHL: gold"',
				);
				expect(result.error(NODE)?.description).toMatch(/Match Case/);
				expect(writes(bed.sandbox)).toEqual([]);
				expect(store().groupNamesOf(learner.id)).toEqual([]);

				const exact = await sync(learner.email, 'Gold', 'v1', { options: { matchCase: true } });
				expect(jsonOf(exact)[0]).toMatchObject({ groups: ['GHL: Gold'] });
			});
		});

		test('several learners in one run share the group list and create a missing group once', async () => {
			const learners = [member(), member(), member()];
			const tag = `shared-${counter}`;
			const result = await bed.run(
				{
					resource: 'group',
					operation: 'syncTags',
					learner: byEmail('={{ $json.email }}'),
					tags: tag,
					mapping: 'prefix',
					prefix: 'GHL: ',
					options: { createMissingGroups: true },
				},
				{ items: learners.map((learner) => ({ email: learner.email })) },
			);
			expect(result.error(NODE)).toBeUndefined();
			expect(
				store()
					.listGroups()
					.filter((candidate) => candidate.name === `GHL: ${tag}`),
			).toHaveLength(1);
			for (const learner of learners)
				expect(store().groupNamesOf(learner.id)).toEqual([`GHL: ${tag}`]);
			expect(calls(bed.sandbox).filter((call) => call === 'GET /v1/groups')).toHaveLength(1);
		});

		test('an empty prefix is refused before any request (it would manage every group)', async () => {
			const result = await bed.run({
				resource: 'group',
				operation: 'syncTags',
				learner: byId('abc'),
				tags: 'x',
				mapping: 'prefix',
				prefix: ' ',
			});
			expect(result.error(NODE)?.message).toBe('Group Name Prefix is empty');
			expect(calls(bed.sandbox)).toEqual([]);
		});
	});
});
