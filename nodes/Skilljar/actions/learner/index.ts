import type { INodeProperties } from 'n8n-workflow';

import type { SkilljarOperation } from '../types';
import * as deactivate from './deactivate.operation';
import * as findByEmail from './findByEmail.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as sendInvite from './sendInvite.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export const operations: Record<string, SkilljarOperation> = {
	deactivate,
	findByEmail,
	get,
	getMany,
	sendInvite,
	update,
	upsert,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['learner'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update a learner',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
			{
				name: 'Deactivate',
				value: 'deactivate',
				action: 'Deactivate a learner',
				description:
					'Switch a learner off (Skilljar has no delete). API Key: their access to the training domain; OAuth2: the learner in the whole organization.',
			},
			{
				name: 'Find by Email',
				value: 'findByEmail',
				action: 'Find a learner by email',
				description:
					'Look up the learner with an email. Returns them with found=true, or one item with found=false.',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a learner',
				description: 'Get one learner by email or ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many learners',
				description:
					"List the organization's learners, optionally filtered by email, name or status",
			},
			{
				name: 'Send Invite',
				value: 'sendInvite',
				action: 'Send an invite to a learner',
				description:
					'Email a learner the invitation to set a password and sign in (API Key (v1) credential only)',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a learner',
				description: "Change a learner's names, email (API Key only) or active state",
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...deactivate.description,
	...findByEmail.description,
	...get.description,
	...getMany.description,
	...sendInvite.description,
	...update.description,
];
