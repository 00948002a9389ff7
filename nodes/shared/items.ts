import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

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
	const count = ctx.getInputData().length;
	const results: INodeExecutionData[][] = new Array(count);
	const errors: Array<{ index: number; error: unknown }> = [];
	const signal = ctx.getExecutionCancelSignal();
	let next = 0;

	const worker = async () => {
		while (next < count && errors.length === 0 && !signal?.aborted) {
			const itemIndex = next++;
			try {
				const output = await handler(itemIndex);
				results[itemIndex] = output.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
			} catch (error) {
				if (signal?.aborted) return;
				if (!ctx.continueOnFail()) {
					errors.push({ index: itemIndex, error });
					return;
				}
				results[itemIndex] = [
					{
						json: { error: error instanceof Error ? error.message : String(error) },
						pairedItem: { item: itemIndex },
					},
				];
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
	return results.flat();
}
