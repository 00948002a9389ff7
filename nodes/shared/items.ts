import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { describeFailure } from './failure';
import { CANCELED_MESSAGE } from './transport/cancel';

export type ItemHandler = (itemIndex: number) => Promise<INodeExecutionData[]>;

/**
 * Runs `handler` for every input item with at most `concurrency` in flight, and returns the
 * outputs in input order with paired items set. With "Continue On Fail" a failing item yields an
 * error item; otherwise nothing new starts after a failure and the first failing item's error
 * (in input order) is thrown once the items in flight have settled. After the execution is
 * canceled nothing new starts either, and the node fails saying so once the items in flight stop.
 */
export async function runForEachItem(
	ctx: IExecuteFunctions,
	concurrency: number,
	handler: ItemHandler,
): Promise<INodeExecutionData[]> {
	const results = await runTasks<INodeExecutionData[]>(
		ctx,
		ctx.getInputData().length,
		concurrency,
		async (itemIndex) =>
			(await handler(itemIndex)).map((item) => ({ ...item, pairedItem: { item: itemIndex } })),
		(itemIndex, error) => (ctx.continueOnFail() ? [errorItem(error, itemIndex)] : undefined),
	);
	return results.flat();
}

/**
 * The item "Continue On Fail" puts in place of a failed one, paired with it:
 * `{ error: { message, description?, httpCode?, retryable } }` (see describeFailure). One key, as
 * n8n 1.x sends an item to a node's error output only when its json is `{ error }` or
 * `{ error, message }` (2.x also takes `details`), and both replace the json of an item that
 * carries an error object with its message alone. n8n's HTTP Request node also puts an object there.
 */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	return { json: { error: { ...describeFailure(error) } }, pairedItem: { item: itemIndex } };
}

/**
 * Runs `task` for 0 … count-1 with at most `concurrency` in flight; results come back in task
 * order. A failed task's result is what `recover` makes of its error; when `recover` gives
 * nothing, no new task starts and the first such error (in task order) is thrown once the tasks
 * in flight have settled. A canceled execution starts no new task and fails saying so.
 */
export async function runTasks<T>(
	ctx: IExecuteFunctions,
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>,
	recover: (index: number, error: unknown) => T | undefined,
): Promise<T[]> {
	const results: T[] = new Array(count);
	const errors: Array<{ index: number; error: unknown }> = [];
	const signal = ctx.getExecutionCancelSignal();
	let next = 0;

	const worker = async () => {
		while (next < count && errors.length === 0 && !signal?.aborted) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				if (signal?.aborted) return;
				const recovered = recover(index, error);
				if (recovered === undefined) {
					errors.push({ index, error });
					return;
				}
				results[index] = recovered;
			}
		}
	};

	const workers = Math.max(1, Math.min(concurrency, count));
	await Promise.all(Array.from({ length: workers }, async () => await worker()));
	if (signal?.aborted) throw new NodeOperationError(ctx.getNode(), CANCELED_MESSAGE);
	if (errors.length > 0) {
		errors.sort((a, b) => a.index - b.index);
		throw errors[0].error;
	}
	return results;
}
