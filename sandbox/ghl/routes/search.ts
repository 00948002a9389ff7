// POST /contacts/search (lagging view) and GET /contacts/search/duplicate.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { searchContacts, type SearchBody } from '../search-engine';
import { duplicateQuery, searchBody } from '../schemas';

const READ = { scope: 'contacts.readonly' };

export function registerSearchRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	app.post<{ Body: SearchBody }>('/contacts/search', { config: READ, schema: { body: searchBody } }, async (request) =>
		searchContacts(ctx.store.searchableContacts(request.body.locationId), request.body),
	);

	app.get<{ Querystring: { locationId: string; email?: string; number?: string } }>(
		'/contacts/search/duplicate',
		{ config: READ, schema: { querystring: duplicateQuery } },
		async (request) => {
			const { locationId, email, number } = request.query;
			return { contact: ctx.store.findDuplicate(locationId, { email, phone: number })?.contact ?? null };
		},
	);
}
