import { createHash } from 'crypto';

import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IHttpRequestMethods,
	type JsonObject,
} from 'n8n-workflow';

import { collectPages } from '../../shared/transport/paging';
import { sendRequest } from '../../shared/transport/request';
import type {
	AnswerShape,
	ApiResponse,
	RequestContext,
	ServiceProfile,
} from '../../shared/transport/types';
import { buildPath, type PathParam } from '../../shared/validation';
import { describeSkilljarError } from './errors';

export const DEFAULT_BASE_URL = 'https://api.skilljar.com';

export type SkilljarCredentialType = 'skilljarApi' | 'skilljarOAuth2Api';

/** Which API the node talks to (v1 with an API key, v2 with OAuth2) and where. */
export interface SkilljarConnection {
	api: 'v1' | 'v2';
	credentialType: SkilljarCredentialType;
	baseUrl: string;
	/** v1: the training domain every domain-scoped path names; '' for v2. */
	domain: string;
	/** Lookups shared by the items of one run (profile field definitions, the group list). */
	cache: Map<string, Promise<unknown>>;
	/** Names the credential's rate bucket: a hash of its key or client ID, never the secret. */
	identity: string;
}

const skilljarProfile: ServiceProfile = {
	serviceName: 'Skilljar',
	// Skilljar publishes no rate limit. The ceiling is far above what the node sends; the governor
	// is here so a 429 (and its Retry-After, when present) pauses every request of that credential.
	rateLimit: { max: 100, intervalMs: 1_000 },
	describeError: describeSkilljarError,
	maxRetries: 5,
	backoffBaseMs: 300,
	timeoutMs: 60_000,
};

export function credentialTypeOf(ctx: RequestContext): SkilljarCredentialType {
	const authentication = ctx.getNodeParameter('authentication', 0, 'apiKey');
	return authentication === 'oAuth2' ? 'skilljarOAuth2Api' : 'skilljarApi';
}

/** The node's credential, or the one given (the trigger has no Authentication parameter). */
export async function getConnection(
	ctx: RequestContext,
	credentialType: SkilljarCredentialType = credentialTypeOf(ctx),
): Promise<SkilljarConnection> {
	const credentials = await ctx.getCredentials(credentialType);
	const baseUrl = String(credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
	const identity = identityOf(
		credentialType,
		credentialType === 'skilljarOAuth2Api' ? credentials.clientId : credentials.apiKey,
	);
	if (credentialType === 'skilljarOAuth2Api') {
		return { api: 'v2', credentialType, baseUrl, domain: '', cache: new Map(), identity };
	}
	const domain = String(credentials.domain ?? '')
		.trim()
		.replace(/^https?:\/\//i, '')
		.replace(/\/.*$/, '')
		.toLowerCase();
	if (!/^[-:.0-9a-z]+$/.test(domain)) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The Training Domain in the Skilljar API credential is missing or invalid',
			{
				description:
					'Enter the host name of your training site, e.g. academy.example.com (Skilljar dashboard → Domains).',
			},
		);
	}
	return { api: 'v1', credentialType, baseUrl, domain, cache: new Map(), identity };
}

/** One tenant's 429 must not pause another's: buckets are per key (v1) or client (v2). */
function identityOf(credentialType: SkilljarCredentialType, keyOrClient: unknown): string {
	return createHash('sha256')
		.update(`${credentialType}|${String(keyOrClient ?? '')}`, 'utf8')
		.digest('hex')
		.slice(0, 16);
}

export interface SkilljarRequest {
	method: IHttpRequestMethods;
	/** Path template such as `/v1/groups/{groupId}/users`; `{domain}` is the credential's domain. */
	path: string;
	pathParams?: Record<string, PathParam>;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** A POST whose repetition cannot create a duplicate (an upsert, a set membership). */
	retrySafe?: boolean;
	/** v2: the scope the endpoint needs (x-required-scope), named in the error when missing. */
	scope?: string;
	/** What the answer must hold for the caller to read it, e.g. `{ data: 'object' }`. */
	expects?: AnswerShape;
}

function urlOf(ctx: RequestContext, conn: SkilljarConnection, request: SkilljarRequest): string {
	const itemIndex = request.itemIndex ?? 0;
	const params: Record<string, PathParam> = { ...(request.pathParams ?? {}) };
	if (request.path.includes('{domain}'))
		params.domain = { label: 'Training Domain', value: conn.domain };
	return `${conn.baseUrl}${buildPath(ctx.getNode(), request.path, params, itemIndex)}`;
}

