import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { assertEmail } from '../../../shared/validation';
import { learnerLocator } from '../../descriptions/common';
import { singleEntry, type BatchAnswer } from '../../helpers/batch';
import { fromV1, fromV2, getLearner, resolveLearner } from '../../helpers/learner';
import { skilljarRequest, type SkilljarConnection } from '../../transport';
import { NAME_MAX } from './upsert.operation';

const properties: INodeProperties[] = [
	learnerLocator(),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		options: [
			{
				displayName: 'Active',
				name: 'active',
				type: 'boolean',
				default: true,
				description:
					"Whether the learner may use the training site. API Key (v1): their membership of the credential's domain; OAuth2 (v2): the learner across the organization.",
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. jane@example.com',
				default: '',
				description: 'A new email address. API Key (v1) only: v2 cannot change emails.',
			},
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['learner'], operation: ['update'] } },
	properties,
);

interface Changes {
	email?: string;
	first_name?: string;
	last_name?: string;
}

function changesOf(
	ctx: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): { changes: Changes; active?: boolean } {
	const changes: Changes = {};
	if (typeof fields.email === 'string' && fields.email.trim() !== '') {
		changes.email = assertEmail(ctx.getNode(), 'Email', fields.email, itemIndex);
	}
	for (const [parameter, field, label] of [
		['firstName', 'first_name', 'First Name'],
		['lastName', 'last_name', 'Last Name'],
	] as const) {
		if (typeof fields[parameter] !== 'string') continue;
		const value = (fields[parameter] as string).trim();
		if (value.length > NAME_MAX) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${label} is longer than ${NAME_MAX} characters`,
				{ itemIndex },
			);
		}
		changes[field] = value;
	}
	const active = typeof fields.active === 'boolean' ? fields.active : undefined;
	if (Object.keys(changes).length === 0 && active === undefined) {
		throw new NodeOperationError(ctx.getNode(), 'Update Fields is empty', {
			itemIndex,
			description: 'Add at least one field to change under "Update Fields".',
		});
	}
	return { changes, active };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const { changes, active } = changesOf(this, fields, itemIndex);
	if (conn.api === 'v2' && changes.email !== undefined) {
		throw new NodeOperationError(
			this.getNode(),
			'Email cannot be changed with the OAuth2 (v2) credential',
			{
				itemIndex,
				description:
					"Skilljar API v2 treats a learner's email as read-only. Use the API Key (v1) credential to change it.",
			},
		);
	}
	const { id } = await resolveLearner(this, conn, itemIndex);
	const pathParams = { id: { label: 'Learner', value: id } };

	if (conn.api === 'v1') {
		let learner =
			Object.keys(changes).length > 0
				? fromV1({
						user: await skilljarRequest(this, conn, {
							method: 'PATCH',
							path: '/v1/users/{id}',
							pathParams,
							body: { ...changes },
							itemIndex,
						}),
					})
				: undefined;
		if (active !== undefined) {
			// Names live on the user, access on the domain membership: a second request.
			const member = await skilljarRequest(this, conn, {
				method: 'PATCH',
				path: '/v1/domains/{domain}/users/{id}',
				pathParams,
				body: { active },
				itemIndex,
			});
			learner = { ...fromV1(member), ...(learner ?? {}) };
		}
		return [{ json: learner ?? (await getLearner(this, conn, id, itemIndex)) }];
	}

	const patch = async (attributes: IDataObject) => {
		const answer = await skilljarRequest<BatchAnswer>(this, conn, {
			method: 'PATCH',
			path: '/v2/students/',
			body: { data: [{ type: 'students', id, attributes }] },
			scope: 'students:write',
			itemIndex,
		});
		return fromV2(
			singleEntry(this.getNode(), answer, `the update of learner ${id}`, itemIndex).result!,
		);
	};
	// v2 takes a reactivation and other changes only in separate requests.
	let learner = active !== undefined ? await patch({ is_inactive: !active }) : undefined;
	if (Object.keys(changes).length > 0) learner = await patch({ ...changes });
	return [{ json: learner! }];
}
