import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { limitOf, returnAllFields } from '../../descriptions/common';
import { requireApi, v1List, type SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName:
			'Needs the API Key (v1) credential: Skilljar API v2 has no list of profile fields.',
		name: 'v1Notice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
	...returnAllFields(1_000),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['profileField'], operation: ['getMany'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	requireApi(
		this,
		conn,
		'v1',
		'Profile Field → Get Many',
		'Skilljar API v2 has no list of profile field definitions.',
		itemIndex,
	);
	const fields = await v1List<IDataObject>(
		this,
		conn,
		{ path: '/v1/domains/{domain}/signup-fields', itemIndex },
		limitOf(this, itemIndex),
	);
	return fields.map((field) => ({
		json: {
			id: field.id,
			label: field.label,
			type: field.type,
			required: field.required,
			active: field.active,
			options: ((field.options ?? []) as IDataObject[]).map((option) => option.value),
		},
	}));
}
