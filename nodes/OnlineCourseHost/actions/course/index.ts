import type { INodeProperties } from 'n8n-workflow';

import type { OchOperation } from '../types';
import * as getMany from './getMany.operation';

export const operations: Record<string, OchOperation> = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['course'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many courses',
				description:
					"List the school's courses with their IDs and titles; the ID is what Enroll in Course needs",
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
