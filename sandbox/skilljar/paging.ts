// Paging envelopes of both APIs.
// v1 page numbers: {count, next, previous, results}, `page` and `page_size` (default 100, max 1000),
//   `next`/`previous` absolute URLs carrying every query parameter.
// v1 cursor (GET /v1/users): {next, previous, results}; `next` carries an opaque `cursor`.
// v1 in `array` shape (config v1ListShape): the results as a bare array, `next`/`previous` in a
//   Link header (rel="next", rel="prev"), `count` in X-Total-Count when known.
// v2: {data, links{self,next,prev}, meta{page_size}, has_more, next_cursor}; page[size] ≤ 100.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from './context';
import { drfDetail, HttpError, jsonApiError } from './errors';

export const V1_MAX_PAGE_SIZE = 1000;
export const V2_DEFAULT_PAGE_SIZE = 25;
export const V2_MAX_PAGE_SIZE = 100;

type Query = Record<string, unknown>;

function queryOf(request: FastifyRequest): Query {
	return { ...(request.query as Query) };
}

function absoluteUrl(ctx: SandboxContext, request: FastifyRequest, query: Query): string {
	const [path] = request.url.split('?');
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) {
		if (value === undefined || value === null) continue;
		params.set(key, String(value));
	}
	const search = params.toString();
	return `${ctx.baseUrl}${path}${search ? `?${search}` : ''}`;
}

function positiveInt(value: unknown): number | undefined {
	const number = Number(value);
	return Number.isInteger(number) && number > 0 ? number : undefined;
}

interface V1PageBody<T> {
	count?: number;
	next: string | null;
	previous: string | null;
	results: T[];
}

/** The v1 list answers built here, so the v1 scope can reshape them (v1ListShape). */
const v1Pages = new WeakSet<object>();

function v1Answer<T extends V1PageBody<unknown>>(page: T): T {
	v1Pages.add(page);
	return page;
}

/** In `array` shape, a v1 page becomes its results, with the links in a Link header. */
export function reshapeV1Page(ctx: SandboxContext, reply: FastifyReply, payload: unknown): unknown {
	if (ctx.settings.v1ListShape !== 'array' || typeof payload !== 'object' || payload === null)
		return payload;
	if (!v1Pages.has(payload)) return payload;
	const page = payload as V1PageBody<unknown>;
	const links = [
		page.next ? `<${page.next}>; rel="next"` : undefined,
		page.previous ? `<${page.previous}>; rel="prev"` : undefined,
	].filter(Boolean);
	if (links.length > 0) void reply.header('link', links.join(', '));
	if (page.count !== undefined) void reply.header('x-total-count', String(page.count));
	return page.results;
}

/** v1 page-number paging. An out-of-range page is a 404 "Invalid page.", as DRF answers. */
export function v1Page<T>(
	ctx: SandboxContext,
	request: FastifyRequest,
	items: T[],
): V1PageBody<T> & { count: number } {
	const query = queryOf(request);
	const size = Math.min(
		positiveInt(query.page_size) ?? ctx.settings.v1DefaultPageSize,
		V1_MAX_PAGE_SIZE,
	);
	const page = query.page === undefined ? 1 : positiveInt(query.page);
	const pages = Math.max(1, Math.ceil(items.length / size));
	if (page === undefined || page > pages) throw drfDetail(404, 'Invalid page.');
	return v1Answer({
		count: items.length,
		next: page < pages ? absoluteUrl(ctx, request, { ...query, page: page + 1 }) : null,
		previous: page > 1 ? absoluteUrl(ctx, request, { ...query, page: page - 1 }) : null,
		results: items.slice((page - 1) * size, page * size),
	});
}

interface CursorState {
	/** Offset of the page's first item. */
	o: number;
	/** The query the cursor was issued for (without the cursor itself). */
	q: string;
}

