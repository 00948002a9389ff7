// Every panel the package's nodes have: each action node's resource/operation pairs (read from the
// node descriptions, so new operations are picked up) and each trigger once, laid out as one
// workflow a user could have built, each node with the credential its default authentication uses.
import type { INodeProperties, INodeType } from 'n8n-workflow';

import type { TemplateNode } from '../harness/templates';
import { packageNodes } from '../harness/packageTypes';

export interface Panel {
	/** The node's name on the canvas (unique), also the screenshot's name. */
	name: string;
	type: string;
	resource?: string;
	operation?: string;
	/** Its resource locators that can pick from a list (set to that mode, as a user picks it). */
	lists: string[];
}

type Shown = Record<string, unknown[] | undefined>;

const shown = (property: INodeProperties): Shown =>
	(property.displayOptions?.show ?? {}) as Shown;

/** Whether a property's display options (resource and operation only) let it show in a panel. */
function showsFor(property: INodeProperties, resource?: string, operation?: string): boolean {
	const { resource: resources, operation: operations } = shown(property);
	return (!resources || resources.includes(resource)) && (!operations || operations.includes(operation));
}

function panelsOf(type: string, node: INodeType): Panel[] {
	const { properties, displayName } = node.description;
	const resources = properties.find((property) => property.name === 'resource')?.options ?? [];
	if (resources.length === 0) return [{ name: displayName, type, lists: [] }];
	return resources.flatMap((resource) => {
		const value = (resource as { value: string }).value;
		return properties
			.filter((property) => property.name === 'operation' && showsFor(property, value))
			.flatMap((property) => property.options ?? [])
			.map((operation) => ({
				name: `${displayName} ${value} ${(operation as { value: string }).value}`,
				type,
				resource: value,
				operation: (operation as { value: string }).value,
				lists: listLocators(node, value, (operation as { value: string }).value),
			}));
	});
}

export function packagePanels(): Panel[] {
	return Object.entries(packageNodes()).flatMap(([type, node]) => panelsOf(type, node));
}

/** The credential type a node uses with its default authentication. */
function defaultCredentialType(node: INodeType): string | undefined {
	const { credentials = [], properties } = node.description;
	const authentication = properties.find((property) => property.name === 'authentication')?.default;
	return credentials.find((credential) => {
		const allowed = (credential.displayOptions?.show as Shown | undefined)?.authentication;
		return !allowed || allowed.includes(authentication);
	})?.name;
}

function listLocators(node: INodeType, resource: string, operation: string): string[] {
	return node.description.properties
		.filter(
			(property) =>
				property.type === 'resourceLocator' &&
				showsFor(property, resource, operation) &&
				property.modes?.some((mode) => mode.name === 'list'),
		)
		.map((property) => property.name);
}

/** One node per panel, in a grid, with the stack's credentials. */
export function panelNodes(
	panels: Panel[],
	credentials: Record<string, { id: string; name: string }>,
): TemplateNode[] {
	const nodes = packageNodes();
	return panels.map((panel, index) => {
		const node = nodes[panel.type];
		const credentialType = defaultCredentialType(node);
		const credential = credentialType ? credentials[credentialType] : undefined;
		return {
			id: `panel-${index}`,
			name: panel.name,
			type: panel.type,
			typeVersion: Math.max(...[node.description.version].flat()),
			position: [(index % 8) * 220, Math.floor(index / 8) * 200],
			parameters: {
				...(panel.resource ? { resource: panel.resource, operation: panel.operation } : {}),
				...Object.fromEntries(panel.lists.map((name) => [name, { __rl: true, mode: 'list', value: '' }])),
			},
			...(credential && credentialType ? { credentials: { [credentialType]: credential } } : {}),
		};
	});
}

/** Every method the package's nodes offer the editor for dropdowns and list searches, by node type. */
export function lookupMethods(): Record<string, string[]> {
	return Object.fromEntries(
		Object.entries(packageNodes()).map(([type, node]) => [
			type,
			[...Object.keys(node.methods?.loadOptions ?? {}), ...Object.keys(node.methods?.listSearch ?? {})],
		]),
	);
}
