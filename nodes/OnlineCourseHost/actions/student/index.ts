import type { INodeProperties } from 'n8n-workflow';

import type { OchOperation } from '../types';
import * as enroll from './enroll.operation';

export const operations: Record<string, OchOperation> = { enroll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['student'] } },
		options: [
			{
				name: 'Enroll in Course',
				value: 'enroll',
				action: 'Enroll a student in a course',
				description:
					'Enroll a student, identified by email, in one course; creates the student account first when the email is new. Safe to repeat: an existing student gets no second account.',
			},
		],
		default: 'enroll',
	},
	...enroll.description,
];
