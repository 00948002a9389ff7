import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { truncate } from '../../shared/validation';
import { cached, v1List, v2List, type SkilljarConnection } from '../transport';
import { fromV1, getLearner, type LearnerOutput } from './learner';

export interface FieldDefinition {
	id: string;
	label: string;
}

/** The profile (signup) field definitions of the credential's domain (v1), once per execution. */
export async function fieldDefinitions(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	itemIndex: number,
): Promise<FieldDefinition[]> {
	return await cached(conn, 'signup-fields', async () =>
		(
			await v1List<IDataObject>(ctx, conn, {
				path: '/v1/domains/{domain}/signup-fields',
				itemIndex,
			})
		).map((field): FieldDefinition => ({ id: String(field.id), label: String(field.label ?? '') })),
	);
}

/** The definition a field is given by: its ID, else its label in any case. */
export function findDefinition(
	definitions: FieldDefinition[],
	field: string,
): FieldDefinition | undefined {
	return (
		definitions.find((candidate) => candidate.id === field) ??
		definitions.find((candidate) => candidate.label.toLowerCase() === field.toLowerCase())
	);
}

/** Fails naming the field when it is not one v2 can use (it has no lookup by label). */
export function assertV2FieldId(ctx: IExecuteFunctions, field: string, itemIndex: number): void {
	if (/^[0-9a-z]+$/.test(field)) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Profile field "${truncate(field)}" is not a field ID`,
		{
			itemIndex,
			description:
				'With the OAuth2 (v2) credential, give field IDs: API v2 cannot look fields up by label. Find the IDs with Profile Field → Get Many and the API Key (v1) credential.',
		},
	);
}

/**
 * The learners whose profile field holds exactly this value (v1: domain users filtered by the
 * field; v2: the field's values, compared here, as v2 filters values by field only). Undefined
 * when the field does not exist on the domain (v1), so callers can fall back without failing.
 */
export async function learnersWithValue(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	field: string,
	value: string,
	itemIndex: number,
): Promise<{ label: string; learners: LearnerOutput[] } | undefined> {
	if (conn.api === 'v1') {
		const definition = findDefinition(await fieldDefinitions(ctx, conn, itemIndex), field);
		if (!definition) return undefined;
		const members = await v1List<IDataObject>(ctx, conn, {
			path: '/v1/domains/{domain}/users',
			qs: { signup_field_id: definition.id, signup_field_value: value },
			itemIndex,
		});
		return { label: definition.label, learners: members.map(fromV1) };
	}
	assertV2FieldId(ctx, field, itemIndex);
	const { data } = await v2List(
		ctx,
		conn,
		{
			path: '/v2/signup-field-values/',
			qs: { 'filter[signup-field.id]': field },
			scope: 'signup-fields:read',
			itemIndex,
		},
		Number.POSITIVE_INFINITY,
		(row) => row.attributes?.value === value,
	);
	const ids = [
		...new Set(data.map((row) => String(row.relationships?.student?.data?.id ?? ''))),
	].filter((id) => id !== '');
	const learners: LearnerOutput[] = [];
	for (const id of ids) learners.push(await getLearner(ctx, conn, id, itemIndex));
	return { label: `profile field ${field}`, learners };
}
