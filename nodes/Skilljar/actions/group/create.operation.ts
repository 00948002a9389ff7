import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { checkGroupName, createGroup } from '../../helpers/groups';
import type { SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		placeholder: 'e.g. Customers',
		default: '',
		required: true,
		description: 'Unique in the organization (case-sensitive), at most 100 characters',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const name = checkGroupName(this, this.getNodeParameter('name', itemIndex) as string, itemIndex);
	return [{ json: await createGroup(this, conn, name, itemIndex) }];
}
