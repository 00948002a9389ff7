import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getConnection, ghlRequest, resolveLocationId } from '../transport';
import { fetchLocationList, filterByLabel, statusLabel, userLabel } from './locationLists';

const PAGE_SIZE = 50;

/** Contacts for the "From List" mode of contact pickers, searched by HighLevel's text query. */
export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const conn = await getConnection(this);
	const locationId = resolveLocationId(this, conn, 0);
	const page = Number(paginationToken ?? '1');
	const query = (filter ?? '').trim().slice(0, 75);
	const result = await ghlRequest<{ contacts: IDataObject[]; total: number }>(this, conn, {
		method: 'POST',
		path: '/contacts/search',
		body: { locationId, pageLimit: PAGE_SIZE, page, ...(query ? { query } : {}) },
		locationId,
		retrySafe: true,
		expects: { contacts: 'list' },
	});
	const contacts = result.contacts ?? [];
	return {
		results: contacts.map((contact) => ({
			name: contactLabel(contact),
			value: String(contact.id),
		})),
		paginationToken: page * PAGE_SIZE < (result.total ?? 0) ? String(page + 1) : undefined,
	};
}

function contactLabel(contact: IDataObject): string {
	const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
	const detail = contact.email ?? contact.phone;
	if (name && detail) return `${name} (${String(detail)})`;
	return name || String(detail ?? contact.id);
}

/** Workflows for the Workflow picker, named with their status; the typed text filters by name. */
export async function searchWorkflows(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return {
		results: filterByLabel(await fetchLocationList(this, 'workflows'), statusLabel, filter),
	};
}

/** Campaigns for the Campaign picker, named with their status. */
export async function searchCampaigns(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return {
		results: filterByLabel(await fetchLocationList(this, 'campaigns'), statusLabel, filter),
	};
}

/** The location's users, by name and email (the typed text matches either). */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return { results: filterByLabel(await fetchLocationList(this, 'users'), userLabel, filter) };
}
