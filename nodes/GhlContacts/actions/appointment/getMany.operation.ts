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
	{ show: { resource: ['appointment'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
	const contactId = this.getNodeParameter('contactId', itemIndex, '', {
		extractValue: true,
	}) as string;
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	// Calendar events come back as they are: the live API spells one field `appoinmentStatus`.
	const { events } = await ghlRequest<{ events?: IDataObject[] }>(this, conn, {
		method: 'GET',
		path: '/contacts/{contactId}/appointments',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		itemIndex,
	});
	return (events ?? []).slice(0, limit).map((event) => ({ json: event }));
}
