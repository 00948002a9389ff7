// A daily template (02, 09) run as its schedule fires it, or as template 12 hands a retry row back
// to its When Retried, with the GHL OAuth2 and Skilljar API key credentials of the test beds.
import type { IDataObject } from 'n8n-workflow';

import type { TestDataTables } from './dataTables';
import { retryDataTables, type TestCredentialsHelper } from './engine';
import { OAUTH_CREDENTIAL_ID } from './ghl';
import { replayItems } from './retryRows';
import { API_KEY_CREDENTIAL_ID } from './skilljar';
import { runTemplate, type TemplateRunResult } from './templateRun';
import type { Template } from './templates';

export interface DailyRun {
	template: Template;
	credentials: TestCredentialsHelper;
	settings: Record<string, unknown>;
	/** The retry table (default: an empty one). */
	dataTables?: TestDataTables;
	/** A retry row: the run starts at When Retried with its payload, as template 12 starts it. */
	replay?: IDataObject;
}

export async function runDaily(options: DailyRun): Promise<TemplateRunResult> {
	const { replay } = options;
	return await runTemplate({
		template: options.template,
		items: replay ? replayItems(replay) : [{ json: { timestamp: new Date().toISOString() } }],
		startAt: replay ? 'When Retried' : undefined,
		credentials: options.credentials,
		credentialIds: {
			ghlOAuth2Api: { id: OAUTH_CREDENTIAL_ID, name: 'GHL sandbox OAuth2' },
			skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' },
		},
		settings: options.settings,
		dataTables: options.dataTables ?? retryDataTables(),
	});
}

export interface RunReport {
	synced: number;
	skipped: number;
	skipReasons: Record<string, number>;
	failed: number;
	retryAttempt: number;
}

/** The run ends in this summary item, and the Executions list got its counts (custom data). */
export function expectReported(result: TemplateRunResult, summary: RunReport): void {
	expect(result.items('Run Summary')).toEqual([summary]);
	expect(result.items('Save Run Report')).toEqual([summary]);
	expect(result.run.data.resultData.metadata).toEqual({
		synced: String(summary.synced),
		skipped: String(summary.skipped),
		failed: String(summary.failed),
		retry_attempt: String(summary.retryAttempt),
	});
}
