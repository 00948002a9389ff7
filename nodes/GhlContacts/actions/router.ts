import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type Resources } from '../../shared/router';
import { getConnection, type GhlConnection } from '../transport';
import * as appointment from './appointment';
import * as business from './business';
import * as contact from './contact';
import * as note from './note';
import * as tag from './tag';
import * as task from './task';

const resources: Resources<GhlConnection> = {
	appointment: appointment.operations,
	business: business.operations,
	contact: contact.operations,
	note: note.operations,
	tag: tag.operations,
	task: task.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, resources, getConnection, 5);
}
