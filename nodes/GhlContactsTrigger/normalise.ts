import type { IDataObject } from 'n8n-workflow';

import { simplifyContact } from '../GhlContacts/helpers/contact';
import { toList } from '../shared/validation';
import { subjectOf } from './events';

/** What started the workflow; every item carries it under `event`. */
export interface EventInfo {
	/** HighLevel's event name (ContactCreate, …), or AutomationWebhook. */
	type: string;
	source: 'marketplaceApp' | 'automation';
	webhookId: string | null;
	timestamp: string | null;
	/** The HighLevel workflow that sent an automation delivery. */
	workflow?: IDataObject | null;
}

// Delivery envelope fields: they describe the delivery, not the record, and go into `event`.
const ENVELOPE_KEYS = new Set(['type', 'timestamp', 'webhookId', 'appId', 'versionId']);

function withoutEnvelope(payload: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(payload).filter(([key]) => !ENVELOPE_KEYS.has(key)));
}

/**
 * One item per marketplace event: contact events become the flat contact the GHL Contacts node
 * returns; notes and tasks stay flat as sent; an appointment is lifted out of its wrapper.
 */
export function itemForEvent(payload: IDataObject, event: EventInfo): IDataObject {
	switch (subjectOf(event.type)) {
		case 'contact':
			return {
				...simplifyContact(payload),
				...(event.type === 'ContactDndUpdate' ? { dndSettings: payload.dndSettings ?? {} } : {}),
				event: { ...event },
			};
		case 'appointment': {
			const appointment = (payload.appointment ?? {}) as IDataObject;
			return { ...appointment, locationId: payload.locationId ?? null, event: { ...event } };
		}
		default:
			return { ...withoutEnvelope(payload), event: { ...event } };
	}
}

/** The contact id an event is about (for "Fetch Full Contact"). */
export function contactIdOf(payload: IDataObject, eventType: string): string | undefined {
	const subject = subjectOf(eventType);
	const id =
		subject === 'contact'
			? payload.id
			: subject === 'appointment'
				? (payload.appointment as IDataObject | undefined)?.contactId
				: payload.contactId;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

function text(value: unknown): string | undefined {
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

/**
 * An automation's Webhook action sends snake_case fields, tags as one comma-separated string and
 * the location as an object; this maps them to the contact shape (camelCase accepted too, for
 * Custom Webhook actions whose body the user wrote).
 */
export function contactFromAutomation(payload: IDataObject): IDataObject {
	const pick = (...keys: string[]) => {
		for (const key of keys) {
			const value = text(payload[key]);
			if (value !== undefined) return value;
		}
		return undefined;
	};
	const location = (
		typeof payload.location === 'object' && payload.location !== null ? payload.location : {}
	) as IDataObject;
	const firstName = pick('first_name', 'firstName');
	const lastName = pick('last_name', 'lastName');
	return simplifyContact({
		id: pick('contact_id', 'contactId', 'id'),
		locationId: text(location.id) ?? pick('location_id', 'locationId'),
		firstName,
		lastName,
		name:
			pick('full_name', 'fullName', 'name') ??
			([firstName, lastName].filter(Boolean).join(' ') || undefined),
		email: pick('email'),
		phone: pick('phone'),
		tags: toList(payload.tags),
		source: pick('contact_source', 'source'),
		companyName: pick('company_name', 'companyName'),
		address1: pick('address1'),
		city: pick('city'),
		state: pick('state'),
		postalCode: pick('postal_code', 'postalCode'),
		country: pick('country'),
		website: pick('website'),
		timezone: pick('timezone'),
		dateOfBirth: pick('date_of_birth', 'dateOfBirth'),
		assignedTo: pick('assigned_to', 'assignedTo'),
		dateAdded: pick('date_created', 'dateAdded'),
	});
}
