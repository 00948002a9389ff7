// POST / DELETE /contacts/{id}/tags: add or remove without touching the other tags (PUT overwrites them all).
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { contactFor } from '../guards';
import { tagsBody } from '../schemas';

type TagsRequest = { Params: { contactId: string }; Body: { tags: string[] } };
const WRITE = { scope: 'contacts.write' };

export function registerTagRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	app.post<TagsRequest>('/contacts/:contactId/tags', { config: WRITE, schema: { body: tagsBody } }, async (request, reply) => {
		const contact = contactFor(ctx, request, request.params.contactId);
		return reply.code(201).send({ tags: ctx.store.addTags(contact.id, request.body.tags).tags });
	});

	app.delete<TagsRequest>('/contacts/:contactId/tags', { config: WRITE, schema: { body: tagsBody } }, async (request) => {
		const contact = contactFor(ctx, request, request.params.contactId);
		return { tags: ctx.store.removeTags(contact.id, request.body.tags).tags };
	});
}
