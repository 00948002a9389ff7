import type { INodeProperties } from 'n8n-workflow';

/** A learner given by email (looked up) or by Skilljar ID. */
export function learnerLocator(
	description = 'The learner, by email address or Skilljar ID',
): INodeProperties {
	return {
		displayName: 'Learner',
		name: 'learner',
		type: 'resourceLocator',
		default: { mode: 'email', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'By Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. jane@example.com',
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 3m2lnsj9a1k0z',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[^\\s/?#]+$',
							errorMessage: 'A Skilljar ID has no spaces, "/", "?" or "#"',
						},
					},
				],
			},
		],
	};
}

/** A published course (a course on a training domain), picked from the list or given by ID. */
export function publishedCourseField(options: { required?: boolean } = {}): INodeProperties {
	return {
		displayName: 'Published Course Name or ID',
		name: 'publishedCourseId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPublishedCourses' },
		default: '',
		required: options.required ?? true,
		description:
			'The course as published to a training domain. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	};
}

/** A group, picked from the list, given by ID, or by its exact name. */
export function groupLocator(): INodeProperties {
	return {
		displayName: 'Group',
		name: 'group',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Skilljar group',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchGroups', searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. Customers',
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 4fq2x8kz0p1m',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[^\\s/?#]+$',
							errorMessage: 'A group ID has no spaces, "/", "?" or "#"',
						},
					},
				],
			},
		],
	};
}

/** A profile (signup) field, from the domain's list (v1) or by ID; named `field`. */
export function profileFieldPicker(): INodeProperties {
	return {
		displayName: 'Field Name or ID',
		name: 'field',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSignupFields' },
		default: '',
		description:
			'The field, by its label (API Key credential) or ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	};
}

export { returnAllFields } from '../../shared/descriptions';

export function limitOf(
	ctx: { getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => unknown },
	itemIndex: number,
): number {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll
		? Number.POSITIVE_INFINITY
		: (ctx.getNodeParameter('limit', itemIndex, 50) as number);
}
