import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { rememberDelivery, type DeliveryMemoryOptions } from '../shared/deliveryMemory';
import { answerWithoutStarting, rawBodyOf } from '../shared/webhook';
import { acceptedLocations, configuredAppId, locationAllowed } from './binding';
import { hasOneOfTags, parseJsonObject, type TriggerOptions } from './delivery';
import { withFullContact } from './fullContact';
import { contactIdOf, itemForEvent } from './normalise';
import { checkSignature } from './signature';

const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/**
 * Delivery ids are remembered a day, and at most 1,000 of them once no replay of theirs could pass
 * the replay window, so the workflow's saved static data stays small. Until then they are all
 * kept, up to 5,000; beyond that new deliveries get 429 until the oldest age out. A delivery
 * stamped up to one window ahead is accepted, and its replays for one window after that stamp:
 * hence twice the window.
 */
function deliveryMemory(windowSeconds: number): DeliveryMemoryOptions {
	return {
		max: 1000,
		ttlMs: 24 * 60 * 60 * 1000,
		keepYoungMs: 2 * windowSeconds * 1000,
		maxYoung: 5000,
	};
}

/**
 * A marketplace-app event: verify → check the replay window → check it is for this app and has an
 * id → keep only selected, wanted events → drop duplicates → normalise (→ read the full contact).
 * Anything dropped on purpose is answered with 200, because HighLevel resends only on 429 and a
 * 5xx would just fill its error log. Another app's delivery gets 403: it is not a transient error
 * (a retry could not succeed), and with a mistyped App ID the user's own deliveries then show as
 * failed in the app's webhook logs instead of vanishing.
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
			refuseRsaOnly: options.refuseLegacyRsa,
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

	const appId = configuredAppId(ctx);
	if (appId === '') return answerWithoutStarting(ctx, 403, 'The trigger has no App ID set');
	if (payload.appId !== appId) {
		return answerWithoutStarting(ctx, 403, 'The delivery is for another HighLevel app');
	}
	const webhookId = payload.webhookId;
	if (typeof webhookId !== 'string' || webhookId === '') {
		return answerWithoutStarting(ctx, 400, 'The delivery has no webhookId');
	}

	const type = typeof payload.type === 'string' ? payload.type : '';
	const events = ctx.getNodeParameter('events', []) as string[];
	if (!events.includes(type)) return answerWithoutStarting(ctx, 200, 'Event not selected; ignored');
	if (!locationAllowed(payload.locationId, await acceptedLocations(ctx, options.locationIds))) {
		return answerWithoutStarting(ctx, 200, 'Location not selected; ignored');
	}
	if (type === 'ContactTagUpdate') {
		const tagFilter = ctx.getNodeParameter('tagFilter', '') as string;
		if (!hasOneOfTags(payload.tags, tagFilter)) {
			return answerWithoutStarting(ctx, 200, 'No wanted tag; ignored');
		}
	}

	const seen = rememberDelivery(ctx, webhookId, deliveryMemory(windowSeconds));
	if (seen === 'repeat') return answerWithoutStarting(ctx, 200, 'Duplicate delivery; ignored');
	if (seen === 'full') {
		return answerWithoutStarting(
			ctx,
			429,
			'Too many deliveries inside the replay window; retry later',
		);
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
