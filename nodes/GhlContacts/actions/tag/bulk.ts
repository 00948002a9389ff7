import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runInBatches } from '../../../shared/batch';
import { locationIdField } from '../../descriptions/common';
import {
	batchOptionsField,
	batchSizeOf,
	bulkContactField,
	bulkContactIdOf,
	contactFailure,
} from '../../helpers/bulk';
import { ghlRequest, resolveLocationId, type GhlConnection } from '../../transport';
import { tagsField, tagsOf } from './tags';

export type BulkTagChange = 'add' | 'remove';

interface TagsInput {
	contactId: string;
	tags: string[];
	locationId: string;
}

/** UpdateTagsResponseDTO: one response per contact, `type` "success" or "error". */
interface TagsAnswer {
	succeded?: boolean;
	errorCount?: number;
	responses?: unknown[];
}

const DETAILS = ['oldTags', 'tagsAdded', 'tagsRemoved'] as const;

export function bulkTagProperties(purpose: string): INodeProperties[] {
	return [bulkContactField(), tagsField(purpose), locationIdField, batchOptionsField];
}

/**
 * POST /contacts/bulk/tags/update/{type}: items with the same tags (and location) share requests
 * of up to Batch Size contacts; HighLevel reports each contact's outcome, mapped to its items.
 */
export async function changeTagsInBulk(
	ctx: IExecuteFunctions,
	conn: GhlConnection,
	concurrency: number,
	change: BulkTagChange,
): Promise<INodeExecutionData[]> {
	const batchSize = batchSizeOf(ctx);
	const verb = change === 'add' ? 'add the tags to' : 'remove the tags from';
	return await runInBatches<TagsInput>(ctx, {
		read: (itemIndex) => ({
			contactId: bulkContactIdOf(ctx, itemIndex),
			tags: tagsOf(ctx, itemIndex),
			locationId: resolveLocationId(ctx, conn, itemIndex),
		}),
		groupOf: ({ locationId, tags }) => JSON.stringify([locationId, [...tags].sort()]),
		entryOf: ({ contactId }) => contactId,
		batchSize,
		concurrency,
		send: async ({ number, entries }) => {
			const { tags, locationId } = entries[0].input;
			const answer = await ghlRequest<TagsAnswer>(ctx, conn, {
				method: 'POST',
				path: '/contacts/bulk/tags/update/{type}',
				pathParams: { type: { label: 'Type', value: change } },
				body: { contacts: entries.map((entry) => entry.input.contactId), tags, locationId },
				locationId,
				// Adding a tag a contact has, or removing one it lacks, changes nothing: a repeat is harmless.
				retrySafe: true,
				itemIndex: entries[0].itemIndexes[0],
				expects: { responses: 'list' },
			});
			const outcomes = outcomesByContact(answer);
			// "succeded": false without a contact named as failed: nothing says which ones were done.
			const wholeFailure = answer.succeded === false && ![...outcomes.values()].some(isError);
			return entries.map(({ input, itemIndexes }) => {
				const outcome = outcomes.get(input.contactId);
				if (wholeFailure || (outcome && isError(outcome))) {
					const reason =
						outcome && isError(outcome) ? String(outcome.message ?? 'error') : '"succeded": false';
					return contactFailure(
						ctx,
						`HighLevel did not ${verb} contact ${input.contactId}: ${reason}`,
						'HighLevel reported this contact as not done; the other contacts of the request were done. Check the contact ID: it may be deleted or belong to another location.',
						itemIndexes[0],
						outcome ?? { succeded: false },
					);
				}
				const details: IDataObject = {};
				for (const key of DETAILS) if (outcome?.[key] !== undefined) details[key] = outcome[key];
				return { contactId: input.contactId, tags, batch: number, ...details };
			});
		},
	});
}

/** Each contact's response; where a contact appears twice, an error wins. */
function outcomesByContact(answer: TagsAnswer): Map<string, IDataObject> {
	const outcomes = new Map<string, IDataObject>();
	for (const response of answer.responses ?? []) {
		if (typeof response !== 'object' || response === null) continue;
		const outcome = response as IDataObject;
		if (typeof outcome.contactId !== 'string') continue;
		if (!outcomes.has(outcome.contactId) || isError(outcome))
			outcomes.set(outcome.contactId, outcome);
	}
	return outcomes;
}

function isError(outcome: IDataObject): boolean {
	return outcome.type === 'error';
}
