import type { INodeProperties } from 'n8n-workflow';

import type { SkilljarOperation } from '../types';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations: Record<string, SkilljarOperation> = { get, getMany };

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
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get progress of many learners in a course',
				description:
					'Get the progress of every learner actively enrolled in one course: status, score, lessons, last activity. One item per learner.',
			},
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
];
