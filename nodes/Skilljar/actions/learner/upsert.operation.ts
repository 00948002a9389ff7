import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { assertEmail } from '../../../shared/validation';
import { entryError, singleEntry, type BatchAnswer } from '../../helpers/batch';
import { findLearnerByEmail, fromV1, fromV2, type LearnerOutput } from '../../helpers/learner';
import { skilljarRequest, type SkilljarConnection } from '../../transport';

export const NAME_MAX = 50;

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. jane@example.com',
		default: '',
		required: true,
		description:
			"The learner is found by this email; a new one is created when none has it. API Key: the learner also becomes an active member of the credential's training domain.",
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		description:
			'Set on a new learner, and changed on an existing one when it differs. Leave empty to keep the current name.',
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		description:
			'Set on a new learner, and changed on an existing one when it differs. Leave empty to keep the current name.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['learner'], operation: ['upsert'] } },
	properties,
);

/** First and last name parameters, trimmed and checked against Skilljar's 50-character limit. */
export function nameParameters(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { first_name?: string; last_name?: string } {
	const names: { first_name?: string; last_name?: string } = {};
	for (const [parameter, field, label] of [
		['firstName', 'first_name', 'First Name'],
		['lastName', 'last_name', 'Last Name'],
	] as const) {
		const value = String(ctx.getNodeParameter(parameter, itemIndex, '') ?? '').trim();
		if (value.length > NAME_MAX) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${label} is longer than ${NAME_MAX} characters`,
				{
					itemIndex,
					description:
						'Skilljar keeps at most 50 characters per name. Shorten it, e.g. with .slice(0, 50).',
				},
			);
		}
		if (value !== '') names[field] = value;
	}
	return names;
}

/** The given names that differ from the learner's. */
function changedNames(
	learner: LearnerOutput,
	names: { first_name?: string; last_name?: string },
): IDataObject {
	const changes: IDataObject = {};
	if (names.first_name !== undefined && names.first_name !== learner.first_name)
		changes.first_name = names.first_name;
	if (names.last_name !== undefined && names.last_name !== learner.last_name)
		changes.last_name = names.last_name;
	return changes;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const email = assertEmail(
		this.getNode(),
		'Email',
		this.getNodeParameter('email', itemIndex) as string,
		itemIndex,
	);
	const names = nameParameters(this, itemIndex);
	if (conn.api === 'v1') {
		// POST domain users is an upsert: a known email joins the domain and comes back unchanged.
		const member = await skilljarRequest(this, conn, {
			method: 'POST',
			path: '/v1/domains/{domain}/users',
			body: { user: { email, ...names }, active: true },
			retrySafe: true,
			itemIndex,
		});
		let learner = fromV1(member);
		const changes = changedNames(learner, names);
		if (Object.keys(changes).length > 0) {
			const updated = await skilljarRequest(this, conn, {
				method: 'PATCH',
				path: '/v1/users/{id}',
				pathParams: { id: { label: 'Learner', value: learner.id } },
				body: changes,
				itemIndex,
			});
			learner = {
				...learner,
				first_name: String(updated.first_name ?? ''),
				last_name: String(updated.last_name ?? ''),
			};
		}
		return [{ json: { ...learner, names_updated: Object.keys(changes).length > 0 } }];
	}
	return [{ json: await upsertV2(this, conn, email, names, itemIndex) }];
}

async function upsertV2(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	email: string,
	names: { first_name?: string; last_name?: string },
	itemIndex: number,
): Promise<IDataObject> {
	let existing = await findLearnerByEmail(ctx, conn, email, itemIndex);
	if (!existing) {
		// A repeat cannot create a second learner: Skilljar answers duplicate_email instead.
		const answer = await skilljarRequest<BatchAnswer>(ctx, conn, {
			method: 'POST',
			path: '/v2/students/',
			body: { data: [{ type: 'students', attributes: { email, ...names } }] },
			retrySafe: true,
			scope: 'students:write',
			itemIndex,
		});
		const entry = answer.data?.[0];
		if (entry?.status !== 'failed' || entry.error?.code !== 'duplicate_email') {
			const created = singleEntry(ctx.getNode(), answer, `the learner ${email}`, itemIndex);
			return { ...fromV2(created.result!), created: true, names_updated: false };
		}
		// Created by someone else since the lookup: update that learner instead.
		existing = await findLearnerByEmail(ctx, conn, email, itemIndex);
		if (!existing) throw entryError(ctx.getNode(), entry, `the learner ${email}`, itemIndex);
	}
	const changes = changedNames(existing, names);
	if (Object.keys(changes).length === 0)
		return { ...existing, created: false, names_updated: false };
	const answer = await skilljarRequest<BatchAnswer>(ctx, conn, {
		method: 'PATCH',
		path: '/v2/students/',
		body: { data: [{ type: 'students', id: existing.id, attributes: changes }] },
		scope: 'students:write',
		itemIndex,
	});
	const updated = singleEntry(ctx.getNode(), answer, `the update of learner ${email}`, itemIndex);
	return { ...fromV2(updated.result!), created: false, names_updated: true };
}
