import type { IDataObject } from 'n8n-workflow';

/** The flat contact our Simplify option returns (and the GHL Contacts Trigger emits). */
export function simplifyContact(contact: IDataObject): IDataObject {
	const pick = (key: string) => contact[key] ?? null;
	return {
		id: pick('id'),
		locationId: pick('locationId'),
		firstName: pick('firstName'),
		lastName: pick('lastName'),
		name:
			contact.contactName ??
			contact.name ??
			([contact.firstName, contact.lastName].filter(Boolean).join(' ') || null),
		email: pick('email'),
		phone: pick('phone'),
		tags: Array.isArray(contact.tags) ? contact.tags : [],
		source: pick('source'),
		companyName: pick('companyName'),
		address1: pick('address1'),
		city: pick('city'),
		state: pick('state'),
		postalCode: pick('postalCode'),
		country: pick('country'),
		website: pick('website'),
		timezone: pick('timezone'),
		dnd: pick('dnd'),
		dateOfBirth: pick('dateOfBirth'),
		assignedTo: pick('assignedTo'),
		customFields: Array.isArray(contact.customFields) ? contact.customFields : [],
		dateAdded: pick('dateAdded'),
		dateUpdated: pick('dateUpdated'),
	};
}
