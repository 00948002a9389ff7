import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runForEachItem } from '../../shared/items';
import { getConnection } from '../transport';
import * as course from './course';
import * as student from './student';
import type { OchOperation } from './types';

const resources: Record<string, Record<string, OchOperation>> = {
	course: course.operations,
	student: student.operations,
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
	const concurrency = this.getNodeParameter('requestOptions.concurrency', 0, 3) as number;
	const output = await runForEachItem(
		this,
		concurrency,
		async (itemIndex) => await handler.execute.call(this, itemIndex, conn),
	);
	return [output];
}
