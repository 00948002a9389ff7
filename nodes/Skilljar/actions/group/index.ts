import type { INodeProperties } from 'n8n-workflow';

import type { SkilljarOperation } from '../types';
import * as addLearner from './addLearner.operation';
import * as create from './create.operation';
import * as findByName from './findByName.operation';
import * as getMany from './getMany.operation';
import * as removeLearner from './removeLearner.operation';
import * as syncTags from './syncTags.operation';

export const operations: Record<string, SkilljarOperation> = {
	addLearner,
	create,
	findByName,
	getMany,
	removeLearner,
	syncTags,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['group'] } },
		options: [
			{
				name: 'Add Learner',
				value: 'addLearner',
				action: 'Add a learner to a group',
				description:
					'Make a learner a member of a group; nothing changes when they are one already',
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a group',
				description: 'Create a group with a unique name',
			},
			{
				name: 'Find by Name',
				value: 'findByName',
				action: 'Find a group by name',
				description:
					'Look up the group with an exact name. Returns it with found=true, or one item with found=false.',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many groups',
				description: "List the organization's groups",
			},
			{
				name: 'Remove Learner',
				value: 'removeLearner',
				action: 'Remove a learner from a group',
				description: "End a learner's membership of a group",
			},
			{
				name: 'Sync Tags to Groups',
				value: 'syncTags',
				action: 'Sync tags to groups for a learner',
				description:
					"Make a learner's membership of the groups managed by a tag mapping match their tags (e.g. a GHL contact's tags): adds and removes only managed groups and reports what changed",
			},
		],
		default: 'syncTags',
	},
	...addLearner.description,
	...create.description,
	...findByName.description,
	...getMany.description,
	...removeLearner.description,
	...syncTags.description,
];
