// Inspection and control API for tests and manual runs, under /__sandbox (no auth, no limits, no faults).
import type { FastifyInstance } from 'fastify';
import type { OAuthClientOptions } from '../auth';
import type { ConfigPatch, SandboxContext } from '../context';
import { notFound } from '../errors';
import type { SeedOptions } from '../seed';
import type { Contact, CustomFieldDefinition, Location } from '../types';
import { registerAutomationInspection } from './inspectAutomation';

const object = { type: 'object' } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;
const locationQuery = { querystring: { type: 'object', properties: { locationId: { type: 'string' } } } };

const configPatch = {
	type: 'object',
	properties: {
		latencyMs: { type: 'integer', minimum: 0 },
		searchLagMs: { type: 'integer', minimum: 0 },
		unknownContactStatus: { enum: [400, 404] },
		versionHeaderErrorStatus: { enum: [400, 401] },
		strictPaging: { type: 'boolean' },
		accessTokenLifetimeSec: { type: 'integer', minimum: 1 },
		expireAccessTokensEvery: { type: ['integer', 'null'], minimum: 0 },
		rateLimit: {
			type: 'object',
			properties: {
				max: { type: 'integer', minimum: 1 },
				intervalMs: { type: 'integer', minimum: 1 },
				daily: { type: 'integer', minimum: 1 },
				retryAfter: { type: 'boolean' },
			},
			additionalProperties: false,
		},
		faults: object,
	},
	additionalProperties: false,
} as const;

export function registerInspectRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store, auth, recorder } = ctx;
	const locationOf = (query: { locationId?: string }) => query.locationId ?? store.defaultLocationId;

	app.get('/state', async () => ({ locations: store.summary(), config: ctx.config }));

	app.get<{ Querystring: { locationId?: string } }>('/contacts', { schema: locationQuery }, async (request) => ({
		contacts: store.listContacts(locationOf(request.query)),
	}));
	app.post<{ Body: Partial<Contact> }>('/contacts', { schema: { body: object } }, async (request, reply) =>
		reply.code(201).send({ contact: store.addContact(request.body) }),
	);
	app.get<{ Params: { contactId: string } }>('/contacts/:contactId', async (request) => {
		const contact = store.getContact(request.params.contactId);
		if (!contact) throw notFound(`Contact with id ${request.params.contactId} not found`);
		return {
			contact,
			tasks: store.listTasks(contact.id),
			notes: store.listNotes(contact.id),
			appointments: store.listAppointments(contact.id),
			// workflows (enrollments with eventStartTime), campaigns, followers (user ids)
			...store.automation.of(contact.id),
		};
	});
	app.get<{ Querystring: { locationId?: string } }>('/tags', { schema: locationQuery }, async (request) => ({
		tags: store.tagsOf(locationOf(request.query)),
	}));

	app.post<{ Body: Partial<Location> }>('/locations', { schema: { body: object } }, async (request, reply) =>
		reply.code(201).send({ location: store.addLocation(request.body) }),
	);
	app.post<{ Body: Pick<CustomFieldDefinition, 'name'> & Partial<CustomFieldDefinition> }>(
		'/custom-fields',
		{ schema: { body: { type: 'object', properties: { name: { type: 'string' }, locationId: { type: 'string' } }, required: ['name'] } } },
		async (request, reply) =>
			reply.code(201).send({ customField: store.addCustomField({ ...request.body, locationId: locationOf(request.body) }) }),
	);
	registerAutomationInspection(app, ctx);
	app.post<{ Body: SeedOptions }>('/seed', { schema: { body: object } }, async (request) => ({ result: ctx.seed(request.body) }));

	app.get('/requests', async () => ({ requests: recorder.requests }));
	app.delete('/requests', async () => {
		const cleared = recorder.requests.length;
		recorder.clear();
		return { cleared };
	});
	app.get('/stats', async () => ({ stats: recorder.stats }));
	app.delete('/stats', async () => {
		recorder.resetStats();
		return { stats: recorder.stats };
	});

	app.get('/config', async () => ({ config: ctx.config }));
	app.patch<{ Body: ConfigPatch }>('/config', { schema: { body: configPatch } }, async (request) => {
		ctx.configure(request.body);
		return { config: ctx.config };
	});

	app.post<{ Body: { locationId?: string; scopes?: string[] } }>(
		'/tokens/private',
		{ schema: { body: { type: 'object', properties: { locationId: { type: 'string' }, scopes: stringList } } } },
		async (request, reply) => reply.code(201).send({ token: auth.createPrivateToken({ ...request.body, locationId: locationOf(request.body) }) }),
	);
	app.post<{ Body: OAuthClientOptions | undefined }>('/oauth/clients', async (request, reply) =>
		reply.code(201).send(auth.createOAuthClient(request.body ?? {})),
	);
	app.post<{ Body: { clientId: string; locationId?: string; scopes?: string[] } }>(
		'/oauth/tokens',
		{
			schema: {
				body: { type: 'object', properties: { clientId: { type: 'string' }, locationId: { type: 'string' }, scopes: stringList }, required: ['clientId'] },
			},
		},
		async (request, reply) => reply.code(201).send(auth.issueTokens({ ...request.body, locationId: locationOf(request.body) })),
	);
	app.post('/oauth/expire', async () => ({ expired: auth.expireAccessTokens() }));
}
