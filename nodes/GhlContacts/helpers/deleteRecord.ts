import type { IExecuteFunctions } from 'n8n-workflow';

import type { GhlConnection, GhlRequest } from '../transport';
import { sendConfirmed } from './confirmed';

/** Sends a DELETE and makes sure HighLevel confirmed it. */
export async function deleteRecord(
	ctx: IExecuteFunctions,
	conn: GhlConnection,
	what: string,
	request: Pick<GhlRequest, 'path' | 'pathParams' | 'itemIndex'>,
): Promise<void> {
	await sendConfirmed(
		ctx,
		conn,
		{ ...request, method: 'DELETE', itemIndex: request.itemIndex ?? 0 },
		`delete the ${what}`,
	);
}
