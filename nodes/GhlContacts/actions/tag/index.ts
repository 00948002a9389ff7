import type { INodeProperties } from 'n8n-workflow';

import { MAX_BATCH_SIZE } from '../../helpers/bulk';
import type { GhlOperation } from '../types';
import * as add from './add.operation';
import * as addBulk from './addBulk.operation';
import * as remove from './remove.operation';
import * as removeBulk from './removeBulk.operation';

export const operations: Record<string, GhlOperation> = { add, addBulk, remove, removeBulk };

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
				name: 'Add to Many Contacts',
				value: 'addBulk',
				action: 'Add tags to many contacts',
				description: `Add tags to the contacts of all input items at once: one request per up to ${MAX_BATCH_SIZE} contacts with the same tags`,
			},
			{
				name: 'Remove',
				value: 'remove',
				action: 'Remove tags from a contact',
				description: 'Remove one or more tags from a contact, keeping its other tags',
			},
			{
				name: 'Remove From Many Contacts',
				value: 'removeBulk',
				action: 'Remove tags from many contacts',
				description: `Remove tags from the contacts of all input items at once: one request per up to ${MAX_BATCH_SIZE} contacts with the same tags`,
			},
		],
		default: 'add',
	},
	...add.description,
	...addBulk.description,
	...remove.description,
	...removeBulk.description,
];
