import type { INodeProperties } from 'n8n-workflow';

import { MAX_BATCH_SIZE } from '../../helpers/bulk';
import type { GhlOperation } from '../types';
import * as addContacts from './addContacts.operation';
import * as removeContacts from './removeContacts.operation';

export const operations: Record<string, GhlOperation> = { addContacts, removeContacts };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['business'] } },
		options: [
			{
				name: 'Add Contacts',
				value: 'addContacts',
				action: 'Add contacts to a business',
				description: `Put the contacts of all input items into a business at once: one request per up to ${MAX_BATCH_SIZE} contacts`,
			},
			{
				name: 'Remove Contacts',
				value: 'removeContacts',
				action: 'Remove contacts from a business',
				description: `Take the contacts of all input items out of their business at once: one request per up to ${MAX_BATCH_SIZE} contacts`,
			},
		],
		default: 'addContacts',
	},
	...addContacts.description,
	...removeContacts.description,
];
