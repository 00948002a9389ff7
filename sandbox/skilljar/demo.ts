// The Skilljar sandbox as `npm run sandbox` starts it: seeded demo organisation, fixed demo credentials.
import type { SandboxFlags, SandboxService } from '../service';
import { startSkilljarSandbox, V2_SCOPES, type SkilljarSandbox } from './index';
import { DEMO_COURSE } from './seed';

// Fixed so an n8n credential pointing at the sandbox keeps working across restarts.
const DEMO_API_KEY = 'sk-sandbox-0000000000000000000000000000000000000001';
const DEMO_CLIENT_ID = 'cl_sandbox0000000000000001';
const DEMO_CLIENT_SECRET = 'sandbox-skilljar-client-secret-0001';

/** The demo organisation with its fixed credentials; `summary` is what `npm run sandbox` prints. */
export async function startSkilljarDemo(
	flags: SandboxFlags,
): Promise<{ sandbox: SkilljarSandbox; apiKey: string; summary: string[] }> {
	const sandbox = await startSkilljarSandbox({
		port: flags.port,
		latencyMs: flags.latencyMs,
		seed: {
			seed: flags.seed,
			users: flags.records,
			courses: 5,
			groups: 4,
			signupFields: true,
			progressDemo: true,
		},
	});
	const key = sandbox.createApiKey({ key: DEMO_API_KEY });
	const client = sandbox.createOAuthClient({
		clientId: DEMO_CLIENT_ID,
		clientSecret: DEMO_CLIENT_SECRET,
	});
	const { urls, defaultDomain } = sandbox;
	const basic = Buffer.from(`${key}:`).toString('base64');
	return {
		sandbox,
		apiKey: key,
		summary: [
			`API base URL       ${urls.api}   (v1 and v2)`,
			`v2 token URL       ${urls.token}`,
			`Inspection API     ${urls.inspect}/state   (also /requests, /deliveries, /config, /seed, /webhooks/deliver)`,
			`Training domain    ${defaultDomain}   (${flags.records} learners)`,
			`Progress demo      "${DEMO_COURSE.title}" (${DEMO_COURSE.publishedCourseId}): completed, in progress, stalled and unenrolled learners`,
			`Act as a learner   POST ${urls.inspect}/enroll {email, publishedCourseId}, POST ${urls.inspect}/progress {email, publishedCourseId, lessons?, complete?, score?}`,
			`v1 API key         ${key}   (Basic auth username, empty password)`,
			`v2 client id       ${client.clientId}`,
			`v2 client secret   ${client.clientSecret}`,
			`v2 scopes          ${V2_SCOPES.join(' ')}`,
			`Try: curl -H "Authorization: Basic ${basic}" "${urls.api}/v1/domains/${defaultDomain}/published-courses"`,
		],
	};
}

export const skilljarService: SandboxService = {
	name: 'skilljar',
	description: 'Skilljar API v1 (API key) and v2 (OAuth2 client credentials)',
	defaultPort: 4020,
	portEnv: 'SKILLJAR_SANDBOX_PORT',
	async start(flags) {
		const { sandbox, summary } = await startSkilljarDemo(flags);
		return { summary, close: () => sandbox.close() };
	},
};
