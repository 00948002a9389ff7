import type { INodeProperties } from 'n8n-workflow';

import type { GhlOperation } from '../types';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export const operations: Record<string, GhlOperation> = {
	create,
	delete: del,
	get,
	getMany,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['note'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a note',
				description: 'Add a note with text to a contact',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a note',
				description: 'Delete a note of a contact by note ID',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a note',
				description: 'Get one note of a contact by note ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many notes',
				description: 'List the notes of a contact',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a note',
				description: 'Change the text, title, colour, pin or author of a note',
			},
		],
		default: 'create',
	},
	...create.description,
	...del.description,
	...get.description,
	...getMany.description,
	...update.description,
];
