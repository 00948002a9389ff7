import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { GhlConnection } from '../transport';

/** One operation: its parameters (shown only for it) and what it does for one input item. */
export interface GhlOperation {
	description: INodeProperties[];
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		conn: GhlConnection,
	) => Promise<INodeExecutionData[]>;
}
