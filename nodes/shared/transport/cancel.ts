import { sleep } from 'n8n-workflow';

import type { RequestContext } from './types';

export const CANCELED_MESSAGE = 'The execution was canceled';

/** Thrown where a wait or a request stops because the execution was canceled. */
export class ExecutionCanceledError extends Error {
	constructor() {
		super(CANCELED_MESSAGE);
		this.name = 'ExecutionCanceledError';
	}
}

/** The execution's cancel signal; contexts outside executions (editor lookups, hooks) have none. */
export function cancelSignalOf(ctx: RequestContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
}

export function throwIfCanceled(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw new ExecutionCanceledError();
}

/**
 * Waits `ms`, or until the execution is canceled (then throws). n8n 1.x's `sleep` ignores a
 * signal, so the cancel is raced here rather than left to it.
 */
export async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await sleep(ms);
	throwIfCanceled(signal);
	let onAbort = () => {};
	const canceled = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(new ExecutionCanceledError());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		// n8n 2.x's sleep rejects only when the signal aborts; the check below says so.
		await Promise.race([sleep(ms, signal).catch(() => undefined), canceled]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
	throwIfCanceled(signal);
}
