import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { nodeProperties } from './actions/nodeProperties';
import { router } from './actions/router';
import { searchCourses } from './methods/listSearch';

export class OnlineCourseHost implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OnlineCourseHost',
		name: 'onlineCourseHost',
		icon: { light: 'file:onlineCourseHost.svg', dark: 'file:onlineCourseHost.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'List OnlineCourseHost courses and enroll students in them, creating the student account when the email is new',
		defaults: { name: 'OnlineCourseHost' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'onlineCourseHostApi', required: true }],
		properties: nodeProperties,
	};

	methods = {
		listSearch: { searchCourses },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
