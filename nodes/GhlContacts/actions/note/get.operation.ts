import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { contactLocator, idField } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';

const properties: INodeProperties[] = [
	contactLocator(),
	{ ...idField('noteId', 'Note ID', 'e.g. HGPcayliwcdoUFzvbTok'), description: 'The note to get' },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['note'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const noteId = this.getNodeParameter('noteId', itemIndex, '') as string;
	const { note } = await ghlRequest<{ note: IDataObject }>(this, conn, {
		method: 'GET',
		path: '/contacts/{contactId}/notes/{noteId}',
		pathParams: {
			contactId: { label: 'Contact', value: contactId },
			noteId: { label: 'Note ID', value: noteId },
		},
		itemIndex,
	});
	return [{ json: note }];
}
