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
		displayOptions: { show: { resource: ['workflow'] } },
		options: [
			{
				name: 'Add Contact',
				value: 'add',
				action: 'Add a contact to a workflow',
				description:
					'Start a HighLevel workflow for a contact, optionally with an event start time',
			},
			{
				name: 'Remove Contact',
				value: 'remove',
				action: 'Remove a contact from a workflow',
				description: 'Stop a HighLevel workflow for a contact',
			},
		],
		default: 'add',
	},
	...add.description,
	...remove.description,
];
