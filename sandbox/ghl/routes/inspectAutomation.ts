// Inspection routes for workflows, campaigns and users: list a location's, add one.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';

const named = {
	type: 'object',
	properties: { name: { type: 'string' }, status: { type: 'string' }, locationId: { type: 'string' } },
	required: ['name'],
} as const;
const person = {
	type: 'object',
	properties: { firstName: { type: 'string' }, lastName: { type: 'string' }, email: { type: 'string' }, locationId: { type: 'string' } },
	required: ['firstName', 'lastName'],
} as const;

type Named = { Body: { name: string; status?: string; locationId?: string } };

export function registerAutomationInspection(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;
	const { automation } = store;
	const locationOf = (source: { locationId?: string }) => source.locationId ?? store.defaultLocationId;

	app.get<{ Querystring: { locationId?: string } }>(
		'/automation',
		{ schema: { querystring: { type: 'object', properties: { locationId: { type: 'string' } } } } },
		async (request) => {
			const locationId = locationOf(request.query);
			return {
				workflows: automation.listWorkflows(locationId),
				campaigns: automation.listCampaigns(locationId),
				users: automation.listUsers(locationId),
			};
		},
	);
	app.post<Named>('/workflows', { schema: { body: named } }, async (request, reply) =>
		reply.code(201).send({ workflow: automation.addWorkflow({ ...request.body, locationId: locationOf(request.body) }) }),
	);
	app.post<Named>('/campaigns', { schema: { body: named } }, async (request, reply) =>
		reply.code(201).send({ campaign: automation.addCampaign({ ...request.body, locationId: locationOf(request.body) }) }),
	);
	app.post<{ Body: { firstName: string; lastName: string; email?: string; locationId?: string } }>(
		'/users',
		{ schema: { body: person } },
		async (request, reply) => {
			const { locationId, ...user } = request.body;
			return reply.code(201).send({ user: automation.addUser({ ...user, locationIds: [locationOf({ locationId })] }) });
		},
	);
}
