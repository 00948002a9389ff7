import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems } from 'n8n-workflow';

import { getConnection, ghlRequest, resolveLocationId } from '../transport';

export type LocationList = 'workflows' | 'campaigns' | 'users';

/** What still works when the list cannot be read, said after the scope hint. */
const WITHOUT_SCOPE: Record<LocationList, string> = {
	workflows:
		'Until then, switch the field to "By ID" and paste the workflow ID: that needs no extra scope.',
	campaigns:
		'Until then, switch the field to "By ID" and paste the campaign ID: that needs no extra scope.',
	users:
		'Until then, give user IDs: "By ID" for a single user, or an expression for followers. That needs no extra scope.',
};

/**
 * One of the location's lists (GET /workflows/, /campaigns/ or /users/ with `locationId`), for
 * pickers. HighLevel returns each whole, unpaged and without a search parameter.
 */
export async function fetchLocationList(
	ctx: ILoadOptionsFunctions,
	list: LocationList,
	{ forDropdown = false } = {},
): Promise<IDataObject[]> {
	const conn = await getConnection(ctx);
	const locationId = resolveLocationId(ctx, conn, 0);
	const answer = await ghlRequest<Record<LocationList, IDataObject[]>>(ctx, conn, {
		method: 'GET',
		path: `/${list}/`,
		qs: { locationId },
		locationId,
		expects: { [list]: 'list' },
		scopeFallback: WITHOUT_SCOPE[list],
		forDropdown,
	});
	return answer[list];
}

/** A user as pickers show them: name, and email to tell namesakes apart. */
export function userLabel(user: IDataObject): string {
	const name =
		typeof user.name === 'string' && user.name.trim() !== ''
			? user.name.trim()
			: [user.firstName, user.lastName].filter(Boolean).join(' ');
	const email = typeof user.email === 'string' && user.email !== '' ? user.email : undefined;
	if (name && email) return `${name} (${email})`;
	return name || email || String(user.id);
}

/** A workflow or campaign with its status, as a draft one runs nobody through it. */
export function statusLabel(record: IDataObject): string {
	const name =
		typeof record.name === 'string' && record.name !== '' ? record.name : String(record.id);
	return typeof record.status === 'string' && record.status !== ''
		? `${name} (${record.status})`
		: name;
}

/** Entries whose label holds the typed text (any case), sorted by label. */
export function filterByLabel(
	records: IDataObject[],
	label: (record: IDataObject) => string,
	filter?: string,
): INodeListSearchItems[] {
	const needle = (filter ?? '').trim().toLowerCase();
	return records
		.map((record) => ({ name: label(record), value: String(record.id) }))
		.filter((item) => needle === '' || item.name.toLowerCase().includes(needle))
		.sort((a, b) => a.name.localeCompare(b.name));
}
