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
		displayOptions: { show: { resource: ['follower'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				action: 'Add followers to a contact',
				description: 'Make users of the sub-account follow a contact, keeping its other followers',
			},
			{
				name: 'Remove',
				value: 'remove',
				action: 'Remove followers from a contact',
				description: 'Stop users of the sub-account following a contact',
			},
		],
		default: 'add',
	},
	...add.description,
	...remove.description,
];
