import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runForEachItem } from '../../shared/items';
import { getConnection } from '../transport';
import * as appointment from './appointment';
import * as contact from './contact';
import * as note from './note';
import * as tag from './tag';
import * as task from './task';
import type { GhlOperation } from './types';

const resources: Record<string, Record<string, GhlOperation>> = {
	appointment: appointment.operations,
	contact: contact.operations,
	note: note.operations,
	tag: tag.operations,
	task: task.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	const conn = await getConnection(this);
	const concurrency = this.getNodeParameter('requestOptions.concurrency', 0, 5) as number;
	const output = await runForEachItem(
		this,
		concurrency,
		async (itemIndex) => await handler.execute.call(this, itemIndex, conn),
	);
	return [output];
}
