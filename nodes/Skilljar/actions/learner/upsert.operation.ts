import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { assertEmail, truncate } from '../../../shared/validation';
import { profileFieldPicker } from '../../descriptions/common';
import { entryError, singleEntry, type BatchAnswer } from '../../helpers/batch';
import { findLearnerByEmail, fromV1, fromV2, type LearnerOutput } from '../../helpers/learner';
import { learnersWithValue } from '../../helpers/profileFields';
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Match by Profile Field',
				name: 'matchByProfileField',
				type: 'fixedCollection',
				placeholder: 'Add match',
				default: {},
				description:
					'Find the learner first by a profile field holding an ID from your other system (e.g. CRM Contact ID). The learner with that value is updated, email included (API Key credential), so a changed email does not make a second learner. No learner with the value, an empty value or a field not created in Skilljar: found by email as usual.',
				options: [
					{
						displayName: 'Match',
						name: 'match',
						values: [
							profileFieldPicker(),
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
								placeholder: 'e.g. the CRM contact ID',
								description: 'The value the learner must hold in that field (exact match)',
							},
						],
					},
				],
			},
		],
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
	const match = matchParameter(this, itemIndex);
	if (match) {
		const found = await learnersWithValue(this, conn, match.field, match.value, itemIndex);
		const matched = found && pickMatch(this, found, match.value, email, itemIndex);
		if (matched) {
			const by = { label: found.label, value: match.value };
			const updated = await updateMatched(this, conn, matched, by, email, names, itemIndex);
			return [{ json: { ...updated, matched_by: 'profileField' } }];
		}
	}
	const byEmail = { matched_by: 'email', email_updated: false };
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
		return [{ json: { ...learner, names_updated: Object.keys(changes).length > 0, ...byEmail } }];
	}
	return [{ json: { ...(await upsertV2(this, conn, email, names, itemIndex)), ...byEmail } }];
}

/** The Match by Profile Field option, or undefined when unset or its field or value is empty. */
function matchParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { field: string; value: string } | undefined {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const match = ((options.matchByProfileField ?? {}) as IDataObject).match as
		{ field?: unknown; value?: unknown } | undefined;
	const field = String(match?.field ?? '').trim();
	const value = String(match?.value ?? '').trim();
	return field && value ? { field, value } : undefined;
}

/** The one learner the value names: the one with the email when several have it. */
function pickMatch(
	ctx: IExecuteFunctions,
	found: { label: string; learners: LearnerOutput[] },
	value: string,
	email: string,
	itemIndex: number,
): LearnerOutput | undefined {
	const { label, learners } = found;
	if (learners.length <= 1) return learners[0];
	const withEmail = learners.find((learner) => learner.email.toLowerCase() === email.toLowerCase());
	if (withEmail) return withEmail;
	throw new NodeOperationError(
		ctx.getNode(),
		`${learners.length} learners have ${label} "${truncate(value)}"`,
		{
			itemIndex,
			description: `Learners: ${learners.map((learner) => learner.email).join(', ')}. Keep the value on one of them in Skilljar.`,
		},
	);
}

/** The learner found by the profile field, given the email and names (v1 changes emails, v2 cannot). */
async function updateMatched(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	learner: LearnerOutput,
	{ label, value }: { label: string; value: string },
	email: string,
	names: { first_name?: string; last_name?: string },
	itemIndex: number,
): Promise<IDataObject> {
	const emailChanged = learner.email.toLowerCase() !== email.toLowerCase();
	if (conn.api === 'v2') {
		if (emailChanged) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The learner with ${label} "${truncate(value)}" has the email ${learner.email}; the OAuth2 (v2) credential cannot change emails`,
				{
					itemIndex,
					description:
						"Skilljar API v2 treats a learner's email as read-only. Use the API Key (v1) credential to follow email changes.",
				},
			);
		}
		return { ...(await updateNamesV2(ctx, conn, learner, names, itemIndex)), email_updated: false };
	}
	if (emailChanged) {
		const owner = await findLearnerByEmail(ctx, conn, email, itemIndex);
		if (owner && owner.id !== learner.id) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The learner with ${label} "${truncate(value)}" (${learner.email}) cannot take the email ${email}: another learner has it`,
				{
					itemIndex,
					description: `Skilljar emails are unique. Merge or deactivate one of the two learners (${learner.id}, ${owner.id}) in Skilljar, or correct the email in your other system.`,
				},
			);
		}
	}
	const changes = { ...changedNames(learner, names), ...(emailChanged ? { email } : {}) };
	if (Object.keys(changes).length === 0)
		return { ...learner, names_updated: false, email_updated: false };
	const updated = fromV1({
		user: await skilljarRequest(ctx, conn, {
			method: 'PATCH',
			path: '/v1/users/{id}',
			pathParams: { id: { label: 'Learner', value: learner.id } },
			body: changes,
			itemIndex,
		}),
	});
	return {
		...learner,
		email: updated.email,
		first_name: updated.first_name,
		last_name: updated.last_name,
		names_updated: 'first_name' in changes || 'last_name' in changes,
		email_updated: emailChanged,
	};
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
	return { ...(await updateNamesV2(ctx, conn, existing, names, itemIndex)), created: false };
}

/** The learner's names set to those given where they differ (v2). */
async function updateNamesV2(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	existing: LearnerOutput,
	names: { first_name?: string; last_name?: string },
	itemIndex: number,
): Promise<IDataObject> {
	const changes = changedNames(existing, names);
	if (Object.keys(changes).length === 0) return { ...existing, names_updated: false };
	const answer = await skilljarRequest<BatchAnswer>(ctx, conn, {
		method: 'PATCH',
		path: '/v2/students/',
		body: { data: [{ type: 'students', id: existing.id, attributes: changes }] },
		scope: 'students:write',
		itemIndex,
	});
	const updated = singleEntry(
		ctx.getNode(),
		answer,
		`the update of learner ${existing.email}`,
		itemIndex,
	);
	return { ...fromV2(updated.result!), names_updated: true };
}
