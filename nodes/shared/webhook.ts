import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import {
	NodeOperationError,
	type INode,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

/** Compares secrets in constant time; hashing first gives equal lengths, so no length leaks. */
export function safeEqual(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/** The least a webhook secret needs: guessing 16 random URL-safe characters is hopeless. */
export const MIN_SECRET_LENGTH = 16;
// What survives in a URL without encoding, so a secret pasted into a query string arrives intact.
const URL_SAFE = /^[A-Za-z0-9\-_.~]+$/;

/** Whether a configured webhook secret is long enough and URL-safe. */
export function isStrongSecret(secret: string): boolean {
	return secret.length >= MIN_SECRET_LENGTH && URL_SAFE.test(secret);
}

/** The parameters of the webhook triggers that hold a secret (the current and the previous one). */
const SECRET_PARAMETERS = new Set(['secret', 'previousSecret']);

/**
 * The node to put on an activation error: an error keeps its node, parameters and all, wherever
 * n8n logs or shows it, so the parameters holding secrets are left out.
 */
export function nodeWithoutSecrets(node: INode): INode {
	const parameters = Object.fromEntries(
		Object.entries(node.parameters).filter(([name]) => !SECRET_PARAMETERS.has(name)),
	);
	return { ...node, parameters };
}

/** Fails activation, naming the field, when a webhook secret is too weak or not URL-safe. */
export function assertStrongSecret(node: INode, field: string, secret: string): void {
	if (isStrongSecret(secret)) return;
	throw new NodeOperationError(node, `${field} is too weak or not URL-safe`, {
		description: `Set "${field}" to at least ${MIN_SECRET_LENGTH} random letters and digits (- _ . ~ are allowed too), then activate again.`,
	});
}

/** A random secret for a webhook URL, header or basic-auth pair. */
export function generateSecret(bytes = 24): string {
	return randomBytes(bytes).toString('base64url');
}

/**
 * The body exactly as the sender signed it. n8n keeps the raw bytes of webhook requests; the
 * re-encoded fallback is only for callers that have no raw body, and would fail a signature check.
 */
export function rawBodyOf(ctx: IWebhookFunctions): Buffer {
	const request = ctx.getRequestObject() as { rawBody?: Buffer | string; body?: unknown };
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
	if (typeof request.rawBody === 'string') return Buffer.from(request.rawBody, 'utf8');
	return Buffer.from(request.body === undefined ? '' : JSON.stringify(request.body), 'utf8');
}

/** Answers the sender without starting the workflow. */
export function answerWithoutStarting(
	ctx: IWebhookFunctions,
	status: number,
	message: string,
): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ message });
	return { noWebhookResponse: true };
}
