// Workflows and campaigns: the location's lists (GET /workflows/, GET /campaigns/) and a contact's
// enrollments (POST|DELETE /contacts/{id}/workflow/{workflowId}, POST|DELETE
// /contacts/{id}/campaigns/{campaignId}, DELETE /contacts/{id}/campaigns/removeAll).
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { notFound, unprocessable } from '../errors';
import { contactFor } from '../guards';
import type { Contact } from '../types';

const WRITE = { scope: 'contacts.write' };

const locationQuery = (extra: Record<string, object> = {}) => ({
	type: 'object',
	properties: { locationId: { type: 'string' }, ...extra },
	required: ['locationId'],
});

/**
 * CreateWorkflowDto: the body both workflow routes require (a request without one fails the
 * schema: "body must be an object"); eventStartTime is ISO 8601 with an offset.
 */
const workflowBody = {
	type: 'object',
	properties: {
		eventStartTime: {
			type: 'string',
			pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$',
			description: 'must be a valid ISO 8601 date string with a time zone offset (e.g. 2021-06-23T03:30:00+01:00)',
		},
	},
	additionalProperties: false,
} as const;

/** AddContactToCampaignDto has no properties, but the body is required. */
const campaignBody = { type: 'object', additionalProperties: false } as const;

/** The pattern lets 2026-02-30 or 25:00 through; the date and time must exist too. */
function isRealDateTime(text: string): boolean {
	const [year, month, day, hour, minute] = (/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text) ?? []).slice(1).map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60;
}

type WorkflowRequest = { Params: { contactId: string; workflowId: string }; Body: { eventStartTime?: string } };
type CampaignRequest = { Params: { contactId: string; campaignId: string } };

export function registerAutomationRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { automation } = ctx.store;

	app.get<{ Querystring: { locationId: string } }>(
		'/workflows/',
		{ config: { scope: 'workflows.readonly' }, schema: { querystring: locationQuery() } },
		async (request) => ({ workflows: automation.listWorkflows(request.query.locationId) }),
	);

	app.get<{ Querystring: { locationId: string; status?: string } }>(
		'/campaigns/',
		{ config: { scope: 'campaigns.readonly' }, schema: { querystring: locationQuery({ status: { type: 'string' } }) } },
		async (request) => ({
			campaigns: automation
				.listCampaigns(request.query.locationId)
				.filter((campaign) => request.query.status === undefined || campaign.status === request.query.status),
		}),
	);

	function workflowOf(contact: Contact, workflowId: string): string {
		const workflow = automation.getWorkflow(contact.locationId, workflowId);
		if (!workflow) throw notFound(`Workflow with id ${workflowId} not found`);
		return workflow.id;
	}

	function campaignOf(contact: Contact, campaignId: string): string {
		const campaign = automation.getCampaign(contact.locationId, campaignId);
		if (!campaign) throw notFound(`Campaign with id ${campaignId} not found`);
		return campaign.id;
	}

	app.post<WorkflowRequest>('/contacts/:contactId/workflow/:workflowId', { config: WRITE, schema: { body: workflowBody } }, async (request) => {
		const eventStartTime = request.body.eventStartTime;
		if (eventStartTime !== undefined && !isRealDateTime(eventStartTime)) {
			throw unprocessable([`eventStartTime ${workflowBody.properties.eventStartTime.description}`]);
		}
		const contact = contactFor(ctx, request, request.params.contactId);
		automation.enroll(contact.id, workflowOf(contact, request.params.workflowId), eventStartTime);
		return { succeded: true };
	});

	app.delete<WorkflowRequest>('/contacts/:contactId/workflow/:workflowId', { config: WRITE, schema: { body: workflowBody } }, async (request) => {
		const contact = contactFor(ctx, request, request.params.contactId);
		automation.unenroll(contact.id, workflowOf(contact, request.params.workflowId));
		return { succeded: true };
	});

	app.post<CampaignRequest>('/contacts/:contactId/campaigns/:campaignId', { config: WRITE, schema: { body: campaignBody } }, async (request, reply) => {
		const contact = contactFor(ctx, request, request.params.contactId);
		automation.addToCampaign(contact.id, campaignOf(contact, request.params.campaignId));
		return reply.code(201).send({ succeded: true });
	});

	// A static segment wins over :campaignId in Fastify's router, as on the live API.
	app.delete<{ Params: { contactId: string } }>('/contacts/:contactId/campaigns/removeAll', { config: WRITE }, async (request) => {
		automation.removeFromAllCampaigns(contactFor(ctx, request, request.params.contactId).id);
		return { succeded: true };
	});

	app.delete<CampaignRequest>('/contacts/:contactId/campaigns/:campaignId', { config: WRITE }, async (request) => {
		const contact = contactFor(ctx, request, request.params.contactId);
		automation.removeFromCampaign(contact.id, campaignOf(contact, request.params.campaignId));
		return { succeded: true };
	});
}
