// GET /locations/{locationId}/customFields, for the node's custom-field dropdown.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';

export function registerLocationRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	app.get<{ Params: { locationId: string } }>(
		'/locations/:locationId/customFields',
		{ config: { scope: 'locations/customFields.readonly' } },
		async (request) => ({ customFields: ctx.store.listCustomFields(request.params.locationId) }),
	);
}
