import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type Resources } from '../../shared/router';
import { getConnection, type GhlConnection } from '../transport';
import * as appointment from './appointment';
import * as business from './business';
import * as campaign from './campaign';
import * as contact from './contact';
import * as follower from './follower';
import * as note from './note';
import * as tag from './tag';
import * as task from './task';
import * as workflow from './workflow';

const resources: Resources<GhlConnection> = {
	appointment: appointment.operations,
	business: business.operations,
	campaign: campaign.operations,
	contact: contact.operations,
	follower: follower.operations,
	note: note.operations,
	tag: tag.operations,
	task: task.operations,
	workflow: workflow.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, resources, getConnection, 5);
}
