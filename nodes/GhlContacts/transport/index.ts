import { NodeOperationError, type IDataObject, type IHttpRequestMethods } from 'n8n-workflow';

import { sendRequest } from '../../shared/transport/request';
import type {
	AnswerShape,
	ApiResponse,
	RequestContext,
	ServiceProfile,
} from '../../shared/transport/types';
import { buildPath, encodePathSegment, type PathParam } from '../../shared/validation';
import { describeGhlError, isMissingScope } from './errors';
import { requiredScopeOf } from './scopes';

export const GHL_API_VERSION = '2021-07-28';

export type GhlCredentialType = 'ghlOAuth2Api' | 'ghlPrivateIntegrationApi';

/** Which credential a node uses, where its API lives, and the location it acts on. */
export interface GhlConnection {
	credentialType: GhlCredentialType;
	baseUrl: string;
	/** The credential's own location (the token's, for OAuth2), or '' when it has none. */
	credentialLocationId: string;
}

const ghlProfile: ServiceProfile = {
	serviceName: 'HighLevel',
	// GHL: 100 requests per 10 s per app and location, until the headers tell us otherwise.
	rateLimit: { max: 100, intervalMs: 10_000 },
	readRateLimit: (headers) => ({
		max: numberHeader(headers, 'x-ratelimit-max'),
		remaining: numberHeader(headers, 'x-ratelimit-remaining'),
		intervalMs: numberHeader(headers, 'x-ratelimit-interval-milliseconds'),
		dailyRemaining: numberHeader(headers, 'x-ratelimit-daily-remaining'),
	}),
	describeError: describeGhlError,
	maxRetries: 6,
	backoffBaseMs: 200,
	timeoutMs: 60_000,
};

function numberHeader(headers: IDataObject, name: string): number | undefined {
	const value = headers[name];
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}

export function credentialTypeOf(ctx: RequestContext): GhlCredentialType {
	const authentication = ctx.getNodeParameter('authentication', 0, 'privateIntegrationToken');
	return authentication === 'oAuth2' ? 'ghlOAuth2Api' : 'ghlPrivateIntegrationApi';
}

export async function getConnection(ctx: RequestContext): Promise<GhlConnection> {
	const credentialType = credentialTypeOf(ctx);
	const credentials = await ctx.getCredentials(credentialType);
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const locationId =
		credentialType === 'ghlOAuth2Api' ? tokenData.locationId : credentials.locationId;
	return {
		credentialType,
		baseUrl: String(credentials.baseUrl || 'https://services.leadconnectorhq.com').replace(
			/\/+$/,
			'',
		),
		credentialLocationId: typeof locationId === 'string' ? locationId : '',
	};
}

/**
 * The location an operation acts on: the node's Location ID when set, else the credential's.
 * Operations that need one (lists, search, create) call this; it fails before any request.
 */
export function resolveLocationId(
	ctx: RequestContext,
	conn: GhlConnection,
	itemIndex: number,
): string {
	// Outside executions (listSearch, loadOptions) the second argument is the fallback, so an
	// operation without a Location ID field yields the number itemIndex here, not a location.
	const value: unknown = ctx.getNodeParameter('locationId', itemIndex, '');
	const override = typeof value === 'string' ? value.trim() : '';
	// An id like any other, though it travels in the query: "a/b" or ".." is never a location.
	if (override) {
		encodePathSegment(ctx.getNode(), { label: 'Location ID', value: override }, itemIndex);
	}
	const locationId = override || conn.credentialLocationId;
	if (!locationId) {
		throw new NodeOperationError(ctx.getNode(), 'Location ID is missing', {
			itemIndex,
			description:
				'Set "Location ID" on the node, or use a credential that carries one (a Private Integration token with its location, or an OAuth2 connection to a sub-account).',
		});
	}
	return locationId;
}

export interface GhlRequest {
	method: IHttpRequestMethods;
	/** Path template such as `/contacts/{contactId}/tasks`; placeholders come from pathParams. */
	path: string;
	pathParams?: Record<string, PathParam>;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** The location whose rate budget this request spends; defaults to the credential's. */
	locationId?: string;
	/** A POST that cannot create a duplicate when repeated (search, upsert, add tags). */
	retrySafe?: boolean;
	/** What the answer must hold for the caller to read it, e.g. `{ contact: 'object' }`. */
	expects?: AnswerShape;
	/** What still works when the token lacks the endpoint's scope, said after the usual hint. */
	scopeFallback?: string;
	/**
	 * Asked for by an options dropdown (loadOptions): n8n's editor shows only the error's message
	 * there, so the fix for a missing scope goes into the message.
	 */
	forDropdown?: boolean;
}

export async function ghlRequest<T = IDataObject>(
	ctx: RequestContext,
	conn: GhlConnection,
	request: GhlRequest,
): Promise<T> {
	return (await ghlResponse<T>(ctx, conn, request)).body;
}

/** Like ghlRequest, with the answer's status and headers (e.g. HighLevel's `Date`). */
export async function ghlResponse<T = IDataObject>(
	ctx: RequestContext,
	conn: GhlConnection,
	request: GhlRequest,
): Promise<ApiResponse<T>> {
	const itemIndex = request.itemIndex ?? 0;
	const path = buildPath(ctx.getNode(), request.path, request.pathParams ?? {}, itemIndex);
	const headers: IDataObject = { Version: GHL_API_VERSION, Accept: 'application/json' };
	if (request.body !== undefined) headers['Content-Type'] = 'application/json';
	return await sendRequest<T>(ctx, profileFor(request), {
		method: request.method,
		url: `${conn.baseUrl}${path}`,
		credentialType: conn.credentialType,
		qs: request.qs,
		// n8n's HTTP helper sends no body for an empty object; endpoints whose spec requires one
		// with no required field (add to a workflow or campaign) get the JSON text "{}".
		body: request.body && Object.keys(request.body).length === 0 ? '{}' : request.body,
		headers,
		bucket: `${conn.baseUrl}|${request.locationId || conn.credentialLocationId}`,
		retrySafe: request.retrySafe,
		requiredScope: requiredScopeOf(request),
		itemIndex,
		expects: request.expects,
	});
}

function profileFor(request: GhlRequest): ServiceProfile {
	const { scopeFallback, forDropdown } = request;
	if (!scopeFallback && !forDropdown) return ghlProfile;
	return {
		...ghlProfile,
		describeError: (status, body, sent) => {
			const described = describeGhlError(status, body, sent);
			if (!isMissingScope(described.message)) return described;
			const hint = [described.hint, scopeFallback].filter(Boolean).join(' ');
			return forDropdown
				? { ...described, message: `${described.message} ${hint}`, hint: undefined }
				: { ...described, hint };
		},
	};
}
