// What every sync template's run ends in (docs/recovery.md): the Run Summary item, passed on by
// Save Run Report, and the counts it saved to the Executions list (custom execution data).
import type { INodeExecutionData } from 'n8n-workflow';

import type { GhlSandbox, WebhookEventType, WebhookSubject } from '../../sandbox/ghl';

import type { TestCredentialsHelper } from './engine';
import { templateTrigger, type TemplateRunResult } from './templateRun';
import type { Template } from './templates';

export interface RunSummary {
	synced: number;
	skipped: number;
	skipReasons: Record<string, number>;
	failed: number;
	retryAttempt: number;
}

/** The run's summary item and the execution data Save Run Report saved (strings, as n8n keeps them). */
export function expectRunReport(result: TemplateRunResult, summary: RunSummary): void {
	expect(result.items('Run Summary')).toEqual([summary]);
	expect(result.items('Save Run Report')).toEqual([summary]);
	expect(result.run.data.resultData.metadata).toEqual({
		synced: String(summary.synced),
		skipped: String(summary.skipped),
		failed: String(summary.failed),
		retry_attempt: String(summary.retryAttempt),
	});
}

/** What the template's GHL Trigger emits for HighLevel's delivery of `type` about `subject`. */
export async function emittedByGhl(
	template: Template,
	sandbox: GhlSandbox,
	credentials: TestCredentialsHelper,
	type: WebhookEventType,
	subject: WebhookSubject,
): Promise<INodeExecutionData[]> {
	const delivery = sandbox.webhooks.send(type, subject)[0];
	const received = await templateTrigger(template, sandbox, credentials).deliver({
		headers: delivery.headers,
		body: Buffer.from(delivery.body, 'utf8'),
	});
	return received.items;
}
