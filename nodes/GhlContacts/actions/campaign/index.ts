import type { INodeProperties } from 'n8n-workflow';

import type { GhlOperation } from '../types';
import * as add from './add.operation';
import * as remove from './remove.operation';
import * as removeAll from './removeAll.operation';

export const operations: Record<string, GhlOperation> = { add, remove, removeAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{
				name: 'Add Contact',
				value: 'add',
				action: 'Add a contact to a campaign',
				description: 'Start a HighLevel campaign for a contact',
			},
			{
				name: 'Remove Contact',
				value: 'remove',
				action: 'Remove a contact from a campaign',
				description: 'Take a contact out of one HighLevel campaign',
			},
			{
				name: 'Remove From All Campaigns',
				value: 'removeAll',
				action: 'Remove a contact from all campaigns',
				description: 'Take a contact out of every HighLevel campaign it is in',
			},
		],
		default: 'add',
	},
	...add.description,
	...remove.description,
	...removeAll.description,
];
