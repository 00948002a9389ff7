import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { nodeProperties } from './actions/nodeProperties';
import { router } from './actions/router';
import { searchGroups } from './methods/listSearch';
import { getPublishedCourses, getSignupFields } from './methods/loadOptions';

export class Skilljar implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Skilljar',
		name: 'skilljar',
		icon: { light: 'file:skilljar.svg', dark: 'file:skilljar.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Manage Skilljar learners, enrollments, groups, profile fields and course progress',
		defaults: { name: 'Skilljar' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'skilljarApi',
				required: true,
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
			{
				name: 'skilljarOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: nodeProperties,
	};

	methods = {
		listSearch: { searchGroups },
		loadOptions: { getPublishedCourses, getSignupFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
