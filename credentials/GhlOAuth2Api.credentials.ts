import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

const STANDARD_AUTH_URL = 'https://marketplace.gohighlevel.com/oauth/chooselocation';
const WHITE_LABEL_AUTH_URL = 'https://marketplace.leadconnectorhq.com/oauth/chooselocation';

/**
 * HighLevel marketplace app, authorization-code grant. Scopes start at read-only; each write or
 * extra scope is added only when the user ticks it (least privilege).
 */
export class GhlOAuth2Api implements ICredentialType {
	name = 'ghlOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'GHL OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/GhlContacts/ghl.svg',
		dark: 'file:../nodes/GhlContacts/ghl.dark.svg',
	};

	documentationUrl = 'https://marketplace.gohighlevel.com/docs/Authorization/OAuth2.0';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization Host',
			name: 'authorizationHost',
			type: 'options',
			options: [
				{ name: 'Standard (marketplace.gohighlevel.com)', value: 'standard' },
				{ name: 'White-Label (marketplace.leadconnectorhq.com)', value: 'whiteLabel' },
				{ name: 'Custom URL', value: 'custom' },
			],
			default: 'standard',
			description: 'Where HighLevel shows the location chooser when you connect',
		},
		{
			displayName: 'Custom Authorization URL',
			name: 'customAuthUrl',
			type: 'string',
			default: '',
			placeholder: 'https://marketplace.example.com/oauth/chooselocation',
			displayOptions: { show: { authorizationHost: ['custom'] } },
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ $self["authorizationHost"] === "custom" ? $self["customAuthUrl"] : $self["authorizationHost"] === "whiteLabel" ? "${WHITE_LABEL_AUTH_URL}" : "${STANDARD_AUTH_URL}" }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: 'https://services.leadconnectorhq.com/oauth/token',
			description: 'HighLevel token endpoint; change it only for a test stand-in',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://services.leadconnectorhq.com',
			description: 'The same for white-label accounts; change it only for a test stand-in',
		},
		{
			displayName: 'Allow Contact Changes',
			name: 'allowContactWrites',
			type: 'boolean',
			default: false,
			description:
				'Whether to request the contacts.write scope. Without it the credential can only read contacts, tasks and notes. Reconnect after changing it.',
		},
		{
			displayName: 'Allow Reading Custom Field Definitions',
			name: 'allowCustomFieldRead',
			type: 'boolean',
			default: false,
			description:
				'Whether to request the locations/customFields.readonly scope, which lets the node list your custom fields in a dropdown. Reconnect after changing it.',
		},
		{
			displayName: 'Allow Listing Workflows',
			name: 'allowWorkflowRead',
			type: 'boolean',
			default: false,
			description:
				'Whether to request the workflows.readonly scope, which lets the node list your workflows in the Workflow picker ("By ID" works without it). Reconnect after changing it.',
		},
		{
			displayName: 'Allow Listing Campaigns',
			name: 'allowCampaignRead',
			type: 'boolean',
			default: false,
			description:
				'Whether to request the campaigns.readonly scope, which lets the node list your campaigns in the Campaign picker ("By ID" works without it). Reconnect after changing it.',
		},
		{
			displayName: 'Allow Listing Users',
			name: 'allowUserRead',
			type: 'boolean',
			default: false,
			description:
				"Whether to request the users.readonly scope, which lets the node list the sub-account's users for followers and task assignees (IDs work without it). Reconnect after changing it.",
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default:
				'={{ ["contacts.readonly"].concat($self["allowContactWrites"] ? ["contacts.write"] : []).concat($self["allowCustomFieldRead"] ? ["locations/customFields.readonly"] : []).concat($self["allowWorkflowRead"] ? ["workflows.readonly"] : []).concat($self["allowCampaignRead"] ? ["campaigns.readonly"] : []).concat($self["allowUserRead"] ? ["users.readonly"] : []).join(" ") }}',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// HighLevel expects client_id and client_secret in the form body, not a Basic header.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		{
			// Sub-account (location) tokens: the only kind the Contacts API accepts.
			displayName: 'Additional Body Properties',
			name: 'additionalBodyProperties',
			type: 'hidden',
			default: '{"user_type":"Location"}',
		},
	];
}
