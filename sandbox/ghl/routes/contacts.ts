// Contacts CRUD, upsert, the deprecated cursor-paged list, contacts by business, appointments.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { badRequest, forbidden } from '../errors';
import { contactFor } from '../guards';
import { matchesQuery } from '../model';
import { businessContactsQuery, createContactBody, listContactsQuery, updateContactBody, upsertContactBody } from '../schemas';
import { sortedPosition } from '../store';
import type { Contact, ContactWrite } from '../types';

const READ = { scope: 'contacts.readonly' };
const WRITE = { scope: 'contacts.write' };
const DUPLICATE_MESSAGE = 'This location does not allow duplicated contacts.';
/** Bound on remembered cursors (strictPaging), so a long-running sandbox does not grow without limit. */
const MAX_CURSORS = 10_000;

type ContactParams = { Params: { contactId: string } };
interface ListQuery {
	locationId?: string;
	limit?: number;
	startAfterId?: string;
	startAfter?: number;
	query?: string;
}

export function registerContactRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;
	/** cursor "location|id|ms" → the limit and query of the page that handed it out. */
	const issuedCursors = new Map<string, { limit: number; query: string }>();

	/** 400 with meta when the location forbids duplicates and the email/phone is taken. */
	function rejectDuplicate(locationId: string, input: ContactWrite, exceptId?: string): void {
		if (store.getLocation(locationId)?.allowDuplicateContact) return;
		const match = store.findDuplicate(locationId, input, exceptId);
		if (!match) return;
		const { contact, matchingField } = match;
		const contactName = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
		throw badRequest(DUPLICATE_MESSAGE, { meta: { contactId: contact.id, contactName, matchingField } });
	}

	app.get<ContactParams>('/contacts/:contactId', { config: READ }, async (request) => ({
		contact: contactFor(ctx, request, request.params.contactId),
	}));

	app.post<{ Body: ContactWrite & { locationId: string } }>('/contacts/', { config: WRITE, schema: { body: createContactBody } }, async (request, reply) => {
		rejectDuplicate(request.body.locationId, request.body);
		return reply.code(201).send({ contact: store.createContact(request.body.locationId, request.body) });
	});

	app.put<ContactParams & { Body: ContactWrite }>('/contacts/:contactId', { config: WRITE, schema: { body: updateContactBody } }, async (request) => {
		const current = contactFor(ctx, request, request.params.contactId);
		rejectDuplicate(current.locationId, request.body, current.id);
		return { succeded: true, contact: store.updateContact(current.id, request.body) };
	});

	app.delete<ContactParams>('/contacts/:contactId', { config: WRITE }, async (request) => {
		store.deleteContact(contactFor(ctx, request, request.params.contactId).id);
		return { succeded: true };
	});

	// Matches on email, then phone; a location that allows duplicates may ask for a new contact anyway.
	app.post<{ Body: ContactWrite & { locationId: string } }>('/contacts/upsert', { config: WRITE, schema: { body: upsertContactBody } }, async (request) => {
		const { locationId, createNewIfDuplicateAllowed, phone } = request.body;
		const allowsDuplicates = store.getLocation(locationId)?.allowDuplicateContact ?? false;
		const match = allowsDuplicates && createNewIfDuplicateAllowed ? undefined : store.findDuplicate(locationId, request.body);
		if (!match) return { new: true, contact: store.createContact(locationId, request.body) };
		// Per the spec, when the email matched one contact and the phone belongs to another, the phone is ignored.
		const phoneTaken = match.matchingField === 'email' && store.findDuplicate(locationId, { phone }, match.contact.id);
		const input = phoneTaken ? { ...request.body, phone: undefined } : request.body;
		return { new: false, contact: store.updateContact(match.contact.id, input) };
	});

	app.get<{ Querystring: ListQuery }>('/contacts/', { config: READ, schema: { querystring: listContactsQuery } }, async (request) => {
		const { locationId, startAfterId, startAfter } = request.query;
		// Live answers a page without locationId with 403 (the official n8n node's page-2 bug).
		if (!locationId) throw forbidden();
		const limit = request.query.limit ?? 20;
		const query = request.query.query ?? '';
		const list = query ? store.listContacts(locationId).filter((c) => matchesQuery(c, query)) : store.listContacts(locationId);

		let start = 0;
		if (startAfterId !== undefined || startAfter !== undefined) {
			checkCursor(`${locationId}|${startAfterId}|${startAfter}`, limit, query);
			const anchorDate = startAfter !== undefined ? new Date(startAfter).toISOString() : store.getContact(startAfterId ?? '')?.dateAdded;
			if (anchorDate === undefined) throw badRequest('startAfterId does not match any contact; send startAfter as well');
			// Without an id, skip everything at that millisecond ('\uffff' sorts after every id).
			const anchor = { dateAdded: anchorDate, id: startAfterId ?? '\uffff' };
			start = sortedPosition(list, anchor);
			if (list[start]?.id === anchor.id) start++;
		}

		const page = list.slice(start, start + limit);
		const last = page.at(-1);
		const hasMore = start + limit < list.length;
		const currentPage = Math.floor(start / limit) + 1;
		const meta = {
			total: list.length,
			nextPageUrl: null as string | null,
			startAfterId: null as string | null,
			startAfter: null as number | null,
			currentPage,
			nextPage: null as number | null,
			prevPage: currentPage > 1 ? currentPage - 1 : null,
		};
		if (last && hasMore) {
			const cursorMs = Date.parse(last.dateAdded);
			rememberCursor(`${locationId}|${last.id}|${cursorMs}`, limit, query);
			const params = new URLSearchParams({ locationId, limit: String(limit), startAfter: String(cursorMs), startAfterId: last.id });
			if (query) params.set('query', query);
			Object.assign(meta, { nextPageUrl: `${ctx.baseUrl}/contacts/?${params}`, startAfterId: last.id, startAfter: cursorMs, nextPage: currentPage + 1 });
		}
		return { contacts: page, meta };
	});

	function rememberCursor(key: string, limit: number, query: string): void {
		issuedCursors.set(key, { limit, query });
		if (issuedCursors.size > MAX_CURSORS) issuedCursors.delete(issuedCursors.keys().next().value as string);
	}

	function checkCursor(key: string, limit: number, query: string): void {
		const issued = issuedCursors.get(key);
		if (!ctx.settings.strictPaging || !issued || (issued.limit === limit && issued.query === query)) return;
		throw badRequest(
			`Sandbox paging check: this cursor came from a page with limit=${issued.limit} and query="${issued.query}", ` +
				`but this request has limit=${limit} and query="${query}". Repeat locationId, limit and query on every page.`,
		);
	}

	app.get<{ Params: { businessId: string }; Querystring: { locationId: string; limit?: number; skip?: number; query?: string } }>(
		'/contacts/business/:businessId',
		{ config: READ, schema: { querystring: businessContactsQuery } },
		async (request) => {
			const { locationId, limit = 25, skip = 0, query = '' } = request.query;
			const matches = store
				.listContacts(locationId)
				.filter((c: Contact) => c.businessId === request.params.businessId && matchesQuery(c, query));
			return { contacts: matches.slice(skip, skip + limit), count: matches.length };
		},
	);

	app.get<ContactParams>('/contacts/:contactId/appointments', { config: READ }, async (request) => {
		const contact = contactFor(ctx, request, request.params.contactId);
		return { events: store.listAppointments(contact.id) };
	});
}
