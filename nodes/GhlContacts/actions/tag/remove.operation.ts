import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { contactLocator } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';
import { tagsField, tagsOf } from './tags';

const properties: INodeProperties[] = [
	contactLocator(),
	tagsField('Tags to remove from the contact; tags it does not have are ignored'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['remove'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const tags = tagsOf(this, itemIndex);
	// HighLevel takes the tags to remove as a body on DELETE.
	const response = await ghlRequest<{ tags?: string[] }>(this, conn, {
		method: 'DELETE',
		path: '/contacts/{contactId}/tags',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		body: { tags },
		itemIndex,
		expects: { tags: 'list' },
	});
	return [{ json: { contactId, tags: response.tags ?? [], removed: tags } }];
}
