// Templates 05 and 06 (OnlineCourseHost events → GHL contacts) as a user runs them: the event goes
// through the template's OnlineCourseHost Trigger, the rest runs against the GHL sandbox with the
// retry table "LMS Sync Retries".
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Contact } from '../../sandbox/ghl';
import { RETRY_TABLE, type TestDataTables } from './dataTables';
import { retryDataTables } from './engine';
import { apiRequests, OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from './ghl';
import { ochTrigger } from './och';
import { replayItems, whileReplaying } from './retryRows';
import { runTemplate, type TemplateRunResult } from './templateRun';
import type { Template } from './templates';

const KEY = 'k3Pq8Zr2Vw6Ty9Nb4Lc7';
/** An OAuth2 credential whose app may write contacts but whose token lacks the write scope. */
export const READ_ONLY_CREDENTIAL_ID = 'ghl-oauth-read-only';

export interface OchTemplateRun {
	dataTables?: TestDataTables;
	/** 'When Retried' for a replay; the trigger of the event otherwise. */
	startAt?: string;
	settings?: Record<string, unknown>;
	credentialId?: string;
}

export interface OchTemplateBed {
	ghl: GhlTestBed;
	/** What the template's trigger of `event` emits when OnlineCourseHost sends `payload`. */
	emitted: (event: string, payload: IDataObject) => Promise<INodeExecutionData[]>;
	run: (
		items: INodeExecutionData[],
		startAt: string,
		options?: OchTemplateRun,
	) => Promise<TemplateRunResult>;
	/** Template 12's replay of `row` through When Retried, the row marked running meanwhile. */
	replay: (row: IDataObject) => Promise<TemplateRunResult>;
	/** The contacts with this email (any case). */
	contactsOf: (email: string) => Contact[];
	/** Method and path of every request to GHL that is not a read. */
	writes: () => string[];
	close: () => Promise<void>;
}

export async function startOchTemplateBed(template: Template): Promise<OchTemplateBed> {
	const ghl = await startGhlTestBed({
		rateLimit: { max: 10_000, intervalMs: 10_000 },
		oauthScopes: ['contacts.readonly', 'contacts.write'],
	});
	const client = ghl.sandbox.createOAuthClient({ scopes: ['contacts.readonly'] });
	const tokens = ghl.sandbox.issueOAuthTokens({
		clientId: client.clientId,
		locationId: ghl.locationId,
		scopes: ['contacts.readonly'],
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
	const triggerOf = (event: string) =>
		template.workflow.nodes.find(
			(node) => node.type.endsWith('.onlineCourseHostTrigger') && node.parameters.event === event,
		)!;
	const run: OchTemplateBed['run'] = async (items, startAt, options = {}) =>
		await runTemplate({
			template,
			items,
			credentials: ghl.credentials,
			credentialIds: {
				ghlOAuth2Api: { id: options.credentialId ?? OAUTH_CREDENTIAL_ID, name: 'GHL sandbox' },
			},
			settings: options.settings,
			dataTables: options.dataTables ?? retryDataTables(),
			startAt: options.startAt ?? startAt,
		});
	return {
		ghl,
		emitted: async (event, payload) => {
			const trigger = triggerOf(event);
			const received = await ochTrigger({
				...(trigger.parameters as Record<string, never>),
				secret: KEY,
			}).deliver({ body: payload, query: { key: KEY } });
			if (!received.started) throw new Error(`the trigger refused the event: ${received.status}`);
			return received.items;
		},
		run,
		replay: async (row) =>
			await run(replayItems(row), 'When Retried', { dataTables: whileReplaying(row) }),
		contactsOf: (email) =>
			ghl.sandbox.store
				.listContacts(ghl.locationId)
				.filter((contact) => contact.email?.toLowerCase() === email.toLowerCase()),
		writes: () =>
			apiRequests(ghl.sandbox)
				.filter((request) => request.method !== 'GET')
				.map((request) => `${request.method} ${request.path}`),
		close: async () => await ghl.close(),
	};
}

/** HighLevel answers 5xx from API request `first` on, past the transport's retries. */
export const downFrom = (first: number) =>
	Array.from({ length: 8 }, (_, index) => ({ atRequest: first + index, kind: '5xx' as const }));

/** The rows of the retry table after a run. */
export const retryRows = (result: { dataTables: TestDataTables }) =>
	result.dataTables.rows(RETRY_TABLE);

/** The one row a failed run left in the retry table, checked against `fields`. */
export function keptOnce(result: { dataTables: TestDataTables }, fields: IDataObject): IDataObject {
	const [row, ...others] = retryRows(result);
	expect(others).toEqual([]);
	expect(row).toMatchObject(fields);
	return row;
}

/** The run's summary item, as Run Summary put it out and Save Run Report saved it for the Executions list. */
export function expectRunReport(
	result: TemplateRunResult,
	counts: { synced: number; skipped: number; failed: number; retryAttempt: number },
	skipReasons: IDataObject = {},
): void {
	const summary = { ...counts, skipReasons };
	expect(result.items('Run Summary')).toEqual([summary]);
	expect(result.items('Save Run Report')).toEqual([summary]);
	expect(result.run.data.resultData.metadata).toEqual({
		synced: String(counts.synced),
		skipped: String(counts.skipped),
		failed: String(counts.failed),
		retry_attempt: String(counts.retryAttempt),
	});
}
