import { NodeOperationError, type IDataObject, type IPollFunctions } from 'n8n-workflow';

import { simplifyContact } from '../GhlContacts/helpers/contact';
import { getConnection, ghlResponse, resolveLocationId } from '../GhlContacts/transport';
import { collectPages } from '../shared/transport/paging';
import { parseDateTime } from '../shared/validation';

export type PollTarget = 'contactCreated' | 'contactChanged';

/**
 * What the trigger keeps between polls, in the workflow's static data. Every time in it is
 * HighLevel's (its Date header and record timestamps), never n8n's: the two clocks may differ by
 * minutes, and a cursor in n8n's time would skip or repeat changes.
 */
interface PollState {
	target: PollTarget;
	locationId: string;
	/** Nothing older than this (ms) is emitted: the activation, or the backfill date. */
	since: number;
	/** Where the previous poll left off (ms): the next one looks back the lag allowance from here. */
	lastPollAt: number;
	/** Changes emitted whose time is still inside the look-back window: key → change time (ms). */
	emitted: Record<string, number>;
}

interface PollOptions {
	searchLagSeconds?: number;
	backfillFrom?: string;
}

interface SearchPage {
	contacts?: IDataObject[];
	total?: number;
}

type SearchCursor = { page: number } | { searchAfter: unknown[] };

const PAGE_LIMIT = 500;
const DEFAULT_SEARCH_LAG_SECONDS = 120;
const STATE_KEY = 'contactPoll';

/** The date field a target watches: a new contact is its dateAdded, any change its dateUpdated. */
function fieldOf(target: PollTarget): 'dateAdded' | 'dateUpdated' {
	return target === 'contactCreated' ? 'dateAdded' : 'dateUpdated';
}

/**
 * One change = one contact version: a new contact is known by its id, an update by its id and
 * dateUpdated, so a contact changed again later is emitted again, but never the same change twice.
 */
function changeKey(target: PollTarget, contact: IDataObject): string {
	return target === 'contactCreated'
		? String(contact.id)
		: `${String(contact.id)}@${String(contact.dateUpdated)}`;
}

function output(contact: IDataObject, target: PollTarget, simplify: boolean): IDataObject {
	const { searchAfter: _cursor, ...record } = contact;
	const created = target === 'contactCreated' || record.dateAdded === record.dateUpdated;
	return {
		...(simplify ? simplifyContact(record) : record),
		event: { type: created ? 'ContactCreate' : 'ContactUpdate', source: 'poll' },
	};
}

/** HighLevel's clock from an answer's Date header (whole seconds, so never ahead of it). */
function serverTimeOf(headers: IDataObject): number | undefined {
	const time = typeof headers.date === 'string' ? Date.parse(headers.date) : NaN;
	return Number.isNaN(time) ? undefined : time;
}

/**
 * Contacts changed since the last poll, each change once. HighLevel's search lags writes by
 * seconds, so every poll looks back `searchLagSeconds` past the previous one and skips changes it
 * already emitted; the cursor and those keys live in static data, which n8n saves after each poll.
 */
