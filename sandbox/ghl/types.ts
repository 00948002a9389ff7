// Domain records as the GHL API returns them (field names and quirks follow the live API).

export type DndChannelName = 'Call' | 'Email' | 'SMS' | 'WhatsApp' | 'GMB' | 'FB';
export interface DndChannel {
	status: 'active' | 'inactive' | 'permanent';
	message?: string;
	code?: string;
}
export type DndSettings = Partial<Record<DndChannelName, DndChannel>>;
export interface InboundDndSettings {
	all?: { status: 'active' | 'inactive'; message?: string };
}

export type CustomFieldData = string | number | boolean | string[] | { [key: string]: unknown };

/** Custom field as read: `{id, value}`. */
export interface CustomFieldValue {
	id: string;
	value: CustomFieldData;
}

/** Custom field as written: `{id | key, field_value}` (`value` tolerated). */
export interface CustomFieldWrite {
	id?: string;
	key?: string;
	field_value?: CustomFieldData | null;
	value?: CustomFieldData | null;
}

export interface Contact {
	id: string;
	locationId: string;
	type: 'lead' | 'customer';
	firstName?: string;
	lastName?: string;
	contactName?: string;
	firstNameLowerCase?: string;
	lastNameLowerCase?: string;
	fullNameLowerCase?: string;
	email?: string;
	emailLowerCase?: string;
	phone?: string;
	companyName?: string;
	source?: string;
	gender?: string;
	address1?: string;
	city?: string;
	state?: string;
	postalCode?: string;
	country?: string;
	website?: string;
	timezone?: string;
	dnd: boolean;
	dndSettings?: DndSettings;
	inboundDndSettings?: InboundDndSettings;
	dateOfBirth?: string;
	assignedTo?: string;
	businessId?: string;
	tags: string[];
	customFields: CustomFieldValue[];
	/** ISO-8601 with milliseconds; fixed width, so string order equals time order. */
	dateAdded: string;
	dateUpdated: string;
}

/** Body of POST /contacts/, PUT /contacts/{id} and POST /contacts/upsert after validation. */
export interface ContactWrite {
	locationId?: string;
	firstName?: string | null;
	lastName?: string | null;
	name?: string | null;
	email?: string | null;
	phone?: string | null;
	companyName?: string | null;
	source?: string | null;
	gender?: string | null;
	address1?: string | null;
	city?: string | null;
	state?: string | null;
	postalCode?: string | null;
	country?: string | null;
	website?: string | null;
	timezone?: string | null;
	dnd?: boolean;
	dndSettings?: DndSettings;
	inboundDndSettings?: InboundDndSettings;
	dateOfBirth?: string | null;
	assignedTo?: string | null;
	tags?: string[];
	customFields?: CustomFieldWrite[];
	createNewIfDuplicateAllowed?: boolean;
}

export interface Task {
	id: string;
	contactId: string;
	title: string;
	body?: string;
	assignedTo?: string;
	dueDate: string;
	completed: boolean;
}

export interface Note {
	id: string;
	contactId: string;
	body: string;
	userId?: string;
	title?: string;
	color?: string;
	pinned?: boolean;
	dateAdded: string;
}

export interface Appointment {
	id: string;
	calendarId: string;
	locationId: string;
	contactId: string;
	status: string;
	title: string;
	/** Misspelled on the live API; the OpenAPI file spells it `appointmentStatus`, so both are sent. */
	appoinmentStatus: string;
	appointmentStatus: string;
	assignedUserId: string;
	notes: string;
	startTime: string;
	endTime: string;
	address: string;
	dateAdded: string;
	dateUpdated: string;
}

export interface Business {
	id: string;
	locationId: string;
	name: string;
}

export type CustomFieldDataType =
	| 'TEXT'
	| 'LARGE_TEXT'
	| 'NUMERICAL'
	| 'PHONE'
	| 'MONETORY'
	| 'CHECKBOX'
	| 'SINGLE_OPTIONS'
	| 'MULTIPLE_OPTIONS'
	| 'DATE'
	| 'FILE_UPLOAD';

export interface CustomFieldDefinition {
	id: string;
	locationId: string;
	name: string;
	fieldKey: string;
	dataType: CustomFieldDataType;
	placeholder: string;
	position: number;
	model: 'contact';
	picklistOptions?: string[];
	dateAdded: string;
}

export interface Location {
	id: string;
	companyId: string;
	name: string;
	/** GHL's "Allow Duplicate Contact" setting; when false, create rejects a repeated email/phone. */
	allowDuplicateContact: boolean;
}
