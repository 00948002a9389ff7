// The local n8n of `npm start` and of the real-n8n tests keeps to the machine: the environment
// test/e2e/n8nInstance.ts starts it with turns off everything n8n 2.41.1 fetches from the internet.
import { n8nEnv, OFFLINE_ENV } from '../e2e/n8nInstance';

const where = { userFolder: '/tmp/n8n', url: 'http://127.0.0.1:5678', port: 5678, brokerPort: 5679 };

const env = n8nEnv({ major: 2, ...where });

describe('the local n8n stays offline', () => {
	test.each([
		// telemetry (PostHog, RudderStack) and the remote configs it fetches
		['N8N_DIAGNOSTICS_ENABLED', 'false'],
		['N8N_DIAGNOSTICS_CONFIG_FRONTEND', ''],
		['N8N_DIAGNOSTICS_CONFIG_BACKEND', ''],
		// api.n8n.io: versions, "what's new", templates, banners, verified community nodes
		['N8N_VERSION_NOTIFICATIONS_ENABLED', 'false'],
		['N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED', 'false'],
		['N8N_TEMPLATES_ENABLED', 'false'],
		['N8N_DYNAMIC_BANNERS_ENABLED', 'false'],
		['N8N_HIRING_BANNER_ENABLED', 'false'],
		['N8N_VERIFIED_PACKAGES_ENABLED', 'false'],
		['N8N_PERSONALIZATION_ENABLED', 'false'],
		// AI assistant and gateway, licence server, scripts the editor would load
		['N8N_AI_ENABLED', 'false'],
		['N8N_AI_GATEWAY_ENABLED', 'false'],
		['N8N_LICENSE_AUTO_RENEW_ENABLED', 'false'],
		['EXTERNAL_FRONTEND_HOOKS_URLS', ''],
	])('%s=%j', (name, value) => {
		expect(env[name]).toBe(value);
		expect(OFFLINE_ENV[name]).toBe(value);
	});

	test("n8n 2.x: its MCP server registry (refreshed from api.n8n.io) is off; 1.x, which has no such module and refuses unknown ones, is not told", () => {
		expect(env.N8N_DISABLED_MODULES).toBe('mcp-registry');
		expect(n8nEnv({ major: 1, ...where })).not.toHaveProperty('N8N_DISABLED_MODULES');
		expect(n8nEnv({ major: 1, ...where })).toMatchObject(OFFLINE_ENV);
	});

	test('community packages stay on: ours is one, and it must load (and unverified ones with it)', () => {
		for (const name of ['N8N_COMMUNITY_PACKAGES_ENABLED', 'N8N_UNVERIFIED_PACKAGES_ENABLED', 'N8N_COMMUNITY_PACKAGES_PREVENT_LOADING'])
			expect(env).not.toHaveProperty(name);
	});

	test('n8n listens on 127.0.0.1 only', () => {
		expect(env).toMatchObject({ N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_PORT: '5678' });
	});
});
