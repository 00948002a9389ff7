// What a failed item of this package's nodes looks like with Continue On Fail (nodes/shared/items.ts).
import type { IDataObject } from 'n8n-workflow';

/** An error item's json: the message, and whether trying again later can help. */
export function failedItem(message: string | RegExp, retryable: boolean): IDataObject {
	return {
		error: expect.objectContaining({
			message: typeof message === 'string' ? message : expect.stringMatching(message),
			retryable,
		}),
	};
}

/** The message of an error item's json (undefined for an item that did not fail). */
export function errorMessage(json: IDataObject): string | undefined {
	return (json.error as IDataObject | undefined)?.message as string | undefined;
}
