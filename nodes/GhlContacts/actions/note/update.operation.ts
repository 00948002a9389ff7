import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { contactLocator, idField } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';
import { optionalFieldsOf, optionalNoteFields } from './fields';

const properties: INodeProperties[] = [
	contactLocator(),
	{
		...idField('noteId', 'Note ID', 'e.g. HGPcayliwcdoUFzvbTok'),
		description: 'The note to update',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here change; the others keep their values',
		options: [
			{
				displayName: 'Body',
				name: 'body',
				type: 'string',
				default: '',
				typeOptions: { rows: 4 },
				placeholder: 'e.g. Asked about the spring cohort; send the syllabus',
				description: 'New text of the note',
			},
			...optionalNoteFields,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['note'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const noteId = this.getNodeParameter('noteId', itemIndex, '') as string;
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;

	const body: IDataObject = optionalFieldsOf(fields);
	if (fields.body !== undefined) {
		const text = String(fields.body);
		if (text.trim() === '') {
			throw new NodeOperationError(this.getNode(), 'Body is empty', {
				itemIndex,
				description:
					'A note needs text. Remove "Body" from "Update Fields" to keep the current text.',
			});
		}
		body.body = text;
	}
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', {
			itemIndex,
			description: 'Add at least one field under "Update Fields" (e.g. Body or Pinned).',
		});
	}

	const { note } = await ghlRequest<{ note: IDataObject }>(this, conn, {
		method: 'PUT',
		path: '/contacts/{contactId}/notes/{noteId}',
		pathParams: {
			contactId: { label: 'Contact', value: contactId },
			noteId: { label: 'Note ID', value: noteId },
		},
		body,
		itemIndex,
		expects: { note: 'object' },
	});
	return [{ json: note }];
}
