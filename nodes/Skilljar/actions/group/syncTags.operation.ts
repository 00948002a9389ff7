import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { toList } from '../../../shared/validation';
import { learnerLocator } from '../../descriptions/common';
import {
	addMember,
	checkGroupName,
	createGroup,
	findGroupByName,
	groupsOfLearner,
	listGroups,
	removeMember,
	type GroupOutput,
} from '../../helpers/groups';
import { resolveLearner } from '../../helpers/learner';
import { cached, unlessNotFound, type SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [
	learnerLocator(),
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		placeholder: 'e.g. vip, webinar-2026',
		description:
			"The learner's tags now, e.g. a GHL contact's tags: a list, or one comma-separated string. An empty list removes the learner from every managed group.",
	},
	{
		displayName: 'Map Tags By',
		name: 'mapping',
		type: 'options',
		options: [
			{
				name: 'Prefix',
				value: 'prefix',
				description:
					'Tag "vip" means the group named prefix + "vip"; every group starting with the prefix is managed',
			},
			{
				name: 'Mapping Table',
				value: 'table',
				description:
					'Tags map to the groups listed in a table; only the groups in the table are managed',
			},
		],
		default: 'prefix',
	},
	{
		displayName: 'Group Name Prefix',
		name: 'prefix',
		type: 'string',
		default: 'Tag: ',
		placeholder: 'e.g. GHL: ',
		required: true,
		displayOptions: { show: { mapping: ['prefix'] } },
		description:
			'Groups whose names start with this are kept in step with the tags; other groups are left alone. Must not be empty.',
	},
	{
		displayName: 'Mappings',
		name: 'mappings',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add mapping',
		default: {},
		displayOptions: { show: { mapping: ['table'] } },
		description:
			'Each row: a tag and the Skilljar group it stands for. Tags without a row are ignored.',
		options: [
			{
				displayName: 'Mapping',
				name: 'mapping',
				values: [
					{ displayName: 'Tag', name: 'tag', type: 'string', default: '', placeholder: 'e.g. vip' },
					{
						displayName: 'Group Name',
						name: 'group',
						type: 'string',
						default: '',
						placeholder: 'e.g. VIP Customers',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Create Missing Groups',
				name: 'createMissingGroups',
				type: 'boolean',
				default: false,
				description:
					'Whether to create a group that a tag maps to but that does not exist yet. Off: such tags are reported under "missing".',
			},
			{
				displayName: 'Match Case',
				name: 'matchCase',
				type: 'boolean',
				default: false,
				description:
					'Whether "VIP" and "vip" are different tags and group names. Off suits GHL, which lower-cases tags.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['syncTags'] } },
	properties,
);

interface Plan {
	/** Group names the tags stand for, by comparison key. */
	desired: Map<string, string>;
	/** Whether a group is managed by this sync. */
	managed: (group: GroupOutput) => boolean;
	ignoredTags: string[];
	/** v2 narrows the group list on the server with this. */
	nameContains?: string;
}

function planOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	tags: string[],
	key: (name: string) => string,
): Plan {
	const mapping = ctx.getNodeParameter('mapping', itemIndex, 'prefix') as string;
	const desired = new Map<string, string>();
	if (mapping === 'prefix') {
		const prefix = ctx.getNodeParameter('prefix', itemIndex, '') as string;
		if (prefix.trim() === '') {
			throw new NodeOperationError(ctx.getNode(), 'Group Name Prefix is empty', {
				itemIndex,
				description:
					'With an empty prefix every group would be managed, and the learner removed from all groups their tags do not name. Set a prefix such as "GHL: ", or use a mapping table.',
			});
		}
		for (const tag of tags) {
			const name = checkGroupName(ctx, `${prefix}${tag}`, itemIndex);
			desired.set(key(name), name);
		}
		return {
			desired,
			managed: (group) => key(group.name).startsWith(key(prefix)),
			ignoredTags: [],
			nameContains: prefix,
		};
	}
	const rows = ((ctx.getNodeParameter('mappings', itemIndex, {}) as IDataObject).mapping ??
		[]) as Array<{ tag?: string; group?: string }>;
	const table = rows
		.map((row) => ({ tag: String(row.tag ?? '').trim(), group: String(row.group ?? '').trim() }))
		.filter((row) => row.tag !== '' && row.group !== '');
	if (table.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Mappings is empty', {
			itemIndex,
			description: 'Add at least one row with a tag and the group it stands for.',
		});
	}
	const managedNames = new Set(table.map((row) => key(checkGroupName(ctx, row.group, itemIndex))));
	const ignoredTags: string[] = [];
	for (const tag of tags) {
		const matches = table.filter((row) => key(row.tag) === key(tag));
		if (matches.length === 0) ignoredTags.push(tag);
		for (const row of matches) desired.set(key(row.group), row.group);
	}
	return { desired, managed: (group) => managedNames.has(key(group.name)), ignoredTags };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const matchCase = options.matchCase === true;
	const key = (name: string) => (matchCase ? name : name.toLowerCase());
	const tags = [
		...new Map(
			toList(this.getNodeParameter('tags', itemIndex, '')).map((tag) => [key(tag), tag]),
		).values(),
	];
	const plan = planOf(this, itemIndex, tags, key);
	const learner = await resolveLearner(this, conn, itemIndex);

	// One group list per run, shared by the items; groups created here are added to it.
	const filter = conn.api === 'v2' ? plan.nameContains : undefined;
	const groups = await cached(
		conn,
		`groups|${filter ?? ''}`,
		async () => await listGroups(this, conn, itemIndex, Number.POSITIVE_INFINITY, filter),
	);
	const byKey = (name: string) => groups.find((group) => key(group.name) === key(name));

	const wanted: GroupOutput[] = [];
	const created: string[] = [];
	const missing: string[] = [];
	for (const name of plan.desired.values()) {
		let group = byKey(name);
		if (!group && options.createMissingGroups === true) {
			// Items of one run share the creation, so a group is created once; that item reports it.
			let creator = false;
			group = await cached(conn, `group-create|${key(name)}`, async () => {
				creator = true;
				return await createGroup(this, conn, name, itemIndex).catch(async (error: unknown) => {
					// Someone else may have just created it; else Skilljar's answer stands.
					const existing = await findGroupByName(this, conn, name, itemIndex);
					if (!existing) throw error;
					creator = false;
					return existing;
				});
			});
			if (creator) created.push(group.name);
			if (!byKey(group.name)) groups.push(group);
		}
		if (group) wanted.push(group);
		else missing.push(name);
	}
	const wantedIds = new Set(wanted.map((group) => group.id));

	let added: GroupOutput[];
	let removed: GroupOutput[];
	if (conn.api === 'v1') {
		const current = await groupsOfLearner(this, conn, learner.id, itemIndex);
		const currentIds = new Set(current.map((group) => group.id));
		added = wanted.filter((group) => !currentIds.has(group.id));
		removed = current.filter((group) => plan.managed(group) && !wantedIds.has(group.id));
	} else {
		// v2 cannot list a learner's groups; its add and remove are idempotent, so every managed
		// group gets the request that makes its membership right.
		added = wanted;
		removed = groups.filter((group) => plan.managed(group) && !wantedIds.has(group.id));
	}
	for (const group of added) await addMember(this, conn, group.id, learner.id, itemIndex);
	for (const group of removed) {
		// Already gone between listing and removing (404): the outcome wanted.
		await unlessNotFound(removeMember(this, conn, group.id, learner.id, itemIndex));
	}

	const names = (list: GroupOutput[]) => list.map((group) => group.name).sort();
	return [
		{
			json: {
				learner_id: learner.id,
				...(learner.email ? { email: learner.email } : {}),
				tags,
				groups: names(wanted),
				added: names(added),
				removed: names(removed),
				created: created.sort(),
				missing: missing.sort(),
				ignored_tags: plan.ignoredTags,
				// v1 compares with the learner's groups; v2 cannot read them, so it lists requests made.
				changes_verified: conn.api === 'v1',
			},
		},
	];
}
