import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { contactLocator, returnAllFields } from '../../descriptions/common';
import { ghlRequest, type GhlConnection } from '../../transport';

const properties: INodeProperties[] = [contactLocator(), ...returnAllFields(1000)];

export const description = updateDisplayOptions(
	{ show: { resource: ['task'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	// The endpoint has no paging: it always answers with every task of the contact.
	const { tasks } = await ghlRequest<{ tasks?: IDataObject[] }>(this, conn, {
		method: 'GET',
		path: '/contacts/{contactId}/tasks',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		itemIndex,
	});
	return (tasks ?? []).slice(0, limit).map((task) => ({ json: task }));
}
