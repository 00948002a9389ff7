// Per-request access checks shared by the API routes.
import type { FastifyRequest } from 'fastify';
import type { TokenGrant } from './auth';
import type { SandboxContext } from './context';
import { badRequest, forbidden, notFound } from './errors';
import type { RecordedRequest } from './recorder';
import type { Contact } from './types';

declare module 'fastify' {
	interface FastifyRequest {
		/** Set by the API pipeline once the bearer token is accepted. */
		grant: TokenGrant | null;
		/** This request's entry in the request log (null for the inspection API). */
		record: RecordedRequest | null;
	}
	interface FastifyContextConfig {
		/** Scope an API route needs; `.readonly` is also satisfied by the matching `.write`. */
		scope?: string;
	}
}

export function grantOf(request: FastifyRequest): TokenGrant {
	if (!request.grant) throw new Error('sandbox: route is not behind the API pipeline');
	return request.grant;
}

export function assertLocation(request: FastifyRequest, locationId: string): void {
	if (grantOf(request).locationId !== locationId) throw forbidden();
}

/** Loads a contact the token may see: unknown → 400/404 (configurable), other location → 403. */
export function contactFor(ctx: SandboxContext, request: FastifyRequest, contactId: string): Contact {
	const contact = ctx.store.getContact(contactId);
	if (!contact) {
		const text = `Contact with id ${contactId} not found`;
		throw ctx.settings.unknownContactStatus === 404 ? notFound(text) : badRequest(text);
	}
	assertLocation(request, contact.locationId);
	return contact;
}
