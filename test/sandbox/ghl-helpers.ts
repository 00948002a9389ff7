// Small fetch wrapper for talking to the GHL sandbox the way a real client would.
import { API_VERSION, type Contact, type GhlSandbox } from '../../sandbox/ghl';

export interface ApiResponse<T> {
	status: number;
	headers: Headers;
	body: T;
}

/** Error bodies of the API (400/401/403/404/422/429). */
export interface ErrorBody {
	statusCode: number;
	message: string | string[];
	error?: string;
	traceId: string;
	meta?: { contactId: string; contactName: string; matchingField: string };
}

export interface ListMeta {
	total: number;
	nextPageUrl: string | null;
	startAfterId: string | null;
	startAfter: number | null;
	currentPage: number;
	nextPage: number | null;
	prevPage: number | null;
}

export type SearchHit = Contact & { searchAfter: Array<string | number | null> };

export interface Api {
	request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
	get<T>(path: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
	post<T>(path: string, body: unknown): Promise<ApiResponse<T>>;
	put<T>(path: string, body: unknown): Promise<ApiResponse<T>>;
	del<T>(path: string, body?: unknown): Promise<ApiResponse<T>>;
}

/** Requests with `Authorization: Bearer <token>` and `Version: 2021-07-28`, as the node sends them. */
export function apiClient(sandbox: GhlSandbox, token: string): Api {
	async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
		const response = await fetch(path.startsWith('http') ? path : `${sandbox.url}${path}`, {
			method,
			headers: {
				authorization: `Bearer ${token}`,
				version: API_VERSION,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		const parsed = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as T) : (text as T);
		return { status: response.status, headers: response.headers, body: parsed };
	}
	return {
		request,
		get: (path, headers) => request('GET', path, undefined, headers),
		post: (path, body) => request('POST', path, body),
		put: (path, body) => request('PUT', path, body),
		del: (path, body) => request('DELETE', path, body),
	};
}

/** Outcome of a request that may be cut off: the status, or 'dropped' when the connection died. */
export async function outcome(url: string, init: RequestInit): Promise<number | 'dropped'> {
	try {
		const response = await fetch(url, init);
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 'dropped';
	}
}
