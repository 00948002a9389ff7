import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isAcceptedSecret } from '../shared/secretRotation';
import { answerWithoutStarting, isStrongSecret, rawBodyOf } from '../shared/webhook';
import { acceptedLocations, locationAllowed } from './binding';
import { firstValue, parseJsonObject, type TriggerOptions } from './delivery';
import { withFullContact } from './fullContact';
import { contactFromAutomation } from './normalise';

/** The secret the caller sent, from the header or query parameter the user chose. */
function givenSecret(ctx: IWebhookFunctions, location: string): string | undefined {
	if (location === 'header') {
		const name = (ctx.getNodeParameter('headerName', 'X-Webhook-Secret') as string).trim();
		return firstValue((ctx.getHeaderData() as IDataObject)[name.toLowerCase()]);
	}
	const name = (ctx.getNodeParameter('queryParameterName', 'secret') as string).trim();
	return firstValue((ctx.getQueryData() as IDataObject)[name]);
}

/**
 * A HighLevel automation's Webhook action: check the secret (constant time; during a rotation the
 * previous one too) → parse → filter by location → normalise the snake_case contact (→ read the
 * full contact). The raw payload stays under `rawPayload`, since custom fields arrive as
 * top-level keys named by their labels.
 */
export async function receiveAutomationCall(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const secretLocation = ctx.getNodeParameter('secretLocation', 'query') as string;
	if (secretLocation !== 'none') {
		const expected = (ctx.getNodeParameter('secret', '') as string).trim();
		if (expected === '') {
			return answerWithoutStarting(ctx, 401, 'The trigger has no secret set');
		}
		// Activation refuses a weak secret; one set by an expression is only known here.
		if (!isStrongSecret(expected)) {
			return answerWithoutStarting(
				ctx,
				401,
				"The trigger's secret is too weak; set at least 16 random letters and digits",
			);
		}
		const given = givenSecret(ctx, secretLocation)?.trim();
		if (!isAcceptedSecret(ctx, given, expected)) {
			return answerWithoutStarting(ctx, 401, 'Missing or wrong secret');
		}
	}

	const parsed = parseJsonObject(rawBodyOf(ctx));
	if ('problem' in parsed) return answerWithoutStarting(ctx, 400, parsed.problem);
	const payload = parsed.body;

	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	const contact = contactFromAutomation(payload);
	if (!locationAllowed(contact.locationId, await acceptedLocations(ctx, options.locationIds))) {
		return answerWithoutStarting(ctx, 200, 'Location not selected; ignored');
	}

	let item: IDataObject = {
		...contact,
		customData: (payload.customData ?? {}) as IDataObject,
		event: {
			type: 'AutomationWebhook',
			source: 'automation',
			webhookId: null,
			timestamp: null,
			workflow: (payload.workflow ?? null) as IDataObject | null,
		},
		rawPayload: payload,
	};
	if (ctx.getNodeParameter('fetchFullContact', false) as boolean) {
		item = await withFullContact(ctx, item, contact.id as string | undefined, 'merge');
	}
	return { workflowData: [[{ json: item }]] };
}
