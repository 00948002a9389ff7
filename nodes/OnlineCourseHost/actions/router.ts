import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type Resources } from '../../shared/router';
import { getConnection, type OchConnection } from '../transport';
import * as course from './course';
import * as student from './student';

const resources: Resources<OchConnection> = {
	course: course.operations,
	student: student.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, resources, getConnection, 3);
}
