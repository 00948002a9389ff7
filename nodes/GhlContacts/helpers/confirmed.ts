import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { ghlRequest, type GhlConnection, type GhlRequest } from '../transport';

/**
 * Sends a change HighLevel answers with `{succeded}` (its spelling) and makes sure it confirmed
 * it: the API can answer 200 with `succeded: false` instead of an error status, which must not
 * pass for the change. `what` completes "HighLevel did not …".
 */
export async function sendConfirmed(
	ctx: IExecuteFunctions,
	conn: GhlConnection,
	request: GhlRequest & { itemIndex: number },
	what: string,
): Promise<void> {
	const response = await ghlRequest<{ succeded?: unknown }>(ctx, conn, request);
	if (response?.succeded !== false) return;
	throw new NodeApiError(ctx.getNode(), response as JsonObject, {
		message: `HighLevel did not ${what}`,
		description: `It answered without an error but with "succeded": false. Check in HighLevel and run again.`,
		itemIndex: request.itemIndex,
	});
}
