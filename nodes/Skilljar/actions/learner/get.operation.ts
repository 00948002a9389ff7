import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { learnerLocator } from '../../descriptions/common';
import { getLearner, resolveLearner } from '../../helpers/learner';
import type { SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [learnerLocator()];

export const description = updateDisplayOptions(
	{ show: { resource: ['learner'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const { id } = await resolveLearner(this, conn, itemIndex);
	return [{ json: await getLearner(this, conn, id, itemIndex) }];
}
