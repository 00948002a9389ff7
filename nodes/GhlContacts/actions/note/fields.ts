import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** Optional note fields HighLevel accepts on create and update (NotesDTO / UpdateNoteDTO). */
export const optionalNoteFields: INodeProperties[] = [
	{
		displayName: 'Color',
		name: 'color',
		type: 'color',
		default: '#FFAA00',
		description: 'Colour of the note in HighLevel, as a hex code',
	},
	{
		displayName: 'Pinned',
		name: 'pinned',
		type: 'boolean',
		default: false,
		description: "Whether the note is pinned to the top of the contact's notes",
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: 'e.g. Follow-up summary',
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		placeholder: 'e.g. GCs5KuzPqTls7vWclkEV',
		description: "ID of the HighLevel user shown as the note's author",
	},
];

/** The request fields for the options a user added (empty text is left out). */
export function optionalFieldsOf(fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const key of ['title', 'color', 'userId'] as const) {
		if (fields[key] !== undefined && String(fields[key]).trim() !== '')
			body[key] = String(fields[key]).trim();
	}
	if (fields.pinned !== undefined) body.pinned = fields.pinned === true;
	return body;
}
