import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { groupLocator, learnerLocator } from '../../descriptions/common';
import { addMember, resolveGroup } from '../../helpers/groups';
import { resolveLearner } from '../../helpers/learner';
import type { SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [groupLocator(), learnerLocator()];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['addLearner'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const group = await resolveGroup(this, conn, itemIndex);
	const learner = await resolveLearner(this, conn, itemIndex);
	await addMember(this, conn, group.id, learner.id, itemIndex);
	return [
		{
			json: {
				group_id: group.id,
				...(group.name ? { group_name: group.name } : {}),
				learner_id: learner.id,
				added: true,
			},
		},
	];
}