export async function pollContacts(ctx: IPollFunctions): Promise<IDataObject[] | null> {
	const node = ctx.getNode();
	const target = ctx.getNodeParameter('triggerOn', 'contactChanged') as PollTarget;
	const simplify = ctx.getNodeParameter('simplify', true) as boolean;
	const options = ctx.getNodeParameter('options', {}) as PollOptions;
	const lagMs = Math.max(0, options.searchLagSeconds ?? DEFAULT_SEARCH_LAG_SECONDS) * 1000;
	const connection = await getConnection(ctx);
	const locationId = resolveLocationId(ctx, connection, 0);
	const field = fieldOf(target);
	const changedAt = (contact: IDataObject) => Date.parse(String(contact[field]));

	/** The contacts found, and HighLevel's time when the search began (its first page's Date). */
	const search = async (body: IDataObject, limit = Number.POSITIVE_INFINITY) => {
		let serverTime: number | undefined;
		const contacts = await collectPages<IDataObject, SearchCursor>(async (cursor = { page: 1 }) => {
			const response = await ghlResponse<SearchPage>(ctx, connection, {
				method: 'POST',
				path: '/contacts/search',
				body: { locationId, pageLimit: Math.min(PAGE_LIMIT, limit), ...body, ...cursor },
				locationId,
				retrySafe: true,
				expects: { contacts: 'list' },
			});
			serverTime ??= serverTimeOf(response.headers);
			const contacts = response.body.contacts ?? [];
			const last = contacts[contacts.length - 1]?.searchAfter;
			// searchAfter does not skip rows when a lagging write lands on an earlier page.
			const next: SearchCursor =
				Array.isArray(last) && last.length > 0
					? { searchAfter: last }
					: { page: ('page' in cursor ? cursor.page : 1) + 1 };
			return { items: contacts, next: contacts.length < PAGE_LIMIT ? undefined : next };
		}, limit);
		return { contacts, serverTime };
	};
	const newest = async () => await search({ sort: [{ field, direction: 'desc' }] }, 1);

	// The editor's "Fetch Test Event": the most recent contact, whatever was emitted before.
	if (ctx.getMode() === 'manual') {
		const { contacts: [latest] } = await newest();
		return latest ? [output(latest, target, simplify)] : null;
	}

	const staticData = ctx.getWorkflowStaticData('node');
	let state = staticData[STATE_KEY] as PollState | undefined;
	if (!state || state.target !== target || state.locationId !== locationId) {
		const backfillFrom = options.backfillFrom
			? parseDateTime(node, 'Backfill From', options.backfillFrom, 0).getTime()
			: undefined;
		if (backfillFrom !== undefined) {
			if (backfillFrom > Date.now()) {
				throw new NodeOperationError(node, 'Backfill From is in the future', {
					description: 'Pick a past date, or clear the option to start from activation.',
				});
			}
			// The first look-back reaches exactly the backfill date.
			state = { target, locationId, since: backfillFrom, lastPollAt: backfillFrom + lagMs, emitted: {} };
		} else {
			// First activation: start at HighLevel's "now", emit nothing older. Without a Date
			// header, the newest change it shows marks the start (and counts as emitted).
			const { contacts: [latest], serverTime } = await newest();
			const latestAt = latest ? changedAt(latest) : NaN;
			const since = serverTime ?? (Number.isNaN(latestAt) ? 0 : latestAt);
			const emitted: Record<string, number> = {};
			if (latest && latestAt >= since) emitted[changeKey(target, latest)] = latestAt;
			staticData[STATE_KEY] = { target, locationId, since, lastPollAt: since, emitted } as unknown as IDataObject;
			return null;
		}
	}

	const from = Math.max(state.since, state.lastPollAt - lagMs);
	const { contacts, serverTime = Number.POSITIVE_INFINITY } = await search({
		filters: [{ field, operator: 'range', value: { gte: new Date(from).toISOString() } }],
		sort: [{ field, direction: 'asc' }],
	});

	const emitted = { ...state.emitted };
	const items: IDataObject[] = [];
	let newestSeen = state.lastPollAt;
	for (const contact of contacts) {
		const time = changedAt(contact);
		if (Number.isNaN(time) || time < state.since) continue;
		newestSeen = Math.max(newestSeen, time);
		const key = changeKey(target, contact);
		if (emitted[key] !== undefined) continue;
		emitted[key] = time;
		items.push(output(contact, target, simplify));
	}

	// The cursor moves to the newest change seen, never past HighLevel's clock: a change search did
	// not show yet is younger than this search by less than the lag allowance, so the next look-back
	// still reaches it. (The cap also corrects a cursor saved in n8n's time by an older version.)
	const lastPollAt = Math.min(newestSeen, serverTime);
	const since = Math.min(state.since, serverTime);
	// Older keys can never come back, so they are forgotten.
	const nextFrom = Math.max(since, lastPollAt - lagMs);
	for (const [key, time] of Object.entries(emitted)) {
		if (time < nextFrom) delete emitted[key];
	}
	staticData[STATE_KEY] = { ...state, since, lastPollAt, emitted } as unknown as IDataObject;
	return items.length > 0 ? items : null;
}
