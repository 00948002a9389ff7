import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { contactLocator } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';
import { optionalFieldsOf, optionalNoteFields } from './fields';
import {
	existingNote,
	findOrCreate,
	noteKey,
	onlyIfMissingField,
	type OnlyIfMissing,
} from './onlyIfMissing';

const properties: INodeProperties[] = [
	contactLocator(),
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		placeholder: 'e.g. Asked about the spring cohort; send the syllabus',
		description: 'Text of the note',
	},
	onlyIfMissingField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: optionalNoteFields,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['note'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const text = String(this.getNodeParameter('body', itemIndex, '') ?? '');
	if (text.trim() === '') {
		throw new NodeOperationError(this.getNode(), 'Body is empty', {
			itemIndex,
			description: 'A note needs text. Fill in "Body", or check the expression that sets it.',
		});
	}
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = { body: text, ...optionalFieldsOf(additional) };

	const create = async () =>
		(
			await ghlRequest<{ note: IDataObject }>(this, conn, {
				method: 'POST',
				path: '/contacts/{contactId}/notes',
				pathParams: { contactId: { label: 'Contact', value: contactId } },
				body,
				itemIndex,
				expects: { note: 'object' },
			})
		).note;

	const rule = this.getNodeParameter('onlyIfMissing', itemIndex, 'off') as OnlyIfMissing;
	if (rule === 'off') return [{ json: await create() }];
	const { note, created } = await findOrCreate(
		this,
		`${contactId}\n${noteKey(text, rule)}`,
		async () => await existingNote(this, conn, contactId, text, rule, itemIndex),
		create,
	);
	return [{ json: { ...note, created } }];
}
