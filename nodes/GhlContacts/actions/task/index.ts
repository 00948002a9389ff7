import type { INodeProperties } from 'n8n-workflow';

import type { GhlOperation } from '../types';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as markCompleted from './markCompleted.operation';
import * as markNotCompleted from './markNotCompleted.operation';
import * as update from './update.operation';

export const operations: Record<string, GhlOperation> = {
	create,
	delete: del,
	get,
	getMany,
	markCompleted,
	markNotCompleted,
	update,
};

// Two completion actions rather than one with a Completed switch: each reads as what it does in
// the node list, and an AI agent picks an action instead of having to set a flag right.
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a task',
				description: 'Create a task for a contact, with a title and a due date',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a task',
				description: 'Delete a task of a contact by task ID',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a task',
				description: 'Get one task of a contact by task ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many tasks',
				description: 'List the tasks of a contact, done and open',
			},
			{
				name: 'Mark Completed',
				value: 'markCompleted',
				action: 'Mark a task as completed',
				description: 'Mark a task of a contact as done',
			},
			{
				name: 'Mark Not Completed',
				value: 'markNotCompleted',
				action: 'Mark a task as not completed',
				description: 'Reopen a task of a contact that was marked as done',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a task',
				description: 'Change the title, description, due date, assignee or completion of a task',
			},
		],
		default: 'create',
	},
	...create.description,
	...del.description,
	...get.description,
	...getMany.description,
	...markCompleted.description,
	...markNotCompleted.description,
	...update.description,
];
