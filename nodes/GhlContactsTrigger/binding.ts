import {
	NodeOperationError,
	type IHookFunctions,
	type INode,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { getConnection } from '../GhlContacts/transport';
import { toList } from '../shared/validation';

const WHERE_THE_APP_ID_IS =
	'In the HighLevel developer marketplace (marketplace.gohighlevel.com) open My Apps → your app: the App ID is shown below the app name and is the ID in the page address.';

/** The App ID as configured; deliveries must name it as their `appId`. */
export function configuredAppId(ctx: IHookFunctions | IWebhookFunctions): string {
	return String(ctx.getNodeParameter('appId', '') ?? '').trim();
}

/**
 * HighLevel signs every marketplace app's deliveries with the same key, so without an App ID any
 * app's deliveries would pass. Refuses an empty one, and one that cannot be an App ID (App IDs are
 * letters and digits; a Client ID is the App ID, a dash and more).
 */
export function assertAppId(node: INode, appId: string): void {
	if (appId === '') {
		throw new NodeOperationError(node, 'App ID is empty', {
			description: `Set the App ID of the marketplace app that sends these webhooks. ${WHERE_THE_APP_ID_IS}`,
		});
	}
	if (!/^[A-Za-z0-9]+$/.test(appId)) {
		const clientId = /^[A-Za-z0-9]+-[A-Za-z0-9]+$/.test(appId);
		throw new NodeOperationError(node, `App ID "${appId}" is not a HighLevel App ID`, {
			description: clientId
				? `This looks like a Client ID; the App ID is the part before the "-". ${WHERE_THE_APP_ID_IS}`
				: `App IDs are letters and digits only. ${WHERE_THE_APP_ID_IS}`,
		});
	}
}

/**
 * The locations whose deliveries start the workflow: the Location IDs option plus the location of
 * the credential "Fetch Full Contact" uses (a Private Integration token's Location ID, or the
 * location n8n stored with the OAuth2 token). Empty means every location the app is installed in.
 */
export async function acceptedLocations(
	ctx: IWebhookFunctions,
	locationIds: string | undefined,
): Promise<string[]> {
	const accepted = toList(locationIds ?? '');
	if (ctx.getNodeParameter('fetchFullContact', false) as boolean) {
		const { credentialLocationId } = await getConnection(ctx);
		if (credentialLocationId !== '') accepted.push(credentialLocationId);
	}
	return accepted;
}

/** Whether a delivery's location is one of the accepted ones (none accepted = every location). */
export function locationAllowed(locationId: unknown, accepted: string[]): boolean {
	return accepted.length === 0 || (typeof locationId === 'string' && accepted.includes(locationId));
}
