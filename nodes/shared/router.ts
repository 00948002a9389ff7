import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { runForEachItem } from './items';

/** One operation: its parameters (shown only for it) and what it does for one input item. */
export interface ItemOperation<Connection> {
	description: INodeProperties[];
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		conn: Connection,
	) => Promise<INodeExecutionData[]>;
}

/**
 * An operation that works on the whole input at once (a bulk endpoint taking many records per
 * request, see shared/batch.ts): it returns one output item per input item, paired.
 */
export interface RunOperation<Connection> {
	description: INodeProperties[];
	executeBatch: (
		this: IExecuteFunctions,
		conn: Connection,
		concurrency: number,
	) => Promise<INodeExecutionData[]>;
}

export type Operation<Connection> = ItemOperation<Connection> | RunOperation<Connection>;

export type Resources<Connection> = Record<string, Record<string, Operation<Connection>>>;

/**
 * Runs the chosen resource's operation for every input item (or once for the run, for a bulk
 * operation), with the node's Concurrency (Request Options) and one connection (credential,
 * base URL) resolved once for the run.
 */
export async function routeOperation<Connection>(
	ctx: IExecuteFunctions,
	resources: Resources<Connection>,
	connect: (ctx: IExecuteFunctions) => Promise<Connection>,
	defaultConcurrency: number,
): Promise<INodeExecutionData[][]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	const conn = await connect(ctx);
	const concurrency = ctx.getNodeParameter(
		'requestOptions.concurrency',
		0,
		defaultConcurrency,
	) as number;
	if ('executeBatch' in handler) return [await handler.executeBatch.call(ctx, conn, concurrency)];
	const output = await runForEachItem(
		ctx,
		concurrency,
		async (itemIndex) => await handler.execute.call(ctx, itemIndex, conn),
	);
	return [output];
}
