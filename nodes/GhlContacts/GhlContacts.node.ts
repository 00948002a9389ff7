import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { searchContacts } from './methods/listSearch';

export class GhlContacts implements INodeType {
	description: INodeTypeDescription = versionDescription;

	methods = {
		listSearch: { searchContacts },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
