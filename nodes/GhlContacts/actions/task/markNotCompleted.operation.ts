import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import type { GhlConnection } from '../../transport';
import { completionProperties, setTaskCompleted } from './completion';

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['markNotCompleted'] } },
	completionProperties('The task to reopen'),
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	return await setTaskCompleted(this, itemIndex, conn, false);
}
