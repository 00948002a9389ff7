import type { INodeProperties } from 'n8n-workflow';

import type { SkilljarOperation } from '../types';
import * as enroll from './enroll.operation';
import * as getMany from './getMany.operation';
import * as unenroll from './unenroll.operation';

export const operations: Record<string, SkilljarOperation> = { enroll, getMany, unenroll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['enrollment'] } },
		options: [
			{
				name: 'Enroll in Published Course',
				value: 'enroll',
				action: 'Enroll a learner in a published course',
				description:
					'Enroll a learner by email; a new learner is created first when needed. Already enrolled learners are left as they are.',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many enrollments',
				description: 'List the enrollments of one published course, or of one learner',
			},
			{
				name: 'Unenroll',
				value: 'unenroll',
				action: 'Unenroll a learner from a published course',
				description:
					"Deactivate a learner's enrollment in a published course; their progress is kept. Does nothing when not enrolled.",
			},
		],
		default: 'enroll',
	},
	...enroll.description,
	...getMany.description,
	...unenroll.description,
];
