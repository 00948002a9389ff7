import type { INodeProperties } from 'n8n-workflow';

/** A contact picked from a searchable list, or typed as an id. */
export function contactLocator(name = 'contactId'): INodeProperties {
	return {
		displayName: 'Contact',
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The HighLevel contact',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchContacts', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. ocQHyuzHvysMo5N5VsXc',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[^\\s/?#]+$',
							errorMessage: 'A contact ID has no spaces, "/", "?" or "#"',
						},
					},
				],
			},
		],
	};
}

export function idField(name: string, displayName: string, placeholder: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		required: true,
		placeholder,
	};
}

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a flat contact with the most useful fields instead of the full API record',
};

export const locationIdField: INodeProperties = {
	displayName: 'Location ID',
	name: 'locationId',
	type: 'string',
	default: '',
	placeholder: 've9EPM428h8vShlRW1KT',
	description: "The sub-account to work in. Leave empty to use the credential's location.",
};

export { returnAllFields } from '../../shared/descriptions';
