import {
	NodeApiError,
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { encodePathSegment, truncate } from '../../../shared/validation';
import { learnerLocator, profileFieldPicker } from '../../descriptions/common';
import { describeEntry, failedEntries, type BatchAnswer } from '../../helpers/batch';
import { resolveLearner } from '../../helpers/learner';
import { assertV2FieldId, fieldDefinitions, findDefinition } from '../../helpers/profileFields';
import { skilljarRequest, v1List, v2List, type SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [
	learnerLocator(),
	{
		displayName: 'Values',
		name: 'values',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add value',
		default: {},
		description:
			'The profile (signup) fields to set, e.g. phone, CRM contact ID, notes or task status. Fields are defined in the Skilljar dashboard.',
		options: [
			{
				displayName: 'Value',
				name: 'value',
				values: [
					profileFieldPicker(),
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'Text; for a picklist one of its options, for a checkbox true or false. With the API Key (v1) credential an empty value cannot be stored: it is skipped and listed in skipped_empty, and the field keeps its value.',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Only Write Changed Values',
				name: 'onlyChanged',
				type: 'boolean',
				default: false,
				description:
					"Whether to read the learner's current values first (one more request) and write only those that differ. A run that changes nothing then writes nothing; the fields left alone are listed in unchanged.",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['profileField'], operation: ['setValues'] } },
	properties,
);

function entriesOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Array<{ field: string; value: string }> {
	const rows = ((ctx.getNodeParameter('values', itemIndex, {}) as IDataObject).value ??
		[]) as Array<{ field?: unknown; value?: unknown }>;
	const entries = rows
		.map((row) => ({
			field: String(row.field ?? '').trim(),
			value: row.value === undefined || row.value === null ? '' : String(row.value),
		}))
		.filter((row) => row.field !== '');
	if (entries.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Values is empty', {
			itemIndex,
			description: 'Add at least one profile field and its value.',
		});
	}
	return entries;
}

/** Field IDs for labels or IDs given, from the domain's definitions (v1). */
async function resolveFields(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	entries: Array<{ field: string; value: string }>,
	itemIndex: number,
): Promise<Array<{ id: string; label: string; value: string }>> {
	const definitions = await fieldDefinitions(ctx, conn, itemIndex);
	return entries.map(({ field, value }) => {
		const definition = findDefinition(definitions, field);
		if (!definition) {
			throw new NodeOperationError(
				ctx.getNode(),
				`No profile field "${truncate(field)}" on ${conn.domain}`,
				{
					itemIndex,
					description: `Fields of this domain: ${definitions.map((candidate) => candidate.label).join(', ') || 'none'}. Fields are created in the Skilljar dashboard.`,
				},
			);
		}
		return { id: definition.id, label: definition.label, value };
	});
}

function onlyChanged(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return (ctx.getNodeParameter('options.onlyChanged', itemIndex, false) as boolean) === true;
}

/** The learner's stored values by field ID. */
async function currentValues(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	learnerId: string,
	itemIndex: number,
): Promise<Map<string, string>> {
	if (conn.api === 'v1') {
		const rows = await v1List<{ signup_field?: { id?: unknown }; value?: unknown }>(ctx, conn, {
			path: '/v1/domains/{domain}/users/{learnerId}/signup-fields',
			pathParams: { learnerId: { label: 'Learner', value: learnerId } },
			itemIndex,
		});
		return new Map(rows.map((row) => [String(row.signup_field?.id), String(row.value ?? '')]));
	}
	const { data } = await v2List(ctx, conn, {
		path: '/v2/signup-field-values/',
		qs: { 'filter[student.id]': learnerId },
		scope: 'signup-fields:read',
		itemIndex,
	});
	return new Map(
		data.map((resource) => [
			String(resource.relationships?.['signup-field']?.data?.id),
			String(resource.attributes?.value ?? ''),
		]),
	);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const entries = entriesOf(this, itemIndex);
	const { id: learnerId } = await resolveLearner(this, conn, itemIndex);

	if (conn.api === 'v1') {
		const fields = await resolveFields(this, conn, entries, itemIndex);
		// v1 values need at least one character and v1 has no way to clear one: an empty value
		// (e.g. a phone removed in the CRM) would fail the whole write, so it is left out and named.
		const blank = (value: string) => value.trim() === '';
		const current = onlyChanged(this, itemIndex)
			? await currentValues(this, conn, learnerId, itemIndex)
			: undefined;
		const isUnchanged = ({ id, value }: { id: string; value: string }) =>
			current?.get(id) === value;
		const written = fields.filter((field) => !blank(field.value) && !isUnchanged(field));
		if (written.length > 0) {
			// An upsert of every value at once; Skilljar checks all before storing any.
			await skilljarRequest(this, conn, {
				method: 'POST',
				path: '/v1/domains/{domain}/users/{learnerId}/signup-fields-bulk',
				pathParams: { learnerId: { label: 'Learner', value: learnerId } },
				body: { signup_fields: written.map(({ id, value }) => ({ id, value })) },
				retrySafe: true,
				itemIndex,
			});
		}
		return [
			{
				json: {
					learner_id: learnerId,
					values: written.map(({ id, label, value }) => ({ field_id: id, label, value })),
					skipped_empty: fields.filter(({ value }) => blank(value)).map(({ label }) => label),
					...(current
						? {
								unchanged: fields
									.filter((field) => !blank(field.value) && isUnchanged(field))
									.map(({ label }) => label),
							}
						: {}),
				},
			},
		];
	}

	for (const { field } of entries) {
		assertV2FieldId(this, field, itemIndex);
		encodePathSegment(this.getNode(), { label: 'Profile field', value: field }, itemIndex);
	}
	const current = onlyChanged(this, itemIndex)
		? await currentValues(this, conn, learnerId, itemIndex)
		: undefined;
	const unchanged = entries.filter(({ field, value }) => current?.get(field) === value);
	const changed = entries.filter((entry) => !unchanged.includes(entry));
	const unchangedOutput = current ? { unchanged: unchanged.map(({ field }) => field) } : {};
	if (changed.length === 0) {
		return [{ json: { learner_id: learnerId, values: [], ...unchangedOutput } }];
	}
	const answer = await skilljarRequest<BatchAnswer>(this, conn, {
		method: 'POST',
		path: '/v2/signup-field-values/',
		body: {
			student_id: learnerId,
			data: changed.map(({ field, value }) => ({
				type: 'signup-field-values',
				id: field,
				attributes: { value },
			})),
		},
		retrySafe: true,
		scope: 'signup-fields:write',
		itemIndex,
	});
	const failures = failedEntries(answer);
	if (failures.length > 0) {
		// A 207: the other values were stored. Say which failed and which were kept.
		const stored = changed
			.filter((_entry, index) => !failures.some((failure) => failure.index === index))
			.map((entry) => entry.field);
		const message = `Skilljar stored ${changed.length - failures.length} of ${changed.length} profile field values; rejected: ${failures
			.map(({ index, entry }) => `${changed[index].field} (${describeEntry(entry)})`)
			.join('; ')}`;
		throw new NodeApiError(this.getNode(), { message, httpCode: '207' } as JsonObject, {
			message,
			description: `Stored: ${stored.join(', ') || 'none'}. Fix the rejected values and run again; setting a value again is harmless.`,
			httpCode: '207',
			itemIndex,
		});
	}
	return [
		{
			json: {
				learner_id: learnerId,
				values: answer.data.map((entry, index) => ({
					field_id: changed[index].field,
					label: entry.result?.attributes?.label,
					value: changed[index].value,
				})),
				...unchangedOutput,
			},
		},
	];
}