async function send<T>(
	ctx: RequestContext,
	conn: SkilljarConnection,
	request: SkilljarRequest,
	url: string,
): Promise<ApiResponse<T>> {
	const headers: IDataObject = { Accept: 'application/json' };
	if (request.body !== undefined) headers['Content-Type'] = 'application/json';
	return await sendRequest<T>(ctx, skilljarProfile, {
		method: request.method,
		url,
		credentialType: conn.credentialType,
		qs: request.qs,
		body: request.body,
		headers,
		bucket: `${conn.baseUrl}|${conn.credentialType}|${conn.identity}`,
		retrySafe: request.retrySafe,
		requiredScope: request.scope,
		itemIndex: request.itemIndex ?? 0,
		// Every v2 (JSON:API) answer with a body has `data`: a resource, or a list of them.
		expects: request.expects ?? (conn.api === 'v2' ? { data: 'value' } : undefined),
	});
}

export async function skilljarRequest<T = IDataObject>(
	ctx: RequestContext,
	conn: SkilljarConnection,
	request: SkilljarRequest,
): Promise<T> {
	return (await send<T>(ctx, conn, request, urlOf(ctx, conn, request))).body;
}

/** The whole answer, for v2 batches whose status (200 or 207) matters. */
export async function skilljarRequestFull<T = IDataObject>(
	ctx: RequestContext,
	conn: SkilljarConnection,
	request: SkilljarRequest,
): Promise<ApiResponse<T>> {
	return await send<T>(ctx, conn, request, urlOf(ctx, conn, request));
}

// ---- paging ----

const V1_MAX_PAGE_SIZE = 1000;
const V2_MAX_PAGE_SIZE = 100;

interface V1Envelope<T> {
	next?: string | null;
	results?: T[];
}

/** The target of a `Link` header's rel="next" entry (RFC 8288), if any. */
function linkNext(header: unknown): string | undefined {
	if (typeof header !== 'string') return undefined;
	for (const [, target, params] of header.matchAll(/<([^>]*)>((?:\s*;[^,;]*)*)/g)) {
		const rel = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(params)?.[1] ?? '';
		if (rel.toLowerCase().split(/\s+/).includes('next')) return target;
	}
	return undefined;
}

/**
 * One v1 list page in either shape Skilljar answers: the `{count, next, previous, results}`
 * envelope the docs describe, or a bare array (the spec's `type: array` for GET /v1/users) whose
 * next page is in a `Link` header.
 */
function readV1Page<T>(body: unknown, headers: IDataObject): { items: T[]; next?: string } {
	const fromHeader = linkNext(headers.link);
	if (Array.isArray(body)) return { items: body as T[], next: fromHeader };
	const page = (body ?? {}) as V1Envelope<T>;
	return { items: page.results ?? [], next: page.next ?? fromHeader };
}

/**
 * Where a v1 `next` link leads. Followed verbatim (GET /v1/users pages by cursor, and the cursor
 * only works with the query it was issued for), but never to another host: the API key goes
 * with every request.
 */
function nextUrl(
	ctx: RequestContext,
	conn: SkilljarConnection,
	raw: string,
	itemIndex: number,
): string {
	const unreadable = () =>
		new NodeApiError(
			ctx.getNode(),
			{ message: 'Skilljar sent an unreadable next-page link' } as JsonObject,
			{
				itemIndex,
			},
		);
	let next: URL;
	try {
		next = new URL(raw, conn.baseUrl);
	} catch {
		throw unreadable();
	}
	if (next.origin === new URL(conn.baseUrl).origin) return next.toString();
	// Behind a proxy or with a changed base URL, keep the path and query and stay on our host.
	const start = next.pathname.indexOf('/v1/');
	if (start < 0) throw unreadable();
	return `${conn.baseUrl}${next.pathname.slice(start)}${next.search}`;
}

export interface V1ListRequest extends Omit<SkilljarRequest, 'method'> {
	/**
	 * Whether the endpoint declares `page_size` in Skilljar's spec. Only those get it (up to 1000);
	 * the others page by their default size, as an undeclared parameter may be refused.
	 */
	declaresPageSize?: boolean;
}

/** Reads a v1 list page by page (either answer shape), following `next` until `limit`. */
export async function v1List<T = IDataObject>(
	ctx: RequestContext,
	conn: SkilljarConnection,
	{ declaresPageSize, ...request }: V1ListRequest,
	limit = Number.POSITIVE_INFINITY,
): Promise<T[]> {
	const itemIndex = request.itemIndex ?? 0;
	const first = urlOf(ctx, conn, { ...request, method: 'GET' });
	const pageSize = declaresPageSize
		? { page_size: Math.min(V1_MAX_PAGE_SIZE, Math.max(1, limit)) }
		: {};
	return await collectPages<T, string>(async (cursor) => {
		const url = cursor === undefined ? first : nextUrl(ctx, conn, cursor, itemIndex);
		const qs = cursor === undefined ? { ...(request.qs ?? {}), ...pageSize } : undefined;
		const page = await send<unknown>(ctx, conn, { ...request, method: 'GET', qs }, url);
		return readV1Page<T>(page.body, page.headers);
	}, limit);
}

