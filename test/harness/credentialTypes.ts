import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { packageCredentials } from './packageTypes';

/**
 * n8n's generic OAuth2 credential (its fields as n8n-nodes-base defines them) so that ours can
 * extend it exactly as inside n8n.
 */
class OAuth2Api implements ICredentialType {
	name = 'oAuth2Api';

	displayName = 'OAuth2 API';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{ name: 'Authorization Code', value: 'authorizationCode' },
				{ name: 'Client Credentials', value: 'clientCredentials' },
			],
			default: 'authorizationCode',
		},
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'string', default: '' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: '' },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
		{ displayName: 'Client Secret', name: 'clientSecret', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'string', default: '' },
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Body', value: 'body' },
				{ name: 'Header', value: 'header' },
			],
			default: 'header',
		},
	];
}

const all: ICredentialType[] = [new OAuth2Api(), ...packageCredentials()];

export const credentialTypes = new Map(all.map((type) => [type.name, type]));

/** Adds a credential type from outside the package (the benchmark's n8n-nodes-base peers). */
export function registerCredentialType(type: ICredentialType): void {
	credentialTypes.set(type.name, type);
}

export function credentialTypeNamed(name: string): ICredentialType {
	const type = credentialTypes.get(name);
	if (!type) throw new Error(`Unknown credential type ${name}`);
	return type;
}

export function parentTypesOf(name: string): string[] {
	const parents = credentialTypeNamed(name).extends ?? [];
	return parents.flatMap((parent) => [parent, ...parentTypesOf(parent)]);
}

/** Parent fields first, then the type's own, which win (as n8n merges them). */
export function propertiesOf(name: string): INodeProperties[] {
	const type = credentialTypeNamed(name);
	const merged = new Map<string, INodeProperties>();
	for (const parent of type.extends ?? []) {
		for (const property of propertiesOf(parent)) merged.set(property.name, property);
	}
	for (const property of type.properties) merged.set(property.name, property);
	return [...merged.values()];
}
