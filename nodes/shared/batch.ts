import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { errorItem, runTasks } from './items';

/** One entry of a bulk request (e.g. one contact id), with the input items that asked for it. */
export interface BatchEntry<Input> {
	input: Input;
	itemIndexes: number[];
}

export interface Batch<Input> {
	/** 1, 2, … across the run. */
	number: number;
	entries: Array<BatchEntry<Input>>;
}

/** What a run-level (bulk) operation hands to runInBatches. */
export interface BatchJob<Input> {
	/** One item's input, checked before any request; throwing fails that item alone. */
	read: (itemIndex: number) => Input;
	/** Items with equal group keys may share a request (the same tags, the same business). */
	groupOf: (input: Input) => string;
	/** Items of a group with equal entry keys are sent once (the same contact twice). */
	entryOf: (input: Input) => string;
	/** Most entries in one request. */
	batchSize: number;
	/** Requests in flight at once. */
	concurrency: number;
	/**
	 * Sends one request. Answers each entry's output, in entry order, or the error that entry
	 * alone failed with (a per-record failure the service reported); throws when the request failed.
	 */
	send: (batch: Batch<Input>) => Promise<Array<IDataObject | Error>>;
}

type Placed = Array<{ itemIndex: number; item: INodeExecutionData }>;

/**
 * Runs a bulk operation for the whole input: every item's input is read first, items are grouped
 * and cut into batches of at most `batchSize` entries, one request is sent per batch, and one
 * output item per input item comes back, paired and in input order. An item with bad input fails
 * alone; a failed request fails the items of its batch; a failed entry fails its items. With
 * "Continue On Fail" those become error items and the rest go on; otherwise the node stops at the
 * first failure (bad input: before any request).
 */
export async function runInBatches<Input>(
	ctx: IExecuteFunctions,
	job: BatchJob<Input>,
): Promise<INodeExecutionData[]> {
	const count = ctx.getInputData().length;
	const output: INodeExecutionData[] = new Array(count);
	const groups = new Map<string, Map<string, BatchEntry<Input>>>();
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		let input: Input;
		try {
			input = job.read(itemIndex);
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx, error, itemIndex);
			output[itemIndex] = errorItem(error, itemIndex);
			continue;
		}
		const groupKey = job.groupOf(input);
		const group = groups.get(groupKey) ?? new Map<string, BatchEntry<Input>>();
		groups.set(groupKey, group);
		const entryKey = job.entryOf(input);
		const entry = group.get(entryKey);
		if (entry) entry.itemIndexes.push(itemIndex);
		else group.set(entryKey, { input, itemIndexes: [itemIndex] });
	}

	const batches: Array<Batch<Input>> = [...groups.values()]
		.flatMap((group) => chunks([...group.values()], job.batchSize))
		.map((entries, index) => ({ number: index + 1, entries }));

	const placed = await runTasks<Placed>(
		ctx,
		batches.length,
		job.concurrency,
		async (index) => placeResults(ctx, batches[index], await job.send(batches[index])),
		(index, error) =>
			ctx.continueOnFail()
				? itemsOf(batches[index]).map((itemIndex) => ({
						itemIndex,
						item: errorItem(error, itemIndex),
					}))
				: undefined,
	);
	for (const { itemIndex, item } of placed.flat()) output[itemIndex] = item;
	return output;
}

/** Each entry's output (or error) for each of its items; without Continue On Fail an entry's error is thrown. */
function placeResults<Input>(
	ctx: IExecuteFunctions,
	batch: Batch<Input>,
	results: Array<IDataObject | Error>,
): Placed {
	const placed: Placed = batch.entries.flatMap((entry, index) => {
		const result = results[index];
		return entry.itemIndexes.map((itemIndex) => ({
			itemIndex,
			item:
				result instanceof Error
					? errorItem(result, itemIndex)
					: { json: { ...result }, pairedItem: { item: itemIndex } },
		}));
	});
	if (!ctx.continueOnFail()) {
		const failed = batch.entries
			.map((entry, index) => ({ first: entry.itemIndexes[0], result: results[index] }))
			.filter(({ result }) => result instanceof Error)
			.sort((a, b) => a.first - b.first);
		if (failed.length > 0) throw failed[0].result;
	}
	return placed;
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

function itemsOf<Input>(batch: Batch<Input>): number[] {
	return batch.entries.flatMap((entry) => entry.itemIndexes);
}

function chunks<T>(list: T[], size: number): T[][] {
	const result: T[][] = [];
	for (let start = 0; start < list.length; start += size)
		result.push(list.slice(start, start + size));
	return result;
}
