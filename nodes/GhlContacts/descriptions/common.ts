import type { INodeProperties } from 'n8n-workflow';

interface PickerOptions {
	name: string;
	displayName: string;
	description: string;
	/** The listSearch method of the "From List" mode. */
	searchListMethod: string;
	placeholder: string;
	/** What the "By ID" value is, for its validation message, e.g. "A contact ID". */
	idName: string;
	required?: boolean;
	hint?: string;
}

/** A record picked from a searchable list, or typed as an id ("By ID" needs no request). */
export function pickerLocator(options: PickerOptions): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(options.required === false ? {} : { required: true }),
		description: options.description,
		...(options.hint ? { hint: options.hint } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.placeholder,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[^\\s/?#]+$',
							errorMessage: `${options.idName} has no spaces, "/", "?" or "#"`,
						},
					},
				],
			},
		],
	};
}

/** A contact picked from a searchable list, or typed as an id. */
export function contactLocator(name = 'contactId'): INodeProperties {
	return pickerLocator({
		name,
		displayName: 'Contact',
		description: 'The HighLevel contact',
		searchListMethod: 'searchContacts',
		placeholder: 'e.g. ocQHyuzHvysMo5N5VsXc',
		idName: 'A contact ID',
	});
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
