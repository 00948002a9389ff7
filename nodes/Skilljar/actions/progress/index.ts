import type { INodeProperties } from 'n8n-workflow';

import type { SkilljarOperation } from '../types';
import * as get from './get.operation';

export const operations: Record<string, SkilljarOperation> = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['progress'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get course progress of a learner',
				description:
					"Get a learner's progress per course: status, completion date, score, pass or fail. One item per course.",
			},
		],
		default: 'get',
	},
	...get.description,
];
