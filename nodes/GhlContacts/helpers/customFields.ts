import type { IDataObject } from 'n8n-workflow';

import type { RequestContext } from '../../shared/transport/types';
import { ghlRequest, type GhlConnection, type GhlRequest } from '../transport';

export interface CustomFieldDefinition {
	id: string;
	name?: string;
	fieldKey?: string;
	dataType?: string;
}

/** The location's contact custom fields (scope locations/customFields.readonly). */
export async function listCustomFields(
	ctx: RequestContext,
	conn: GhlConnection,
	locationId: string,
	how: Pick<GhlRequest, 'itemIndex' | 'scopeFallback' | 'forDropdown'> = {},
): Promise<CustomFieldDefinition[]> {
	const { customFields } = await ghlRequest<{ customFields?: CustomFieldDefinition[] }>(
		ctx,
		conn,
		{
			method: 'GET',
			path: '/locations/{locationId}/customFields',
			pathParams: { locationId: { label: 'Location ID', value: locationId } },
			qs: { model: 'contact' },
			locationId,
			expects: { customFields: 'list' },
			...how,
		},
	);
	return customFields ?? [];
}

// One list per location and run: the items of a run share it (the connection lives for one run).
const perRun = new WeakMap<GhlConnection, Map<string, Promise<CustomFieldDefinition[]>>>();

/**
 * The contact's custom field values keyed by the fields' names, every field of the location
 * included (null where the contact has no value), so a missing name tells "no such field" apart
 * from "no value"; and each field's id under its name, so a workflow can write a field it knows by
 * name (writes take ids).
 */
export async function customFieldsByName(
	ctx: RequestContext,
	conn: GhlConnection,
	contact: IDataObject,
	itemIndex: number,
): Promise<{ values: IDataObject; ids: IDataObject }> {
	const locationId = String(contact.locationId ?? '') || conn.credentialLocationId;
	let lists = perRun.get(conn);
	if (!lists) perRun.set(conn, (lists = new Map()));
	let definitions = lists.get(locationId);
	if (!definitions) {
		definitions = listCustomFields(ctx, conn, locationId, {
			itemIndex,
			scopeFallback:
				'Until then, turn "Custom Fields by Name" off: customFields still holds the values by field ID.',
		});
		lists.set(locationId, definitions);
		// A failed read is not kept, so a later item may try again.
		definitions.catch(() => lists.delete(locationId));
	}
	const values = new Map(
		(Array.isArray(contact.customFields) ? (contact.customFields as IDataObject[]) : []).map(
			(field) => [String(field.id), field.value ?? null],
		),
	);
	const byName: IDataObject = {};
	const ids: IDataObject = {};
	for (const field of await definitions) {
		const name = field.name ? String(field.name) : field.id;
		byName[name] = (values.get(field.id) as IDataObject[keyof IDataObject]) ?? null;
		ids[name] = field.id;
	}
	return { values: byName, ids };
}
