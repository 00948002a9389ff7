import type { IExecuteFunctions } from 'n8n-workflow';

import { ghlRequest, type GhlConnection, type GhlRequest } from '../transport';
import { assertSucceeded } from './confirmed';

/** Sends a DELETE and makes sure HighLevel confirmed it. */
export async function deleteRecord(
	ctx: IExecuteFunctions,
	conn: GhlConnection,
	what: string,
	request: Pick<GhlRequest, 'path' | 'pathParams' | 'itemIndex'>,
): Promise<void> {
	const response = await ghlRequest<{ succeded?: boolean }>(ctx, conn, {
		...request,
		method: 'DELETE',
	});
	assertSucceeded(ctx, response, `delete the ${what}`, request.itemIndex ?? 0);
}
