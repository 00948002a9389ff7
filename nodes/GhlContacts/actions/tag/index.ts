import type { INodeProperties } from 'n8n-workflow';

import type { GhlOperation } from '../types';
import * as add from './add.operation';
import * as remove from './remove.operation';

export const operations: Record<string, GhlOperation> = { add, remove };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				action: 'Add tags to a contact',
				description: 'Add one or more tags to a contact, keeping the tags it already has',
			},
			{
				name: 'Remove',
				value: 'remove',
				action: 'Remove tags from a contact',
				description: 'Remove one or more tags from a contact, keeping its other tags',
			},
		],
		default: 'add',
	},
	...add.description,
	...remove.description,
];