function encodeCursor(state: CursorState): string {
	return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeCursor(value: string): CursorState | undefined {
	try {
		const state = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as CursorState;
		return Number.isInteger(state.o) && state.o >= 0 && typeof state.q === 'string'
			? state
			: undefined;
	} catch {
		return undefined;
	}
}

function canonical(query: Query, without: string): string {
	return Object.keys(query)
		.filter((key) => key !== without && query[key] !== undefined)
		.sort()
		.map((key) => `${key}=${String(query[key])}`)
		.join('&');
}

function cursorOffset(
	ctx: SandboxContext,
	query: Query,
	param: string,
	invalid: () => HttpError,
	mismatch: () => HttpError,
): number {
	const raw = query[param];
	if (raw === undefined || raw === '') return 0;
	const state = decodeCursor(String(raw));
	if (!state) throw invalid();
	if (ctx.settings.strictPaging && state.q !== canonical(query, param)) throw mismatch();
	return state.o;
}

/** v1 cursor paging (GET /v1/users): follow `next` verbatim. */
export function v1Cursor<T>(
	ctx: SandboxContext,
	request: FastifyRequest,
	items: T[],
): V1PageBody<T> {
	const query = queryOf(request);
	const size = Math.min(
		positiveInt(query.page_size) ?? ctx.settings.v1DefaultPageSize,
		V1_MAX_PAGE_SIZE,
	);
	const offset = cursorOffset(
		ctx,
		query,
		'cursor',
		() => drfDetail(404, 'Invalid cursor'),
		() =>
			drfDetail(
				400,
				'Sandbox: this cursor was issued for other query parameters. Follow the `next` URL verbatim.',
			),
	);
	const q = canonical(query, 'cursor');
	const end = offset + size;
	return v1Answer({
		next:
			end < items.length
				? absoluteUrl(ctx, request, { ...query, cursor: encodeCursor({ o: end, q }) })
				: null,
		previous:
			offset > 0
				? absoluteUrl(ctx, request, {
						...query,
						cursor: encodeCursor({ o: Math.max(0, offset - size), q }),
					})
				: null,
		results: items.slice(offset, end),
	});
}

export interface V2Page<T> {
	data: T[];
	links: { self: string; next: string | null; prev: string | null };
	meta: { page_size: number };
	has_more: boolean;
	next_cursor: string | null;
	included?: unknown[];
}

/** v2 cursor paging. page[size] above 100 is a 422, as the spec's maximum says. */
export function v2Page<T>(ctx: SandboxContext, request: FastifyRequest, items: T[]): V2Page<T> {
	const query = queryOf(request);
	const rawSize = query['page[size]'];
	const size = rawSize === undefined ? V2_DEFAULT_PAGE_SIZE : Number(rawSize);
	if (!Number.isInteger(size) || size < 1 || size > V2_MAX_PAGE_SIZE) {
		throw jsonApiError(
			422,
			'validation_error',
			'Invalid query parameter',
			`page[size] must be an integer from 1 to ${V2_MAX_PAGE_SIZE}.`,
			{ parameter: 'page[size]' },
		);
	}
	const offset = cursorOffset(
		ctx,
		query,
		'page[cursor]',
		() =>
			jsonApiError(
				400,
				'invalid_cursor',
				'Invalid cursor',
				'page[cursor] is not a cursor this API issued.',
				{ parameter: 'page[cursor]' },
			),
		() =>
			jsonApiError(
				400,
				'invalid_cursor',
				'Invalid cursor',
				'Sandbox: this cursor was issued for other query parameters. Follow links.next verbatim.',
				{ parameter: 'page[cursor]' },
			),
	);
	const end = offset + size;
	const nextCursor =
		end < items.length ? encodeCursor({ o: end, q: canonical(query, 'page[cursor]') }) : null;
	return {
		data: items.slice(offset, end),
		links: {
			self: absoluteUrl(ctx, request, query),
			next: nextCursor ? absoluteUrl(ctx, request, { ...query, 'page[cursor]': nextCursor }) : null,
			prev: null,
		},
		meta: { page_size: size },
		has_more: nextCursor !== null,
		next_cursor: nextCursor,
	};
}
