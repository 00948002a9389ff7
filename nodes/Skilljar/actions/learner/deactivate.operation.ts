import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { learnerLocator } from '../../descriptions/common';
import { fromV1, resolveLearner } from '../../helpers/learner';
import { skilljarRequest, type SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [learnerLocator()];

export const description = updateDisplayOptions(
	{ show: { resource: ['learner'], operation: ['deactivate'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const { id } = await resolveLearner(this, conn, itemIndex);
	const pathParams = { id: { label: 'Learner', value: id } };
	if (conn.api === 'v1') {
		// Skilljar has no delete: the membership of the domain is switched off.
		const member = await skilljarRequest(this, conn, {
			method: 'PATCH',
			path: '/v1/domains/{domain}/users/{id}',
			pathParams,
			body: { active: false },
			itemIndex,
		});
		return [{ json: { ...fromV1(member), deactivated: true } }];
	}
	await skilljarRequest(this, conn, {
		method: 'DELETE',
		path: '/v2/students/{id}',
		pathParams,
		scope: 'students:deactivate',
		itemIndex,
	});
	return [{ json: { id, deactivated: true } }];
}
