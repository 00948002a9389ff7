import type { INodeProperties } from 'n8n-workflow';

import type { GhlOperation } from '../types';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations: Record<string, GhlOperation> = { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a contact', description: 'Get one contact by ID' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many contacts',
				description: 'List contacts of a location, optionally matching a text query (legacy endpoint)',
			},
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
];
