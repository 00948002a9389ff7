import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { assertPreviousSecret } from '../shared/secretRotation';
import { assertStrongSecret, nodeWithoutSecrets } from '../shared/webhook';
import { assertAppId, configuredAppId } from './binding';
import type { TriggerOptions } from './delivery';
import { assertPublicKeys } from './signature';

/**
 * HighLevel has no API to register, look up or remove a webhook URL for one location: the user
 * pastes the URL into the marketplace app's settings or the automation's Webhook action. What
 * activation can do is refuse a set-up that would reject or misread every delivery, or accept
 * deliveries of any app or with a guessable secret, and say why.
 */
export function assertReadyToReceive(ctx: IHookFunctions): void {
	const node = nodeWithoutSecrets(ctx.getNode());
	const source = ctx.getNodeParameter('source', 'marketplaceApp') as string;
	if (source === 'automation') {
		const secretLocation = ctx.getNodeParameter('secretLocation', 'query') as string;
		const secret = (ctx.getNodeParameter('secret', '') as string).trim();
		if (secretLocation !== 'none' && secret === '') {
			throw new NodeOperationError(node, 'Secret is empty', {
				description:
					'Set a long random Secret and add it to the HighLevel Webhook action, or choose "None" under Secret Location (not recommended).',
			});
		}
		if (secretLocation !== 'none') {
			assertStrongSecret(node, 'Secret', secret);
			assertPreviousSecret(ctx, 'Secret', secret);
		}
		return;
	}
	const events = ctx.getNodeParameter('events', []) as string[];
	if (events.length === 0) {
		throw new NodeOperationError(node, 'Events is empty', {
			description: 'Choose at least one event that should start the workflow.',
		});
	}
	assertAppId(node, configuredAppId(ctx));
	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	assertPublicKeys(node, { ed25519: options.ed25519PublicKey, rsa: options.rsaPublicKey });
}
