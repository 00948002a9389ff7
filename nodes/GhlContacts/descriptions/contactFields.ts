import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Which write endpoint a contact-field collection feeds; each accepts a slightly different set. */
export type ContactWriteOperation = 'create' | 'upsert' | 'update';

export const DND_CHANNELS: INodePropertyOptions[] = [
	{ name: 'Call', value: 'Call' },
	{ name: 'Email', value: 'Email' },
	{ name: 'Facebook', value: 'FB' },
	{ name: 'Google Business Profile', value: 'GMB' },
	{ name: 'SMS', value: 'SMS' },
	{ name: 'WhatsApp', value: 'WhatsApp' },
];

/** The custom-field picker used by contact writes and search filters (list of the location's fields, or an ID by expression). */
export function customFieldIdField(name = 'fieldId'): INodeProperties {
	return {
		displayName: 'Custom Field Name or ID',
		name,
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCustomFields' },
		default: '',
		required: true,
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

function text(
	displayName: string,
	name: string,
	placeholder: string,
	description?: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder,
		...(description ? { description } : {}),
	};
}

/**
 * The contact fields a write operation offers. Update leaves out what PUT /contacts/{id} rejects
 * (companyName; locationId is never sent there), so users cannot pick a field the API refuses.
 */
export function contactFieldOptions(operation: ContactWriteOperation): INodeProperties[] {
	const isUpdate = operation === 'update';
	const fields: INodeProperties[] = [
		text('First Name', 'firstName', 'e.g. Jane'),
		text('Last Name', 'lastName', 'e.g. Doe'),
		text(
			'Full Name',
			'name',
			'e.g. Jane Doe',
			'Used by HighLevel to fill First Name and Last Name when those are not given',
		),
		text('Email', 'email', 'e.g. jane@example.com'),
		text(
			'Phone',
			'phone',
			'e.g. +14155550123',
			'International format with country code. Spaces, dashes and brackets are removed before sending.',
		),
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'e.g. lead, newsletter',
			description: isUpdate
				? "Comma-separated tags, or a list from an expression. These REPLACE all of the contact's current tags."
				: 'Comma-separated tags, or a list from an expression',
			...(isUpdate
				? {
						hint: 'Replaces ALL current tags of the contact. To add or remove single tags, use the Tag resource instead.',
					}
				: {}),
		},
		text('Source', 'source', 'e.g. website form', 'Where the contact came from'),
		text('Street Address', 'address1', 'e.g. 3535 1st St N'),
		text('City', 'city', 'e.g. Austin'),
		text('State', 'state', 'e.g. TX'),
		text('Postal Code', 'postalCode', 'e.g. 73301'),
		text('Country', 'country', 'e.g. US', 'Two-letter country code (ISO 3166-1 alpha-2)'),
		text('Website', 'website', 'e.g. https://www.example.com'),
		text('Timezone', 'timezone', 'e.g. America/Chicago', 'IANA timezone name'),
		{
			displayName: 'Date of Birth',
			name: 'dateOfBirth',
			type: 'dateTime',
			default: '',
			description:
				'Pick a date or give one such as 1990-09-25. Only the date part is sent (as YYYY-MM-DD).',
		},
		{
			displayName: 'Assigned User ID',
			name: 'assignedTo',
			type: 'string',
			default: '',
			placeholder: 'e.g. y0BeYjuRIlDwsDcOHOJo',
			description: 'ID of the HighLevel user who owns this contact',
		},
		{
			displayName: 'DND (All Channels)',
			name: 'dnd',
			type: 'boolean',
			default: false,
			description: 'Whether the contact must not be contacted on any channel (Do Not Disturb)',
		},
		{
			displayName: 'DND Settings',
			name: 'dndSettings',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Channel',
			default: {},
			description: 'Do Not Disturb status per channel',
			options: [
				{
					displayName: 'Channel',
					name: 'channel',
					values: [
						{
							displayName: 'Channel',
							name: 'channel',
							type: 'options',
							options: DND_CHANNELS,
							default: 'SMS',
						},
						{
							displayName: 'Status',
							name: 'status',
							type: 'options',
							options: [
								{ name: 'Active (Do Not Contact)', value: 'active' },
								{ name: 'Inactive (May Contact)', value: 'inactive' },
								{ name: 'Permanent', value: 'permanent' },
							],
							default: 'active',
						},
						{
							displayName: 'Message',
							name: 'message',
							type: 'string',
							default: '',
							placeholder: 'e.g. Asked to stop texts',
							description: 'Why DND was set (optional)',
						},
					],
				},
			],
		},
		{
			displayName: 'Custom Fields',
			name: 'customFields',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Custom Field',
			default: {},
			description:
				"Values for the location's custom fields. Pick a field from the list (needs the locations/customFields.readonly scope), or switch to an expression and give the field ID.",
			options: [
				{
					displayName: 'Field',
					name: 'field',
					values: [
						customFieldIdField(),
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: 'e.g. Gold',
							description:
								'The value to store. For multi-select and checkbox fields give a list from an expression, e.g. {{ ["a", "b"] }}.',
						},
					],
				},
			],
		},
	];
	if (!isUpdate) {
		fields.push(
			text(
				'Company Name',
				'companyName',
				'e.g. Acme Learning',
				"Only on Create and Create or Update: HighLevel's update endpoint does not accept it",
			),
		);
	}
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The fields collection of a write operation ("Contact Fields" for create/upsert, "Update Fields" for update). */
export function contactFieldsCollection(operation: ContactWriteOperation): INodeProperties {
	const isUpdate = operation === 'update';
	return {
		displayName: isUpdate ? 'Update Fields' : 'Contact Fields',
		name: isUpdate ? 'updateFields' : 'contactFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: isUpdate
			? 'The fields to change. Empty values are skipped, so HighLevel keeps what it has. Company Name can only be set on Create and Create or Update.'
			: operation === 'upsert'
				? "The contact's fields. HighLevel finds an existing contact by Email, then Phone (per the location's duplicate settings), so give at least one of them. Empty values are skipped."
				: "The contact's fields. Empty values are skipped.",
		options: contactFieldOptions(operation),
	};
}
