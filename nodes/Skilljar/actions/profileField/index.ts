import type { INodeProperties } from 'n8n-workflow';

import type { SkilljarOperation } from '../types';
import * as getMany from './getMany.operation';
import * as setValues from './setValues.operation';

export const operations: Record<string, SkilljarOperation> = { getMany, setValues };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['profileField'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many profile field definitions',
				description:
					'List the profile (signup) fields of the training domain: ID, label, type, options (API Key (v1) credential only)',
			},
			{
				name: 'Set Values',
				value: 'setValues',
				action: 'Set profile field values of a learner',
				description:
					"Store values in a learner's profile fields, several at once, e.g. phone, CRM contact ID, notes, task status",
			},
		],
		default: 'setValues',
	},
	...getMany.description,
	...setValues.description,
];
