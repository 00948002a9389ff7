import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { limitOf, returnAllFields } from '../../descriptions/common';
import { listGroups } from '../../helpers/groups';
import type { SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [...returnAllFields(10_000)];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['getMany'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const groups = await listGroups(this, conn, itemIndex, limitOf(this, itemIndex));
	return groups.map((group) => ({ json: group }));
}
