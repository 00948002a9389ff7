// Skilljar's course webhooks as the templates' Skilljar Triggers receive them: the sandbox acts as
// a learner (its /__sandbox/enroll and /progress routes), sends the webhooks, and one activated
// Skilljar Trigger turns each delivery into the normalised items a template starts from.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Contact } from '../../sandbox/ghl';
import { RETRY_TABLE, type TestDataTables } from './dataTables';
import type { TestCredentialsHelper } from './engine';
import { apiRequests, OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from './ghl';
import { API_KEY_CREDENTIAL_ID, startSkilljarTestBed, type SkilljarTestBed } from './skilljar';
import { replayItems, whileReplaying } from './retryRows';
import { runTemplate, templateWorkflowId, type TemplateRunResult } from './templateRun';
import type { Template } from './templates';
import { TriggerHarness } from './trigger';

export interface SkilljarLearner {
	/** Enrolls the learner; the COURSE_ENROLLMENT items (none when already enrolled). */
	enroll: (body: Record<string, unknown>) => Promise<INodeExecutionData[]>;
	/** Records progress; the COURSE_COMPLETION items when it completes the course. */
	progress: (body: Record<string, unknown>) => Promise<INodeExecutionData[]>;
}

/** `credentials` must hold the Skilljar key of `skilljar` under API_KEY_CREDENTIAL_ID. */
export async function skilljarLearner(
	skilljar: SkilljarTestBed,
	credentials: TestCredentialsHelper,
): Promise<SkilljarLearner> {
	const trigger = new TriggerHarness(credentials, {
		type: 'skilljarTrigger',
		parameters: { events: ['COURSE_ENROLLMENT', 'COURSE_COMPLETION'] },
		credentials: { skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' } },
	});
	await trigger.activate();
	let received: INodeExecutionData[] = [];
	skilljar.sandbox.setDeliveryTransport(async (request) => {
		const result = await trigger.deliver({ headers: request.headers, body: request.body });
		received.push(...result.items);
		return { status: result.status };
	});
	const act = async (route: 'enroll' | 'progress', body: Record<string, unknown>) => {
		received = [];
		const response = await fetch(`${skilljar.sandbox.urls.inspect}/${route}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (response.status >= 300)
			throw new Error(`${route}: ${response.status} ${await response.text()}`);
		return received;
	};
	return {
		enroll: async (body) => await act('enroll', body),
		progress: async (body) => await act('progress', body),
	};
}

/** An OAuth2 credential whose app may write contacts but whose token lacks the write scope. */
export const READ_ONLY_CREDENTIAL_ID = 'ghl-oauth-read-only';

export interface SkilljarToGhlRun {
	/** 'When Retried' for a replay (default: the template's Skilljar Trigger). */
	startAt?: string;
	dataTables?: TestDataTables;
	/** The GHL OAuth2 credential to use instead of the bed's. */
	credentialId?: string;
}

export interface SkilljarToGhlBed {
	ghl: GhlTestBed;
	skilljar: SkilljarTestBed;
	learner: SkilljarLearner;
	/** Runs a Skilljar → HighLevel template on a trigger's items, Settings changed as given. */
	run: (
		template: Template,
		items: INodeExecutionData[],
		settings?: Record<string, unknown>,
		options?: SkilljarToGhlRun,
	) => Promise<TemplateRunResult>;
	/** Template 12 handing a retry row back: its payload through When Retried, the row running. */
	replay: (
		template: Template,
		row: IDataObject,
		settings?: Record<string, unknown>,
	) => Promise<TemplateRunResult>;
	/** The contact of the GHL sandbox's location with that email. */
	contactByEmail: (email: string) => Contact | undefined;
	/** `METHOD path` of every write HighLevel received since its last clearRequests(). */
	writes: () => string[];
	close: () => Promise<void>;
}

/** The GHL and Skilljar sandboxes as templates 07 and 08 use them (GHL OAuth2, Skilljar API key). */
export async function startSkilljarToGhlBed(oauthScopes: string[]): Promise<SkilljarToGhlBed> {
	const ghl = await startGhlTestBed({
		rateLimit: { max: 10_000, intervalMs: 10_000 },
		oauthScopes,
	});
	const skilljar = await startSkilljarTestBed();
	addReadOnlyCredential(ghl);
	ghl.credentials.add({
		id: API_KEY_CREDENTIAL_ID,
		name: 'Skilljar sandbox key',
		type: 'skilljarApi',
		data: { apiKey: skilljar.apiKey, domain: skilljar.domain, baseUrl: skilljar.sandbox.url },
	});
	const bed: SkilljarToGhlBed = {
		ghl,
		skilljar,
		learner: await skilljarLearner(skilljar, ghl.credentials),
		run: async (template, items, settings = {}, options = {}) =>
			await runTemplate({
				template,
				items,
				credentials: ghl.credentials,
				startAt: options.startAt,
				dataTables: options.dataTables,
				credentialIds: {
					ghlOAuth2Api: {
						id: options.credentialId ?? OAUTH_CREDENTIAL_ID,
						name: 'GHL sandbox OAuth2',
					},
					skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' },
				},
				settings,
			}),
		replay: async (template, row, settings = {}) =>
			await bed.run(template, replayItems(row), settings, {
				startAt: 'When Retried',
				dataTables: whileReplaying(row),
			}),
		contactByEmail: (email) =>
			ghl.sandbox.store.listContacts(ghl.locationId).find((contact) => contact.email === email),
		writes: () =>
			apiRequests(ghl.sandbox)
				.filter((request) => request.method !== 'GET')
				.map((request) => `${request.method} ${request.path}`),
		close: async () => {
			await ghl.close();
			await skilljar.close();
		},
	};
	return bed;
}

/** The rows of the retry table after a run. */
export const retryRows = (result: TemplateRunResult) => result.dataTables.rows(RETRY_TABLE);

/** A run's report: Run Summary's item, what Save Run Report passed on, the execution's custom data. */
export const runReport = (result: TemplateRunResult) => [
	result.items('Run Summary'),
	result.items('Save Run Report'),
	result.run.data.resultData.metadata,
];

/** The report of a first-attempt run with these counts (skips being "already up to date"). */
export function expectedReport(synced: number, skipped: number, failed: number) {
	const summary = {
		synced,
		skipped,
		skipReasons: skipped ? { 'already up to date': skipped } : {},
		failed,
		retryAttempt: 0,
	};
	const saved = { synced: `${synced}`, skipped: `${skipped}`, failed: `${failed}` };
	return [[summary], [summary], { ...saved, retry_attempt: '0' }];
}

function addReadOnlyCredential(ghl: GhlTestBed): void {
	const scopes = ['contacts.readonly'];
	const client = ghl.sandbox.createOAuthClient({ scopes });
	const tokens = ghl.sandbox.issueOAuthTokens({
		clientId: client.clientId,
		locationId: ghl.locationId,
		scopes,
	});
	ghl.credentials.add({
		id: READ_ONLY_CREDENTIAL_ID,
		name: 'GHL sandbox OAuth2 (read only)',
		type: 'ghlOAuth2Api',
		data: {
			clientId: client.clientId,
			clientSecret: client.clientSecret,
			accessTokenUrl: ghl.sandbox.urls.token,
			baseUrl: ghl.sandbox.url,
			allowContactWrites: true,
			oauthTokenData: tokens as unknown as IDataObject,
		},
	});
}

/**
 * The one retry row a run of a Skilljar → HighLevel template left when HighLevel answered 5xx from
 * its first request on: waiting, keyed on the learner and course, with the event as its payload
 * (Skilljar does not send it again).
 */
export function keptWhileDown(
	result: TemplateRunResult,
	template: Template,
	event: INodeExecutionData,
): IDataObject {
	const { email, published_course_id: courseId, course_title: title } = event.json;
	const [row, ...others] = retryRows(result);
	expect(others).toEqual([]);
	expect(row).toMatchObject({
		retry_key: `${templateWorkflowId(template)}:${String(email).toLowerCase()}:${courseId}`,
		workflow_id: templateWorkflowId(template),
		workflow_name: template.workflow.name,
		item_key: `${email} · ${title}`,
		contact_id: '',
		step: 'Find Contact by Email',
		error: expect.stringMatching(/50[023]/),
		attempts: 1,
		status: 'waiting',
	});
	expect([500, 502, 503]).toContain(row.http_code);
	expect(row.first_failed_at).toBeInstanceOf(Date);
	expect(JSON.parse(String(row.payload))).toMatchObject(event.json);
	return row;
}
