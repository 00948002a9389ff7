import type { INodeProperties } from 'n8n-workflow';

import { requestOptionsField } from '../../shared/descriptions';
import * as course from './course';
import * as enrollment from './enrollment';
import * as group from './group';
import * as learner from './learner';
import * as profileField from './profileField';
import * as progress from './progress';

/** The node's parameters: authentication, resource, each resource's operations, request options. */
export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'API Key', value: 'apiKey' },
			{ name: 'OAuth2', value: 'oAuth2' },
		],
		default: 'apiKey',
		description:
			'API Key uses Skilljar API v1, which offers every operation. OAuth2 uses API v2; a few operations exist in v1 only and say so.',
	},
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Course', value: 'course' },
			{ name: 'Enrollment', value: 'enrollment' },
			{ name: 'Group', value: 'group' },
			{ name: 'Learner', value: 'learner' },
			{ name: 'Profile Field', value: 'profileField' },
			{ name: 'Progress', value: 'progress' },
		],
		default: 'learner',
	},
	...course.description,
	...enrollment.description,
	...group.description,
	...learner.description,
	...profileField.description,
	...progress.description,
	requestOptionsField(),
];
