// Bulk endpoints: POST /contacts/bulk/tags/update/{type} (UpdateTagsDTO → UpdateTagsResponseDTO,
// one response per contact) and POST /contacts/bulk/business (ContactsBusinessUpdate →
// ContactsBulkUpateResponse, `ids` the contacts updated). The spec states no limit on the ids of
// one request, so none is enforced here.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { badRequest } from '../errors';
import { grantOf } from '../guards';
import type { Contact } from '../types';

const WRITE = { scope: 'contacts.write' };
const stringList = { type: 'array', items: { type: 'string' } } as const;

const tagsParams = {
	type: 'object',
	properties: { type: { enum: ['add', 'remove'] } },
	required: ['type'],
} as const;

const updateTagsBody = {
	type: 'object',
	properties: { contacts: stringList, tags: stringList, locationId: { type: 'string' }, removeAllTags: { type: 'boolean' } },
	required: ['contacts', 'tags', 'locationId'],
	additionalProperties: false,
} as const;

const businessBody = {
	type: 'object',
	properties: {
		locationId: { type: 'string' },
		ids: { type: 'array', items: { type: 'string', maxLength: 50 } },
		businessId: { type: ['string', 'null'] },
	},
	required: ['locationId', 'ids', 'businessId'],
	additionalProperties: false,
} as const;

type TagsRequest = {
	Params: { type: 'add' | 'remove' };
	Body: { contacts: string[]; tags: string[]; locationId: string; removeAllTags?: boolean };
};
type BusinessRequest = { Body: { locationId: string; ids: string[]; businessId: string | null } };

/** Firestore-style ids as HighLevel issues them: 20 letters and digits. */
const CONTACT_ID = /^[A-Za-z0-9]{20}$/;

type Lookup = { contact: Contact } | { error: string };

/** A contact of the token's location, or why not, in the words of the spec's example responses. */
function lookUp(ctx: SandboxContext, request: FastifyRequest, contactId: string): Lookup {
	const contact = ctx.store.getContact(contactId);
	if (!contact) return { error: CONTACT_ID.test(contactId) ? 'contact not found' : 'contact id is not a valid firebase id' };
	if (contact.locationId !== grantOf(request).locationId) return { error: 'contact does not belong to location' };
	return { contact };
}

export function registerBulkRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;

	app.post<TagsRequest>(
		'/contacts/bulk/tags/update/:type',
		{ config: WRITE, schema: { params: tagsParams, body: updateTagsBody } },
		async (request, reply) => {
			const { type } = request.params;
			const { contacts, tags, removeAllTags } = request.body;
			if (removeAllTags && type !== 'remove') throw badRequest('removeAllTags can only be used with remove type');
			const responses = contacts.map((contactId) => {
				const found = lookUp(ctx, request, contactId);
				if ('error' in found) return { contactId, message: found.error, type: 'error' };
				const oldTags = found.contact.tags;
				const next =
					type === 'add' ? store.addTags(contactId, tags) : store.removeTags(contactId, removeAllTags ? oldTags : tags);
				return {
					contactId,
					message: 'Tags updated',
					type: 'success',
					oldTags,
					tagsAdded: next.tags.filter((tag) => !oldTags.includes(tag)),
					tagsRemoved: oldTags.filter((tag) => !next.tags.includes(tag)),
				};
			});
			const errorCount = responses.filter((response) => response.type === 'error').length;
			return reply.code(201).send({ succeded: errorCount === 0, errorCount, responses });
		},
	);

	app.post<BusinessRequest>('/contacts/bulk/business', { config: WRITE, schema: { body: businessBody } }, async (request) => {
		const { ids, businessId } = request.body;
		const updated = [...new Set(ids)].filter((contactId) => {
			const found = lookUp(ctx, request, contactId);
			if ('error' in found) return false;
			store.setBusiness(contactId, businessId);
			return true;
		});
		return { success: true, ids: updated };
	});
}
