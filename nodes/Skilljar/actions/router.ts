import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type Resources } from '../../shared/router';
import { getConnection, type SkilljarConnection } from '../transport';
import * as course from './course';
import * as enrollment from './enrollment';
import * as group from './group';
import * as learner from './learner';
import * as profileField from './profileField';
import * as progress from './progress';

const resources: Resources<SkilljarConnection> = {
	course: course.operations,
	enrollment: enrollment.operations,
	group: group.operations,
	learner: learner.operations,
	profileField: profileField.operations,
	progress: progress.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, resources, async (ctx) => await getConnection(ctx), 5);
}
