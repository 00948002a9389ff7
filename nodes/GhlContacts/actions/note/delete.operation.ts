import {
	NodeApiError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { contactLocator, idField } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';

const properties: INodeProperties[] = [
	contactLocator(),
	{ ...idField('noteId', 'Note ID', 'e.g. HGPcayliwcdoUFzvbTok'), description: 'The note to delete' },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['note'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', { extractValue: true }) as string;
	const noteId = this.getNodeParameter('noteId', itemIndex, '') as string;
	// `succeded` is HighLevel's spelling.
	const response = await ghlRequest<{ succeded?: boolean }>(this, conn, {
		method: 'DELETE',
		path: '/contacts/{contactId}/notes/{noteId}',
		pathParams: {
			contactId: { label: 'Contact', value: contactId },
			noteId: { label: 'Note ID', value: noteId },
		},
		itemIndex,
	});
	if (response?.succeded === false) {
		throw new NodeApiError(this.getNode(), response as JsonObject, {
			message: 'HighLevel did not delete the note',
			description: 'It answered without an error but with "succeded": false. Check the note in HighLevel and run again.',
			itemIndex,
		});
	}
	return [{ json: { id: noteId, contactId, deleted: true } }];
}
