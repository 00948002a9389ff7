import { NodeApiError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import type { JsonApiResource } from '../transport';

/** One entry of a v2 batch answer, in request order. */
export interface BatchEntry {
	status: 'succeeded' | 'failed' | 'deleted';
	id?: string | null;
	result?: JsonApiResource;
	error?: { code: string; detail?: string | null; source?: { pointer?: string } | null };
}

/** v2 writes answer 200 when every entry succeeded, 207 (multi-status) when some failed. */
export interface BatchAnswer {
	data: BatchEntry[];
	summary?: { total: number; succeeded: number; failed: number };
}

const CODE_HINTS: Record<string, string> = {
	duplicate_email:
		'A learner with this email exists already. Use "Create or Update" to update them instead.',
	duplicate_name: 'A group with this name exists already. Use "Find by Name" to get it.',
	duplicate_in_batch: 'The same value appeared twice in one request; only the first was used.',
	not_found: 'Check the ID or email: Skilljar does not know it in this organization.',
	not_in_domain:
		'The learner is not a member of the training domain this belongs to. Add them to that domain in Skilljar, or use the API key (v1) credential, whose Enroll adds learners to its domain first.',
	already_enrolled: 'The learner is already enrolled in this course.',
	validation_error: 'Fix the value named above and run again.',
};

export function describeEntry(entry: BatchEntry): string {
	const code = entry.error?.code ?? 'failed';
	return entry.error?.detail ? `${code}: ${entry.error.detail}` : code;
}

/**
 * The error for a batch entry that failed: Skilljar's code and detail as the message (with
 * `what` saying which input it was), its usual fix as the description, HTTP 207 as the code.
 */
export function entryError(
	node: INode,
	entry: BatchEntry,
	what: string,
	itemIndex: number,
): NodeApiError {
	const code = entry.error?.code ?? 'failed';
	const message = `Skilljar rejected ${what}: ${describeEntry(entry)}`;
	return new NodeApiError(node, { message, code, httpCode: '207' } as JsonObject, {
		message,
		description: CODE_HINTS[code],
		httpCode: '207',
		itemIndex,
	});
}

/** The only entry of a one-item batch, or the error it failed with. */
export function singleEntry(
	node: INode,
	answer: BatchAnswer,
	what: string,
	itemIndex: number,
): BatchEntry {
	const entry = answer.data?.[0];
	if (!entry) {
		throw new NodeApiError(
			node,
			{ message: `Skilljar answered without a result for ${what}` } as JsonObject,
			{
				itemIndex,
			},
		);
	}
	if (entry.status === 'failed') throw entryError(node, entry, what, itemIndex);
	return entry;
}

export function failedEntries(answer: BatchAnswer): Array<{ index: number; entry: BatchEntry }> {
	return (answer.data ?? [])
		.map((entry, index) => ({ index, entry }))
		.filter(({ entry }) => entry.status === 'failed');
}

export function attributesOf(entry: BatchEntry): IDataObject {
	return entry.result?.attributes ?? {};
}
