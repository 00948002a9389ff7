// Rows of the retry table "LMS Sync Retries" as the template tests need them (docs/recovery.md):
// what template 12 hands back to a template's When Retried, the table as 12 leaves it during a
// replay, and an older failed row of a contact.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { RETRY_TABLE, type TestDataTables } from './dataTables';
import { retryDataTables } from './engine';
import { templateWorkflowId } from './templateRun';
import type { Template } from './templates';

/** What template 12 hands to When Retried for a row: its payload and the `_retry` note. */
export function replayItems(row: IDataObject): INodeExecutionData[] {
	return [
		{
			json: {
				...(JSON.parse(String(row.payload)) as IDataObject),
				_retry: {
					retry_key: row.retry_key,
					attempts: row.attempts,
					first_failed_at: (row.first_failed_at as Date).toISOString(),
				},
			},
		},
	];
}

/** The retry table as template 12 leaves it while it replays `row`: the row marked running. */
export function whileReplaying(row: IDataObject): TestDataTables {
	const tables = retryDataTables();
	const { id: _id, createdAt: _created, updatedAt: _updated, ...cells } = row;
	tables.insert(RETRY_TABLE, [{ ...cells, status: 'running' }]);
	return tables;
}

/** A row the template wrote for `contactId` in an earlier run that failed, still waiting. */
export function olderWaitingRow(template: Template, contactId: string, step: string): IDataObject {
	return {
		retry_key: `${templateWorkflowId(template)}:${contactId}`,
		workflow_id: templateWorkflowId(template),
		workflow_name: template.workflow.name,
		item_key: `${contactId}@example.com`,
		contact_id: contactId,
		step,
		error: 'Skilljar answered 503',
		http_code: 503,
		payload: '{}',
		attempts: 1,
		first_failed_at: new Date('2026-12-01T10:00:00Z'),
		last_failed_at: new Date('2026-12-01T10:00:00Z'),
		status: 'waiting',
	};
}
