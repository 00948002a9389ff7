// The GHL sandbox as `npm run sandbox` starts it: seeded demo location, fixed demo credentials.
import type { SandboxFlags, SandboxService } from '../service';
import { API_VERSION, DEFAULT_SCOPES, startGhlSandbox, type GhlSandbox } from './index';

// Fixed so an n8n credential pointing at the sandbox keeps working across restarts.
const DEMO_CLIENT_ID = '6650f0c0ffee0000c0ffee00-sandbox1';
const DEMO_CLIENT_SECRET = 'sandbox-client-secret-0000-000000000001';
const DEMO_PIT = 'pit-00000000-0000-4000-8000-5a4db0c0ffee';

/** The demo location with its fixed credentials; `summary` is what `npm run sandbox` prints. */
export async function startGhlDemo(flags: SandboxFlags): Promise<{ sandbox: GhlSandbox; token: string; summary: string[] }> {
	const sandbox = await startGhlSandbox({
		port: flags.port,
		latencyMs: flags.latencyMs,
		searchLagMs: flags.searchLagMs,
		seed: {
			seed: flags.seed,
			contacts: flags.records,
			tasksPerContact: 0.5,
			notesPerContact: 0.5,
			appointmentsPerContact: 0.3,
			businesses: 3,
			customFields: [
				{ name: 'Student ID' },
				{ name: 'Course Level', dataType: 'SINGLE_OPTIONS', picklistOptions: ['Beginner', 'Intermediate', 'Advanced'] },
				{ name: 'Enrolled On', dataType: 'DATE' },
			],
		},
	});
	const client = sandbox.createOAuthClient({ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET });
	const token = sandbox.createPrivateToken({ token: DEMO_PIT });
	const { urls, defaultLocationId } = sandbox;
	return {
		sandbox,
		token,
		summary: [
			`API base URL       ${urls.api}`,
			`Authorize URL      ${urls.authorize}   (approves at once and redirects)`,
			`Token URL          ${urls.token}`,
			`Inspection API     ${urls.inspect}/state   (also /requests, /stats, /config, /seed, /automation)`,
			`Workflows          Course upsell, Certificate follow-up, Re-engagement (draft); campaign Welcome sequence; users Olivia Owner, Adam Admin, Uma User`,
			`Webhook test keys  ${urls.inspect}/webhooks/keys   (paste into the GHL Contacts Trigger's Ed25519 / RSA Public Key options)`,
			`Webhook app id     ${sandbox.webhooks.appId}   (the GHL Contacts Trigger's App ID)`,
			`Send webhooks to   POST ${urls.inspect}/webhooks/subscriptions {"url": "<the GHL Contacts Trigger's URL>"}   (then change data)`,
			`Location id        ${defaultLocationId}   (${flags.records} contacts)`,
			`Private token      ${token}`,
			`OAuth client id    ${client.clientId}`,
			`OAuth secret       ${client.clientSecret}`,
			`Scopes             ${DEFAULT_SCOPES.join(' ')}`,
			`Try: curl -H "Authorization: Bearer ${token}" -H "Version: ${API_VERSION}" "${urls.api}/contacts/?locationId=${defaultLocationId}&limit=5"`,
		],
	};
}

export const ghlService: SandboxService = {
	name: 'ghl',
	description: 'HighLevel / LeadConnector Contacts API v2',
	defaultPort: 4010,
	portEnv: 'GHL_SANDBOX_PORT',
	async start(flags) {
		const { sandbox, summary } = await startGhlDemo(flags);
		return { summary, close: () => sandbox.close() };
	},
};
