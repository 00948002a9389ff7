import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { contactLocator } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';
import { tagsField, tagsOf } from './tags';

const properties: INodeProperties[] = [contactLocator(), tagsField('Tags to add to the contact')];

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['add'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const tags = tagsOf(this, itemIndex);
	const response = await ghlRequest<{ tags?: string[] }>(this, conn, {
		method: 'POST',
		path: '/contacts/{contactId}/tags',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		body: { tags },
		// Adding a tag the contact already has changes nothing, so a repeat is harmless.
		retrySafe: true,
		itemIndex,
		expects: { tags: 'list' },
	});
	return [{ json: { contactId, tags: response.tags ?? [], added: tags } }];
}
