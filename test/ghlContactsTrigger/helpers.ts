// Shared set-up for the GHL Contacts Trigger tests: a sandbox whose webhook sender signs with test keys, and
// triggers configured the way a user would (the sandbox's public keys in "replace keys").
import type { IDataObject, INode, NodeParameterValueType } from 'n8n-workflow';

import type { WebhookDelivery } from '../../sandbox/ghl';
import { PIT_CREDENTIAL_ID, startGhlTestBed, type GhlTestBed, type TestBedOptions } from '../harness/ghl';
import { TriggerHarness, type Delivery } from '../harness/trigger';

export const PIT_CREDENTIALS = { ghlPrivateIntegrationApi: { id: PIT_CREDENTIAL_ID, name: 'GHL sandbox token' } };

export async function startTriggerBed(options: TestBedOptions = {}): Promise<GhlTestBed> {
	return await startGhlTestBed({ rateLimit: { max: 10_000, intervalMs: 10_000 }, ...options });
}

/** A GHL Contacts Trigger for marketplace-app webhooks of the sandbox's app that trusts its test keys. */
export function marketplaceTrigger(
	bed: GhlTestBed,
	parameters: Record<string, NodeParameterValueType> = {},
	more: { staticData?: IDataObject; options?: IDataObject; credentials?: INode['credentials'] } = {},
): TriggerHarness {
	const keys = bed.sandbox.webhooks.publicKeys;
	return new TriggerHarness(bed.credentials, {
		type: 'ghlContactsTrigger',
		parameters: {
			source: 'marketplaceApp',
			appId: bed.sandbox.webhooks.appId,
			events: ['ContactCreate'],
			...parameters,
			options: { ed25519PublicKey: keys.ed25519, rsaPublicKey: keys.rsa, ...more.options },
		},
		credentials: more.credentials ?? PIT_CREDENTIALS,
		staticData: more.staticData,
	});
}

/** A GHL Contacts Trigger for an automation's Webhook action. */
export function automationTrigger(bed: GhlTestBed, parameters: Record<string, NodeParameterValueType> = {}): TriggerHarness {
	return new TriggerHarness(bed.credentials, {
		type: 'ghlContactsTrigger',
		parameters: { source: 'automation', ...parameters },
		credentials: PIT_CREDENTIALS,
	});
}

/** A sandbox delivery as n8n's webhook server would hand it to the node: the same bytes and headers. */
export function asReceived(delivery: WebhookDelivery | undefined): Delivery {
	if (!delivery) throw new Error('The sandbox made no such delivery');
	return { headers: delivery.headers, body: Buffer.from(delivery.body, 'utf8'), query: delivery.query };
}
