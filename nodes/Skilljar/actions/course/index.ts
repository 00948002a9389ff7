import type { INodeProperties } from 'n8n-workflow';

import type { SkilljarOperation } from '../types';
import * as getMany from './getMany.operation';

export const operations: Record<string, SkilljarOperation> = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['course'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many published courses',
				description:
					"List the published courses learners can be enrolled in (API Key: those on the credential's training domain; OAuth2: the live ones on every domain)",
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
