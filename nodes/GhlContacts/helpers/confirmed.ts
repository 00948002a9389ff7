import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

/**
 * HighLevel can answer 200 with `succeded: false` (its spelling) instead of an error status; such
 * an answer must not pass for the change. `what` completes "HighLevel did not …".
 */
export function assertSucceeded(
	ctx: IExecuteFunctions,
	response: { succeded?: unknown } | undefined,
	what: string,
	itemIndex: number,
): void {
	if (response?.succeded !== false) return;
	throw new NodeApiError(ctx.getNode(), response as JsonObject, {
		message: `HighLevel did not ${what}`,
		description: `It answered without an error but with "succeded": false. Check in HighLevel and run again.`,
		itemIndex,
	});
}
