import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { limitOf, returnAllFields } from '../../descriptions/common';
import { fromV1, fromV2 } from '../../helpers/learner';
import { v1List, v2List, type SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [
	...returnAllFields(100_000),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. jane@example.com',
				default: '',
				description: 'Exact email, matched case-insensitively',
			},
			{
				displayName: 'First Name',
				name: 'firstName',
				type: 'string',
				default: '',
				description: 'Exact first name (case-sensitive)',
			},
			{
				displayName: 'Last Name',
				name: 'lastName',
				type: 'string',
				default: '',
				description: 'Exact last name (case-sensitive)',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Active', value: 'active' },
					{ name: 'Inactive (Deactivated)', value: 'inactive' },
				],
				default: 'any',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['learner'], operation: ['getMany'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const limit = limitOf(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const text = (name: string) => String(filters[name] ?? '').trim();
	const status = (filters.status as string | undefined) ?? 'any';
	const inactive = status === 'any' ? undefined : status === 'inactive';
	if (conn.api === 'v1') {
		// GET /v1/users pages by cursor; v1List follows each `next` verbatim.
		const qs: IDataObject = {};
		if (text('email')) qs.email = text('email');
		if (text('firstName')) qs.first_name = text('firstName');
		if (text('lastName')) qs.last_name = text('lastName');
		if (inactive !== undefined) qs.is_inactive = inactive;
		const users = await v1List<IDataObject>(
			this,
			conn,
			{ path: '/v1/users', qs, itemIndex },
			limit,
		);
		return users.map((user) => ({ json: fromV1(user) }));
	}
	const qs: IDataObject = {};
	if (text('email')) qs['filter[email]'] = text('email');
	if (text('firstName')) qs['filter[first_name]'] = text('firstName');
	if (text('lastName')) qs['filter[last_name]'] = text('lastName');
	if (inactive !== undefined) qs['filter[is_inactive]'] = inactive;
	const { data } = await v2List(
		this,
		conn,
		{ path: '/v2/students/', qs, itemIndex, scope: 'students:read' },
		limit,
	);
	return data.map((student) => ({ json: fromV2(student) }));
}
