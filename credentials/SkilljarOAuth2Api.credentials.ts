import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

const READ_SCOPES = [
	'students:read',
	'enrollments:read',
	'student-groups:read',
	'signup-fields:read',
	'published-courses:read',
	'domains:read',
];

/** The write scopes each option requests. */
const WRITE_SCOPES: Array<[option: string, scopes: string[]]> = [
	['allowLearnerWrites', ['students:write', 'students:deactivate']],
	['allowEnrollmentWrites', ['enrollments:write']],
	['allowGroupWrites', ['student-groups:write']],
	['allowProfileFieldWrites', ['signup-fields:write']],
];

// RFC 6749 §5.2 codes that judge the client or grant; any other 400/422 (or a 415) means the
// server could not read the body in the encoding sent.
const VERDICTS = new Set([
	'invalid_client',
	'unauthorized_client',
	'invalid_grant',
	'invalid_scope',
	'access_denied',
]);

type BodyFormat = 'form' | 'json';

interface TokenAnswer {
	status: number;
	body: IDataObject;
	format: BodyFormat;
}

function scopeOf(credentials: ICredentialDataDecryptedObject): string {
	const writes = WRITE_SCOPES.filter(([option]) => credentials[option] === true);
	return [...READ_SCOPES, ...writes.flatMap(([, scopes]) => scopes)].join(' ');
}

function tokenUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const base = String(credentials.baseUrl || 'https://api.skilljar.com').replace(/\/+$/, '');
	return `${base}/v2/auth/token`;
}

function refusedEncoding({ status, body }: TokenAnswer): boolean {
	if (status === 415) return true;
	if (status !== 400 && status !== 422) return false;
	return !(typeof body.error === 'string' && VERDICTS.has(body.error));
}

/**
 * One token request. JSON carries exactly the spec's TokenRequest (which has no `scope`); a form
 * is RFC 6749's encoding and carries `scope`, so a server that honours it narrows the token.
 * Redirects are not followed: the client secret goes to the API base URL only.
 */
async function requestToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	format: BodyFormat,
): Promise<TokenAnswer> {
	const fields = {
		grant_type: 'client_credentials',
		client_id: String(credentials.clientId ?? ''),
		client_secret: String(credentials.clientSecret ?? ''),
	};
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: tokenUrlOf(credentials),
		headers: {
			Accept: 'application/json',
			'Content-Type': format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
		},
		body:
			format === 'json'
				? fields
				: new URLSearchParams({ ...fields, scope: scopeOf(credentials) }).toString(),
		json: format === 'json',
		disableFollowRedirect: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		timeout: 30_000,
	};
	const answer = (await helper.helpers.httpRequest(options)) as {
		statusCode: number;
		body: unknown;
	};
	let body = answer.body;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			body = {};
		}
	}
	const object = body && typeof body === 'object' ? (body as IDataObject) : {};
	return { status: answer.statusCode, body: object, format };
}

function tokenError({ status, body, format }: TokenAnswer, bothRefused: boolean): Error {
	if (status >= 300 && status < 400) {
		return new Error(
			`Skilljar's token endpoint answered ${status} (a redirect), which is not followed: the client secret is sent to the API Base URL only. Check the API Base URL in the Skilljar OAuth2 credential.`,
		);
	}
	const said = [body.error, body.error_description ?? body.detail].filter(Boolean).join(': ');
	if (bothRefused) {
		return new Error(
			`Skilljar's token endpoint took neither a JSON nor a form body (last answer, to ${format}: ${status}${said ? ` ${said}` : ''})`,
		);
	}
	return new Error(
		`Skilljar refused the token request (${status}${said ? ` ${said}` : ''}). Check the Client ID and Client Secret in the Skilljar OAuth2 credential.`,
	);
}

/**
 * Skilljar API v2: an API client's id and secret exchanged for short-lived access tokens
 * (client-credentials grant). The spec takes the token request as JSON only, while live clients
 * post it as a form: the credential sends a form first (it carries the scopes), falls back to JSON
 * when the form is refused, and remembers what worked. n8n fetches a token before first use and
 * again whenever Skilljar answers 401 (an expired token).
 */
export class SkilljarOAuth2Api implements ICredentialType {
	name = 'skilljarOAuth2Api';

	displayName = 'Skilljar OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/Skilljar/skilljar.svg',
		dark: 'file:../nodes/Skilljar/skilljar.dark.svg',
	};

	documentationUrl =
		'https://support.gainsight.com/Skilljar/Develop_and_Customize/API/Getting_started_with_the_Skilljar_API';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Of an API client made in Skilljar (Organization Settings → API Credentials)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.skilljar.com',
			description: 'Change it only for a test stand-in; the token URL follows it',
		},
		{
			displayName: 'Allow Learner Changes',
			name: 'allowLearnerWrites',
			type: 'boolean',
			default: false,
			description:
				'Whether to request the students:write and students:deactivate scopes, needed to create, update and deactivate learners (and to create a new learner when enrolling by email)',
		},
		{
			displayName: 'Allow Enrollment Changes',
			name: 'allowEnrollmentWrites',
			type: 'boolean',
			default: false,
			description: 'Whether to request the enrollments:write scope, needed to enroll and unenroll',
		},
		{
			displayName: 'Allow Group Changes',
			name: 'allowGroupWrites',
			type: 'boolean',
			default: false,
			description:
				'Whether to request the student-groups:write scope, needed to create groups and change their members (Sync Tags to Groups)',
		},
		{
			displayName: 'Allow Profile Field Changes',
			name: 'allowProfileFieldWrites',
			type: 'boolean',
			default: false,
			description:
				'Whether to request the signup-fields:write scope, needed to set profile field values',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// The options the token was fetched for: a token from before an option was ticked is
			// not used (see authenticate).
			displayName: 'Fetched For Scope',
			name: 'fetchedForScope',
			type: 'hidden',
			default: '',
		},
		{
			// The token request encoding that worked last ('form' or 'json'), tried first next time.
			displayName: 'Request Encoding',
			name: 'requestEncoding',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const first: BodyFormat = credentials.requestEncoding === 'json' ? 'json' : 'form';
		const second: BodyFormat = first === 'json' ? 'form' : 'json';
		let answer = await requestToken(this, credentials, first);
		let bothRefused = false;
		if (refusedEncoding(answer)) {
			answer = await requestToken(this, credentials, second);
			bothRefused = refusedEncoding(answer);
		}
		const token = answer.body.access_token;
		if (answer.status !== 200 || typeof token !== 'string' || token === '') {
			throw tokenError(answer, bothRefused);
		}
		return {
			accessToken: token,
			fetchedForScope: scopeOf(credentials),
			requestEncoding: answer.format,
		};
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// A token fetched before an option was ticked lacks its scope; sent without one, the
		// request gets Skilljar's 401, on which n8n fetches a token with the scopes now asked for.
		if (credentials.accessToken && credentials.fetchedForScope === scopeOf(credentials)) {
			requestOptions.headers = {
				...(requestOptions.headers ?? {}),
				Authorization: `Bearer ${String(credentials.accessToken)}`,
			};
		}
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v2/domains/',
		},
	};
}
