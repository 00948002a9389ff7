// Templates 05 and 06 (OnlineCourseHost events → GHL contacts) as a user runs them: the event goes
// through the template's OnlineCourseHost Trigger, the rest runs against the GHL sandbox with the
// retry table "LMS Sync Retries".
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Contact } from '../../sandbox/ghl';
import { RETRY_TABLE, type TestDataTables } from './dataTables';
import { retryDataTables } from './engine';
import { apiRequests, OAUTH_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed } from './ghl';
import { ochTrigger } from './och';
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
		run: async (items, startAt, options = {}) =>
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
			}),
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

/** The rows of the retry table after a run. */
export const retryRows = (result: { dataTables: TestDataTables }) =>
	result.dataTables.rows(RETRY_TABLE);
