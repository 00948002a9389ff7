import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OchConnection } from '../transport';

/** One operation: its parameters (shown only for it) and what it does for one input item. */
export interface OchOperation {
	description: INodeProperties[];
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		conn: OchConnection,
	) => Promise<INodeExecutionData[]>;
}
