import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { checkGroupName, findGroupByName } from '../../helpers/groups';
import type { SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		placeholder: 'e.g. Customers',
		default: '',
		required: true,
		description: 'The exact group name, including case',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['findByName'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const name = checkGroupName(this, this.getNodeParameter('name', itemIndex) as string, itemIndex);
	const group = await findGroupByName(this, conn, name, itemIndex);
	return [{ json: group ? { found: true, ...group } : { found: false, name } }];
}
