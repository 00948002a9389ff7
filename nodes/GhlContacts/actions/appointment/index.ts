import type { INodeProperties } from 'n8n-workflow';

import type { GhlOperation } from '../types';
import * as getMany from './getMany.operation';

export const operations: Record<string, GhlOperation> = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['appointment'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many appointments',
				description:
					'List the calendar appointments booked for a contact, one item per appointment',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
