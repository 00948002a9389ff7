import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { answerWithoutStarting, rawBodyOf, rememberDelivery } from '../shared/webhook';
import { hasOneOfTags, locationAllowed, parseJsonObject, type TriggerOptions } from './delivery';
import { withFullContact } from './fullContact';
import { contactIdOf, itemForEvent } from './normalise';
import { checkSignature } from './signature';

const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/**
 * Delivery ids are remembered a day (far beyond the replay window, which stops older replays) and
 * at most 1,000 of them, so the workflow's saved static data stays small.
 */
const DELIVERY_MEMORY = { max: 1000, ttlMs: 24 * 60 * 60 * 1000 };

/**
 * A marketplace-app event: verify → check the replay window → keep only selected, wanted events →
 * drop duplicates → normalise (→ read the full contact). Anything dropped on purpose is answered
 * with 200, because HighLevel resends only on 429 and a 5xx would just fill its error log.
 */
export async function receiveMarketplaceEvent(
	ctx: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	const raw = rawBodyOf(ctx);

	if (ctx.getNodeParameter('verifySignature', true) as boolean) {
		const check = checkSignature(ctx.getNode(), ctx.getHeaderData() as IDataObject, raw, {
			ed25519: options.ed25519PublicKey,
			rsa: options.rsaPublicKey,
		});
		if (!check.valid) return answerWithoutStarting(ctx, 401, check.reason);
	}

	const parsed = parseJsonObject(raw);
	if ('problem' in parsed) return answerWithoutStarting(ctx, 400, parsed.problem);
	const payload = parsed.body;

	const windowSeconds = options.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
	if (windowSeconds > 0) {
		const sentAt = typeof payload.timestamp === 'string' ? Date.parse(payload.timestamp) : NaN;
		if (Number.isNaN(sentAt)) {
			return answerWithoutStarting(ctx, 401, 'The delivery has no valid timestamp');
		}
		if (Math.abs(Date.now() - sentAt) > windowSeconds * 1000) {
			return answerWithoutStarting(ctx, 401, 'The delivery is outside the replay window');
		}
	}

	const type = typeof payload.type === 'string' ? payload.type : '';
	const events = ctx.getNodeParameter('events', []) as string[];
	if (!events.includes(type)) return answerWithoutStarting(ctx, 200, 'Event not selected; ignored');
	if (!locationAllowed(payload.locationId, options.locationIds)) {
		return answerWithoutStarting(ctx, 200, 'Location not selected; ignored');
	}
	if (type === 'ContactTagUpdate') {
		const tagFilter = ctx.getNodeParameter('tagFilter', '') as string;
		if (!hasOneOfTags(payload.tags, tagFilter)) {
			return answerWithoutStarting(ctx, 200, 'No wanted tag; ignored');
		}
	}

	const webhookId =
		typeof payload.webhookId === 'string' && payload.webhookId !== '' ? payload.webhookId : null;
	if (webhookId !== null && !rememberDelivery(ctx, webhookId, DELIVERY_MEMORY)) {
		return answerWithoutStarting(ctx, 200, 'Duplicate delivery; ignored');
	}

	let item = itemForEvent(payload, {
		type,
		source: 'marketplaceApp',
		webhookId,
		timestamp: typeof payload.timestamp === 'string' ? payload.timestamp : null,
	});
	// A deleted contact cannot be read any more; the delivery is all there is.
	if ((ctx.getNodeParameter('fetchFullContact', false) as boolean) && type !== 'ContactDelete') {
		const mode = type.startsWith('Contact') ? 'merge' : 'nest';
		item = await withFullContact(ctx, item, contactIdOf(payload, type), mode);
	}
	return { workflowData: [[{ json: item }]] };
}
