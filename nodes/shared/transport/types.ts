import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { RateLimitPolicy, RateLimitReading } from './rateGovernor';

/** Every n8n context our nodes send requests from. */
export type RequestContext =
	IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IPollFunctions | IWebhookFunctions;

/** What the service said when a request failed, in a form safe to show users. */
export interface ServiceError {
	message: string;
	traceId?: string;
	hint?: string;
}

/** The facts about one API that the shared transport needs. */
export interface ServiceProfile {
	/** Shown in error messages, e.g. "HighLevel". */
	serviceName: string;
	/** Limit assumed until the first response's headers say otherwise; none = no pacing. */
	rateLimit?: RateLimitPolicy;
	readRateLimit?: (headers: IDataObject) => RateLimitReading;
	describeError: (status: number, body: unknown, request: ApiRequest) => ServiceError;
	/**
	 * For services that report some failures in a 2xx answer (OnlineCourseHost's
	 * `{status: "error"}`): such answers fail like error statuses, through describeError, unretried.
	 */
	isErrorAnswer?: (body: unknown) => boolean;
	/** Attempts after the first for retryable failures (5xx, resets, timeouts). */
	maxRetries: number;
	/** Base of the exponential backoff; the n-th retry waits 0.5–1 × base × 2^n. */
	backoffBaseMs: number;
	timeoutMs: number;
}

/**
 * What a 2xx answer must hold for the caller to read it: a JSON object with these keys, each a
 * `list` (array), an `object`, or any `value` but null.
 */
export type AnswerShape = Record<string, 'list' | 'object' | 'value'>;

export interface ApiRequest {
	method: IHttpRequestMethods;
	url: string;
	credentialType: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | string;
	headers?: IDataObject;
	/** Requests sharing a bucket share one rate budget (GHL: one location). */
	bucket?: string;
	/** A POST whose repetition cannot create a duplicate (a search, an upsert, adding tags). */
	retrySafe?: boolean;
	/** The permission this request needs, named in the error when the token lacks it. */
	requiredScope?: string;
	itemIndex?: number;
	/** Checked on 200, 201 and 207 answers; one without it fails naming what was missing. */
	expects?: AnswerShape;
}

export interface ApiResponse<T> {
	status: number;
	body: T;
	headers: IDataObject;
}
