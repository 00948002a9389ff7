import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { ghlRequest, type GhlConnection, type GhlRequest } from '../transport';

/**
 * Sends a DELETE and makes sure HighLevel confirmed it: the API can answer 200 with
 * `succeded: false` (its spelling), which must not pass for a deletion.
 */
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
	if (response?.succeded === false) {
		throw new NodeApiError(ctx.getNode(), response as JsonObject, {
			message: `HighLevel did not delete the ${what}`,
			description: `It answered without an error but with "succeded": false. Check the ${what} in HighLevel and run again.`,
			itemIndex: request.itemIndex,
		});
	}
}
