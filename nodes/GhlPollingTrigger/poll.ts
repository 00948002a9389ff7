import { NodeOperationError, type IDataObject, type IPollFunctions } from 'n8n-workflow';

import { simplifyContact } from '../GhlContacts/helpers/contact';
import { getConnection, ghlRequest, resolveLocationId } from '../GhlContacts/transport';
import { collectPages } from '../shared/transport/paging';
import { parseDateTime } from '../shared/validation';

export type PollTarget = 'contactCreated' | 'contactChanged';

/** What the trigger keeps between polls, in the workflow's static data. */
interface PollState {
	target: PollTarget;
	locationId: string;
	/** Nothing older than this (ms) is emitted: the activation time, or the backfill date. */
	since: number;
	/** When the previous poll ran (n8n's clock, ms). */
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

	const search = async (body: IDataObject, limit = Number.POSITIVE_INFINITY) =>
		await collectPages<IDataObject, SearchCursor>(async (cursor = { page: 1 }) => {
			const page = await ghlRequest<SearchPage>(ctx, connection, {
				method: 'POST',
				path: '/contacts/search',
				body: { locationId, pageLimit: Math.min(PAGE_LIMIT, limit), ...body, ...cursor },
				locationId,
				retrySafe: true,
				expects: { contacts: 'list' },
			});
			const contacts = page.contacts ?? [];
			const last = contacts[contacts.length - 1]?.searchAfter;
			// searchAfter does not skip rows when a lagging write lands on an earlier page.
			const next: SearchCursor =
				Array.isArray(last) && last.length > 0
					? { searchAfter: last }
					: { page: ('page' in cursor ? cursor.page : 1) + 1 };
			return { items: contacts, next: contacts.length < PAGE_LIMIT ? undefined : next };
		}, limit);

	// The editor's "Fetch Test Event": the most recent contact, whatever was emitted before.
	if (ctx.getMode() === 'manual') {
		const [latest] = await search({ sort: [{ field, direction: 'desc' }] }, 1);
		return latest ? [output(latest, target, simplify)] : null;
	}

	const now = Date.now();
	const staticData = ctx.getWorkflowStaticData('node');
	let state = staticData[STATE_KEY] as PollState | undefined;
	if (!state || state.target !== target || state.locationId !== locationId) {
		const backfillFrom = options.backfillFrom
			? parseDateTime(node, 'Backfill From', options.backfillFrom, 0).getTime()
			: undefined;
		if (backfillFrom !== undefined && backfillFrom > now) {
			throw new NodeOperationError(node, 'Backfill From is in the future', {
				description: 'Pick a past date, or clear the option to start from activation.',
			});
		}
		state = {
			target,
			locationId,
			since: backfillFrom ?? now,
			// With a backfill the first look-back reaches exactly the backfill date.
			lastPollAt: backfillFrom !== undefined ? backfillFrom + lagMs : now,
			emitted: {},
		};
		if (backfillFrom === undefined) {
			// First activation: remember where we start, emit nothing old.
			staticData[STATE_KEY] = state as unknown as IDataObject;
			return null;
		}
	}

	const from = Math.max(state.since, state.lastPollAt - lagMs);
	const contacts = await search({
		filters: [{ field, operator: 'range', value: { gte: new Date(from).toISOString() } }],
		sort: [{ field, direction: 'asc' }],
	});

	const emitted = { ...state.emitted };
	const items: IDataObject[] = [];
	for (const contact of contacts) {
		const changedAt = Date.parse(String(contact[field]));
		if (Number.isNaN(changedAt) || changedAt < state.since) continue;
		const key = changeKey(target, contact);
		if (emitted[key] !== undefined) continue;
		emitted[key] = changedAt;
		items.push(output(contact, target, simplify));
	}

	// The next poll looks back to here; older keys can never come back, so they are forgotten.
	const nextFrom = Math.max(state.since, now - lagMs);
	for (const [key, changedAt] of Object.entries(emitted)) {
		if (changedAt < nextFrom) delete emitted[key];
	}
	staticData[STATE_KEY] = { ...state, lastPollAt: now, emitted } as unknown as IDataObject;
	return items.length > 0 ? items : null;
}
