// `npm start`'s demo of template 02: the sandboxes seeded as npm start seeds them, then the daily
// batch run once (as "Execute workflow" does) through n8n's engine. It must do real work: several
// contacts' notes and tasks written into their Skilljar profile fields.
import { DEMO_COURSE } from '../../sandbox/skilljar/seed';
import {
	DEMO_GHL_SCOPES,
	seedDemo,
	startSandboxes,
	type Sandboxes,
} from '../e2e/templateStack';
import { runDaily } from '../harness/dailyRun';
import { nodeTypes, TestCredentialsHelper } from '../harness/engine';
import { OAUTH_CREDENTIAL_ID } from '../harness/ghl';
import { API_KEY_CREDENTIAL_ID } from '../harness/skilljar';
import { loadTemplates } from '../harness/templates';

const template = loadTemplates().find((candidate) => candidate.key === '02')!;

/** The credentials npm start creates in n8n, as the engine's credentials helper holds them. */
function demoCredentials({ ghl, skilljar, skilljarApiKey }: Sandboxes): TestCredentialsHelper {
	const credentials = new TestCredentialsHelper(nodeTypes);
	const app = ghl.createOAuthClient({ scopes: DEMO_GHL_SCOPES });
	credentials.add({
		id: OAUTH_CREDENTIAL_ID,
		name: 'GHL OAuth2 API account',
		type: 'ghlOAuth2Api',
		data: {
			clientId: app.clientId,
			clientSecret: app.clientSecret,
			accessTokenUrl: ghl.urls.token,
			baseUrl: ghl.urls.api,
			oauthTokenData: { ...ghl.issueOAuthTokens({ clientId: app.clientId }) },
		},
	});
	credentials.add({
		id: API_KEY_CREDENTIAL_ID,
		name: 'Skilljar API account',
		type: 'skilljarApi',
		data: { apiKey: skilljarApiKey, domain: skilljar.defaultDomain, baseUrl: skilljar.urls.api },
	});
	return credentials;
}

describe("template 02's demo (npm start)", () => {
	let sandboxes: Sandboxes;

	beforeAll(async () => {
		sandboxes = await startSandboxes({ searchLagMs: 0 });
		seedDemo(sandboxes);
	});
	afterAll(async () => await sandboxes?.close());

	test("a run writes the demo learners' notes and tasks into their Skilljar profile fields", async () => {
		const result = await runDaily({
			template,
			credentials: demoCredentials(sandboxes),
			settings: {},
		});

		const [summary] = result.items('Run Summary');
		expect(summary).toMatchObject({ failed: 0 });
		expect(summary.synced).toBeGreaterThanOrEqual(5);

		const { store, defaultDomain } = sandboxes.skilljar;
		const profile = (email: string) => {
			const user = store.findUserByEmail(email)!;
			const values: Record<string, string> = {};
			for (const [fieldId, value] of store.getDomainUser(defaultDomain, user.id)?.values ?? [])
				values[store.signupFields.get(fieldId)!.label] = value;
			return values;
		};
		for (const learner of Object.values(DEMO_COURSE.learners)) {
			const { Notes, Tasks } = profile(learner.email);
			expect({ email: learner.email, Notes, Tasks }).toEqual({
				email: learner.email,
				Notes: expect.stringMatching(/Onboarding Essentials|lesson/),
				Tasks: expect.stringMatching(/\S/),
			});
		}
	});
});
