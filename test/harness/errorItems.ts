// What a failed item of this package's nodes looks like with Continue On Fail (nodes/shared/items.ts).
import type { IDataObject } from 'n8n-workflow';

/** An error item's json: the message, and whether trying again later can help. */
export function failedItem(error: string | RegExp, retryable: boolean): IDataObject {
	return {
		error: typeof error === 'string' ? error : expect.stringMatching(error),
		details: expect.objectContaining({ retryable }),
	};
}
