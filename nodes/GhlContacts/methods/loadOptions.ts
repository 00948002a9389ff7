import {
	NodeOperationError,
	type ILoadOptionsFunctions,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { listCustomFields } from '../helpers/customFields';
import { getConnection } from '../transport';
import { fetchLocationList, filterByLabel, userLabel } from './locationLists';

/**
 * The location's contact custom fields, for custom-field dropdowns. Needs the
 * locations/customFields.readonly scope; without it users can still give a field ID by expression.
 */
export async function getCustomFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const conn = await getConnection(this);
	const locationId = currentLocationId(this) || conn.credentialLocationId;
	if (!locationId) {
		throw new NodeOperationError(this.getNode(), 'Location ID is missing', {
			description: 'Set "Location ID" on the node, or use a credential that carries one.',
		});
	}
	const how = {
		forDropdown: true,
		scopeFallback: 'Until then, give the field ID by expression: that needs no extra scope.',
	};
	return (await listCustomFields(this, conn, locationId, how))
		.map((field) => ({
			name: field.name ? String(field.name) : field.id,
			value: field.id,
			description: [field.fieldKey, field.dataType].filter(Boolean).join(' · ') || undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The location's users, for the Followers multi-select (users.readonly). */
export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return filterByLabel(await fetchLocationList(this, 'users', { forDropdown: true }), userLabel);
}

/**
 * The node's Location ID as currently typed in the editor. Read from the current parameters, as
 * operations without a Location ID field (Update, Get) have none and must fall back to the
 * credential's location. An expression cannot be resolved while the editor lists options.
 */
function currentLocationId(ctx: ILoadOptionsFunctions): string {
	const value: unknown = ctx.getCurrentNodeParameter('locationId');
	if (typeof value !== 'string') return '';
	const trimmed = value.trim();
	return trimmed.startsWith('=') ? '' : trimmed;
}
