// Lookups shared by the routes; each fails with the API's own not-found shape.
import type { SandboxContext } from '../context';
import { drfNotFound, jsonApiError } from '../errors';
import type { Domain, DomainUser, Group, PublishedCourse, User } from '../types';

export function domainOr404(ctx: SandboxContext, name: string): Domain {
	const domain = ctx.store.getDomain(name);
	if (!domain) throw drfNotFound();
	return domain;
}

export function userOr404(ctx: SandboxContext, id: string): User {
	const user = ctx.store.getUser(id);
	if (!user) throw drfNotFound();
	return user;
}

export function memberOr404(ctx: SandboxContext, domain: string, userId: string): DomainUser {
	domainOr404(ctx, domain);
	const member = ctx.store.getDomainUser(domain, userId);
	if (!member) throw drfNotFound();
	return member;
}

export function publishedOr404(ctx: SandboxContext, domain: string, id: string): PublishedCourse {
	domainOr404(ctx, domain);
	const published = ctx.store.publishedCourses.get(id);
	if (!published || published.domain !== domain) throw drfNotFound();
	return published;
}

export function groupOr404(ctx: SandboxContext, id: string): Group {
	const group = ctx.store.groups.get(id);
	if (!group) throw drfNotFound();
	return group;
}

export function v2NotFound(kind: string, id: string) {
	return jsonApiError(
		404,
		'not_found',
		'Not Found',
		`No ${kind} with id ${id} in this organization.`,
	);
}

/** Case-sensitive exact match, as DRF filters compare. */
export function matches(value: string, filter: unknown): boolean {
	return filter === undefined || value === String(filter);
}

export function booleanFilter(value: unknown): boolean | undefined {
	if (value === undefined || value === '') return undefined;
	return value === true || value === 'true' || value === 'True' || value === '1';
}

export const idPattern = { type: 'string', pattern: '^[0-9a-z]+$' } as const;
export const domainPattern = { type: 'string', pattern: '^[-:\\.0-9a-z]+$' } as const;
