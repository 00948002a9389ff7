// Users of a location (GET /users/, deprecated but the only location-scoped list) and the users
// following a contact (POST|DELETE /contacts/{id}/followers).
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { badRequest } from '../errors';
import { contactFor } from '../guards';

const WRITE = { scope: 'contacts.write' };

/** FollowersDTO. */
const followersBody = {
	type: 'object',
	properties: { followers: { type: 'array', items: { type: 'string' } } },
	required: ['followers'],
	additionalProperties: false,
} as const;

type FollowersRequest = { Params: { contactId: string }; Body: { followers: string[] } };

export function registerUserRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { automation } = ctx.store;

	app.get<{ Querystring: { locationId: string } }>(
		'/users/',
		{
			config: { scope: 'users.readonly' },
			schema: { querystring: { type: 'object', properties: { locationId: { type: 'string' } }, required: ['locationId'] } },
		},
		async (request) => ({ users: automation.listUsers(request.query.locationId) }),
	);

	// Only users of the contact's location can follow it; an id from elsewhere (or a name) is refused.
	app.post<FollowersRequest>('/contacts/:contactId/followers', { config: WRITE, schema: { body: followersBody } }, async (request, reply) => {
		const contact = contactFor(ctx, request, request.params.contactId);
		const unknown = request.body.followers.find((id) => !automation.getUser(contact.locationId, id));
		if (unknown !== undefined) throw badRequest(`User with id ${unknown} not found`);
		return reply.code(201).send(automation.addFollowers(contact.id, request.body.followers));
	});

	app.delete<FollowersRequest>('/contacts/:contactId/followers', { config: WRITE, schema: { body: followersBody } }, async (request) => {
		const contact = contactFor(ctx, request, request.params.contactId);
		return automation.removeFollowers(contact.id, request.body.followers);
	});
}
