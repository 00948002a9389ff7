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
					'Whether tags "VIP" and "vip" are different. Off suits GHL, which lower-cases tags. Group names always compare exactly, as Skilljar\'s are case-sensitive.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['syncTags'] } },
	properties,
);

/** A group the tags ask for: the name to create when it is missing, and how to recognise it. */
interface Wanted {
	tag: string;
	name: string;
	matches: (group: GroupOutput) => boolean;
}

interface Plan {
	wanted: Wanted[];
	/** Whether a group is managed by this sync (group names compare exactly: Skilljar's are case-sensitive). */
	managed: (group: GroupOutput) => boolean;
	ignoredTags: string[];
	/** v2 narrows the group list on the server with this. */
	nameContains?: string;
}

/** `fold` is applied to tags only: it is how "Match Case" compares a tag with another tag. */
function planOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	tags: string[],
	fold: (tag: string) => string,
): Plan {
	const mapping = ctx.getNodeParameter('mapping', itemIndex, 'prefix') as string;
	if (mapping === 'prefix') {
		const prefix = ctx.getNodeParameter('prefix', itemIndex, '') as string;
		if (prefix.trim() === '') {
			throw new NodeOperationError(ctx.getNode(), 'Group Name Prefix is empty', {
				itemIndex,
				description:
					'With an empty prefix every group would be managed, and the learner removed from all groups their tags do not name. Set a prefix such as "GHL: ", or use a mapping table.',
			});
		}
		const managed = (group: GroupOutput) => group.name.startsWith(prefix);
		// The part after the prefix stands for a tag, so it is compared the way tags are.
		const wanted = tags.map((tag) => ({
			tag,
			name: checkGroupName(ctx, `${prefix}${tag}`, itemIndex),
			matches: (group: GroupOutput) =>
				managed(group) && fold(group.name.slice(prefix.length).trim()) === fold(tag.trim()),
		}));
		return { wanted, managed, ignoredTags: [], nameContains: prefix };
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
	const managedNames = new Set(table.map((row) => checkGroupName(ctx, row.group, itemIndex)));
	const wanted = new Map<string, Wanted>();
	const ignoredTags: string[] = [];
	for (const tag of tags) {
		const matches = table.filter((row) => fold(row.tag) === fold(tag));
		if (matches.length === 0) ignoredTags.push(tag);
		for (const row of matches) {
			wanted.set(row.group, {
				tag,
				name: row.group,
				matches: (group) => group.name === row.group,
			});
		}
	}
	return {
		wanted: [...wanted.values()],
		managed: (group) => managedNames.has(group.name),
		ignoredTags,
	};
}

function ambiguousTag(
	ctx: IExecuteFunctions,
	tag: string,
	found: GroupOutput[],
	itemIndex: number,
): NodeOperationError {
	const [first, second] = found.map((group) => group.name).sort();
	return new NodeOperationError(
		ctx.getNode(),
		`Tag "${tag}" matches two groups: "${first}" and "${second}"`,
		{
			itemIndex,
			description:
				'Skilljar group names are case-sensitive, and these differ only in case. Rename or delete one of them in Skilljar, or turn on the Match Case option so the tag names exactly one.',
		},
	);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const matchCase = options.matchCase === true;
	const fold = (tag: string) => (matchCase ? tag : tag.toLowerCase());
	const tags = [
		...new Map(
			toList(this.getNodeParameter('tags', itemIndex, '')).map((tag) => [fold(tag), tag]),
		).values(),
	];
	const plan = planOf(this, itemIndex, tags, fold);
	const learner = await resolveLearner(this, conn, itemIndex);

	// One group list per run, shared by the items; groups created here are added to it.
	const filter = conn.api === 'v2' ? plan.nameContains : undefined;
	const groups = await cached(
		conn,
		`groups|${filter ?? ''}`,
		async () => await listGroups(this, conn, itemIndex, Number.POSITIVE_INFINITY, filter),
	);
	// Every tag is matched before anything changes, so an ambiguous one changes nothing.
	const found = plan.wanted.map((want) => {
		const matching = groups.filter(want.matches);
		if (matching.length > 1) throw ambiguousTag(this, want.tag, matching, itemIndex);
		return { want, group: matching[0] as GroupOutput | undefined };
	});

	const wanted: GroupOutput[] = [];
	const created: string[] = [];
	const missing: string[] = [];
	for (const { want, group: listed } of found) {
		// A group created for an earlier tag or item of this run is in the shared list by now.
		let group = listed ?? groups.find(want.matches);
		const { name } = want;
		if (!group && options.createMissingGroups === true) {
			// Items of one run share the creation, so a group is created once; that item reports it.
			let creator = false;
			group = await cached(conn, `group-create|${name}`, async () => {
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
			if (!groups.some((known) => known.id === group!.id)) groups.push(group);
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
