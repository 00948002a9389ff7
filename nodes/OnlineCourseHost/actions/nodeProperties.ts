import type { INodeProperties } from 'n8n-workflow';

import { requestOptionsField } from '../../shared/descriptions';
import * as course from './course';
import * as student from './student';

/** The node's parameters: resource, each resource's operations, request options. */
export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Course', value: 'course' },
			{ name: 'Student', value: 'student' },
		],
		default: 'student',
	},
	...course.description,
	...student.description,
	requestOptionsField({ default: 3, typeOptions: { minValue: 1, maxValue: 10 } }),
];
