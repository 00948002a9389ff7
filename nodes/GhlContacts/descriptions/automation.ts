import type { INodeProperties } from 'n8n-workflow';

import { SCOPE_OPTIONS } from '../transport/scopes';
import { pickerLocator } from './common';

/** Where "From List" gets its scope: the credential option to tick, or the token scope to add. */
function listHint(scope: string, fallback: string): string {
	return `From List needs the ${scope} scope (OAuth2: tick "${SCOPE_OPTIONS[scope]}" in the credential; Private Integration: give the token ${scope}). ${fallback}`;
}

export const workflowLocator: INodeProperties = pickerLocator({
	name: 'workflowId',
	displayName: 'Workflow',
	description: 'The HighLevel workflow (automation)',
	searchListMethod: 'searchWorkflows',
	placeholder: 'e.g. 78559bb3-b920-461e-b010-7b2a2816d2a9',
	idName: 'A workflow ID',
	hint: listHint('workflows.readonly', 'By ID works without it.'),
});

export const campaignLocator: INodeProperties = pickerLocator({
	name: 'campaignId',
	displayName: 'Campaign',
	description: 'The HighLevel campaign',
	searchListMethod: 'searchCampaigns',
	placeholder: 'e.g. mIVALPYuTD7YjUHnFEx4',
	idName: 'A campaign ID',
	hint: listHint('campaigns.readonly', 'By ID works without it.'),
});

/** A user of the location: optional, as where it is used an empty value means "nobody". */
export function userLocator(
	name: string,
	displayName: string,
	description: string,
): INodeProperties {
	return pickerLocator({
		name,
		displayName,
		description,
		searchListMethod: 'searchUsers',
		placeholder: 'e.g. hxHGVRb1YJUscrCB8eXK',
		idName: 'A user ID',
		required: false,
		hint: listHint('users.readonly', 'By ID works without it.'),
	});
}

export const usersHint = listHint('users.readonly', 'IDs from an expression work without it.');