export interface JsonApiResource {
	type: string;
	id: string;
	attributes?: IDataObject;
	relationships?: Record<string, { data?: { type: string; id: string } | null }>;
}

interface V2Envelope {
	data?: JsonApiResource[];
	included?: JsonApiResource[];
	links?: { next?: string | null };
	next_cursor?: string | null;
}

/** The page[cursor] of a v2 answer: `next_cursor`, else the one in `links.next`. */
function v2Cursor(page: V2Envelope): string | undefined {
	if (page.next_cursor) return page.next_cursor;
	if (!page.links?.next) return undefined;
	try {
		return new URL(page.links.next).searchParams.get('page[cursor]') ?? undefined;
	} catch {
		return undefined;
	}
}

/**
 * Reads a v2 list (JSON:API, cursor paged); `included` resources of every page are kept. `keep`
 * filters rows the API cannot filter itself; the limit counts kept rows.
 */
export async function v2List(
	ctx: RequestContext,
	conn: SkilljarConnection,
	request: Omit<SkilljarRequest, 'method'>,
	limit = Number.POSITIVE_INFINITY,
	keep?: (resource: JsonApiResource) => boolean,
): Promise<{ data: JsonApiResource[]; included: JsonApiResource[] }> {
	const included: JsonApiResource[] = [];
	const data: JsonApiResource[] = [];
	// Rows filtered here do not count, so pages are full-size when filtering.
	const size = keep ? V2_MAX_PAGE_SIZE : Math.min(V2_MAX_PAGE_SIZE, Math.max(1, limit));
	let cursor: string | undefined;
	do {
		const page = await skilljarRequest<V2Envelope>(ctx, conn, {
			...request,
			method: 'GET',
			expects: { data: 'list' },
			qs: {
				...(request.qs ?? {}),
				'page[size]': size,
				...(cursor ? { 'page[cursor]': cursor } : {}),
			},
		});
		included.push(...(page.included ?? []));
		data.push(...(page.data ?? []).filter(keep ?? (() => true)).slice(0, limit - data.length));
		cursor = (page.data ?? []).length > 0 ? v2Cursor(page) : undefined;
	} while (cursor !== undefined && data.length < limit);
	return { data, included };
}

/** A v2 resource as one flat object: its id, attributes and related ids (`<name>_id`). */
export function flatten(resource: JsonApiResource): IDataObject {
	const related: IDataObject = {};
	for (const [name, relation] of Object.entries(resource.relationships ?? {})) {
		if (relation?.data?.id) related[`${name.replace(/-/g, '_')}_id`] = relation.data.id;
	}
	return { id: resource.id, ...(resource.attributes ?? {}), ...related };
}

/** Fails before any request when an operation exists in the other API version only. */
export function requireApi(
	ctx: RequestContext,
	conn: SkilljarConnection,
	api: 'v1' | 'v2',
	operation: string,
	why: string,
	itemIndex: number,
): void {
	if (conn.api === api) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`${operation} needs the ${api === 'v1' ? 'Skilljar API (API key)' : 'Skilljar OAuth2 API'} credential`,
		{
			itemIndex,
			description: `${why} Set Authentication to "${api === 'v1' ? 'API Key' : 'OAuth2'}" and pick that credential.`,
		},
	);
}

/** The answer, or undefined when Skilljar answered 404 (the thing is gone already). */
export async function unlessNotFound<T>(request: Promise<T>): Promise<T | undefined> {
	return await request.then(
		(value) => value,
		(error: unknown) => {
			// Anything else is already a NodeApiError from sendRequest, worded for the user.
			if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
			throw error;
		},
	);
}

/** Caches one lookup per run (e.g. field definitions) so items do not repeat it. */
export async function cached<T>(
	conn: SkilljarConnection,
	key: string,
	load: () => Promise<T>,
): Promise<T> {
	let entry = conn.cache.get(key) as Promise<T> | undefined;
	if (!entry) {
		entry = load();
		conn.cache.set(key, entry);
		// A failed lookup is not remembered, so a later item may try again.
		entry.catch(() => conn.cache.delete(key));
	}
	return await entry;
}
