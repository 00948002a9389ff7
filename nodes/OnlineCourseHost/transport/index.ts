import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { sendRequest } from '../../shared/transport/request';
import type { AnswerShape, RequestContext, ServiceProfile } from '../../shared/transport/types';
import { describeOchError, isOchErrorAnswer } from './errors';

export const OCH_CREDENTIAL_TYPE = 'onlineCourseHostApi';
export const OCH_DEFAULT_BASE_URL = 'https://api.onlinecoursehost.com';

/** Where the school's API lives (the token itself stays with n8n's credential helper). */
export interface OchConnection {
	baseUrl: string;
}

const ochProfile: ServiceProfile = {
	serviceName: 'OnlineCourseHost',
	// OCH publishes no rate limit; requests are not paced, and a 429 is still waited out.
	describeError: describeOchError,
	isErrorAnswer: isOchErrorAnswer,
	maxRetries: 4,
	backoffBaseMs: 300,
	timeoutMs: 30_000,
};

export async function getConnection(ctx: RequestContext): Promise<OchConnection> {
	const credentials = await ctx.getCredentials(OCH_CREDENTIAL_TYPE);
	return {
		baseUrl: String(credentials.baseUrl || OCH_DEFAULT_BASE_URL).replace(/\/+$/, ''),
	};
}

export interface OchRequest {
	method: IHttpRequestMethods;
	path: '/api/pabbly-tenant-courses' | '/api/zapier-enroll-student-action-webhook';
	body?: IDataObject;
	itemIndex?: number;
	/** A POST whose repetition cannot create a duplicate. */
	retrySafe?: boolean;
	/** What the answer must hold for the caller to read it. */
	expects?: AnswerShape;
}

export async function ochRequest<T = IDataObject>(
	ctx: RequestContext,
	conn: OchConnection,
	request: OchRequest,
): Promise<T> {
	const headers: IDataObject = { Accept: 'application/json' };
	if (request.body !== undefined) headers['Content-Type'] = 'application/json';
	const response = await sendRequest<T>(ctx, ochProfile, {
		method: request.method,
		url: `${conn.baseUrl}${request.path}`,
		credentialType: OCH_CREDENTIAL_TYPE,
		body: request.body,
		headers,
		retrySafe: request.retrySafe,
		itemIndex: request.itemIndex ?? 0,
		expects: request.expects,
	});
	return response.body;
}
