/**
 * The GHL OAuth2 credential's option that asks HighLevel for each scope beyond contacts.readonly
 * (which it always asks for). Named in errors, so keep in step with the credential's display names.
 */
export const SCOPE_OPTIONS: Record<string, string> = {
	'contacts.write': 'Allow Contact Changes',
	'locations/customFields.readonly': 'Allow Reading Custom Field Definitions',
	'workflows.readonly': 'Allow Listing Workflows',
	'campaigns.readonly': 'Allow Listing Campaigns',
	'users.readonly': 'Allow Listing Users',
};

const LIST_SCOPES: Record<string, string> = {
	'/workflows/': 'workflows.readonly',
	'/campaigns/': 'campaigns.readonly',
	'/users/': 'users.readonly',
};

/** HighLevel's scope for an endpoint, per its OpenAPI files. */
export function requiredScopeOf(request: { method: string; path: string }): string {
	if (request.path.startsWith('/locations/')) return 'locations/customFields.readonly';
	const list = LIST_SCOPES[request.path];
	if (list) return list;
	if (request.method === 'GET' || request.path === '/contacts/search') return 'contacts.readonly';
	return 'contacts.write';
}
