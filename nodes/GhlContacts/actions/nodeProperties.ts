import type { INodeProperties } from 'n8n-workflow';

import { requestOptionsField } from '../../shared/descriptions';
import * as appointment from './appointment';
import * as business from './business';
import * as campaign from './campaign';
import * as contact from './contact';
import * as follower from './follower';
import * as note from './note';
import * as tag from './tag';
import * as task from './task';
import * as workflow from './workflow';

/** The node's parameters: authentication, resource, each resource's operations, request options. */
export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'Private Integration Token', value: 'privateIntegrationToken' },
			{ name: 'OAuth2 (Marketplace App)', value: 'oAuth2' },
		],
		default: 'privateIntegrationToken',
	},
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Appointment', value: 'appointment' },
			{ name: 'Business', value: 'business' },
			{ name: 'Campaign', value: 'campaign' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Follower', value: 'follower' },
			{ name: 'Note', value: 'note' },
			{ name: 'Tag', value: 'tag' },
			{ name: 'Task', value: 'task' },
			{ name: 'Workflow', value: 'workflow' },
		],
		default: 'contact',
	},
	...appointment.description,
	...business.description,
	...campaign.description,
	...contact.description,
	...follower.description,
	...note.description,
	...tag.description,
	...task.description,
	...workflow.description,
	requestOptionsField({
		description:
			'How many input items are worked on at once. Requests stay under the HighLevel rate limit either way; output keeps the input order.',
	}),
];
