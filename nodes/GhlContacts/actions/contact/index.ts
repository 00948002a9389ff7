import type { INodeProperties } from 'n8n-workflow';

import type { GhlOperation } from '../types';
import * as create from './create.operation';
import * as deleteContact from './delete.operation';
import * as findDuplicate from './findDuplicate.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getManyByBusiness from './getManyByBusiness.operation';
import * as search from './search.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export const operations: Record<string, GhlOperation> = {
	create,
	delete: deleteContact,
	findDuplicate,
	get,
	getMany,
	getManyByBusiness,
	search,
	update,
	upsert,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a contact',
				description:
					"Create a new contact in a location. Fails with the existing contact's ID when the location forbids duplicates and the email or phone is taken; use Create or Update then.",
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update a contact',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a contact',
				description: 'Permanently delete one contact by ID, with its tasks and notes',
			},
			{
				name: 'Find Duplicate',
				value: 'findDuplicate',
				action: 'Find a duplicate contact',
				description:
					'Look up the existing contact with a given email or phone. Returns it with found=true, or one item with found=false.',
			},
			{ name: 'Get', value: 'get', action: 'Get a contact', description: 'Get one contact by ID' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many contacts',
				description:
					'List contacts of a location, optionally matching a text query (legacy endpoint)',
			},
			{
				name: 'Get Many by Business',
				value: 'getManyByBusiness',
				action: 'Get many contacts of a business',
				description:
					'List the contacts linked to one business (company) ID, optionally matching a text query',
			},
			{
				name: 'Search',
				value: 'search',
				action: 'Search contacts',
				description:
					'Find contacts by field conditions (equals, contains, exists, between, …) in AND/OR groups, with sorting and paging past 10,000 results',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a contact',
				description:
					'Change fields of one contact by ID. Tags given here replace all current tags; use the Tag resource to add or remove single tags.',
			},
		],
		default: 'get',
	},
	...create.description,
	...upsert.description,
	...deleteContact.description,
	...findDuplicate.description,
	...get.description,
	...getMany.description,
	...getManyByBusiness.description,
	...search.description,
	...update.description,
];
