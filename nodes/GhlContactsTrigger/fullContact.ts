import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { simplifyContact } from '../GhlContacts/helpers/contact';
import { getConnection, ghlRequest } from '../GhlContacts/transport';

/**
 * Reads the contact a delivery is about and either replaces the delivered contact fields
 * (`merge`) or adds it under `contact`. A failure does not lose the delivery (HighLevel would not
 * send it again): the item keeps the delivered fields and says why under `fullContactError`.
 */
export async function withFullContact(
	ctx: IWebhookFunctions,
	item: IDataObject,
	contactId: string | undefined,
	mode: 'merge' | 'nest',
): Promise<IDataObject> {
	if (!contactId) return { ...item, fullContactError: 'The delivery names no contact' };
	try {
		const connection = await getConnection(ctx);
		const response = await ghlRequest<{ contact?: IDataObject }>(ctx, connection, {
			method: 'GET',
			path: '/contacts/{contactId}',
			pathParams: { contactId: { label: 'Contact ID', value: contactId } },
			expects: { contact: 'object' },
		});
		const contact = simplifyContact(response.contact ?? {});
		return mode === 'merge' ? { ...item, ...contact } : { ...item, contact };
	} catch (error) {
		return {
			...item,
			fullContactError: error instanceof Error ? error.message : 'The contact could not be read',
		};
	}
}
