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
	/** Its dropdowns whose options the node loads (opened as a user opens them). */
	dropdowns: string[];
	/** Parameter values that make the lists and dropdowns show, those inside collections included. */
	parameters: Record<string, unknown>;
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
	if (resources.length === 0) return [{ name: displayName, type, ...lookupsOf(properties) }];
	return resources.flatMap((resource) => {
		const value = (resource as { value: string }).value;
		return properties
			.filter((property) => property.name === 'operation' && showsFor(property, value))
			.flatMap((property) => property.options ?? [])
			.map((option) => {
				const operation = (option as { value: string }).value;
				const shownHere = properties.filter(
					(property) => !['resource', 'operation'].includes(property.name) && showsFor(property, value, operation),
				);
				return { name: `${displayName} ${value} ${operation}`, type, resource: value, operation, ...lookupsOf(shownHere) };
			});
	});
}

type Lookups = Pick<Panel, 'lists' | 'dropdowns' | 'parameters'>;

/**
 * The fields among `properties` (and inside their collections) the node loads from the service,
 * and the values that show them: a collection gets the entry holding one, and a field shown only
 * for some value of a sibling gets that sibling set to the first such value.
 */
function lookupsOf(properties: INodeProperties[]): Lookups {
	const found: Lookups = { lists: [], dropdowns: [], parameters: {} };
	const add = (property: INodeProperties, value: unknown) => {
		found.parameters[property.name] = value;
		for (const [sibling, values] of Object.entries(shown(property)))
			if (!['resource', 'operation'].includes(sibling) && !(sibling in found.parameters) && values?.length)
				found.parameters[sibling] = values[0];
	};
	const merge = (inner: Lookups) => {
		found.lists.push(...inner.lists);
		found.dropdowns.push(...inner.dropdowns);
		return Object.keys(inner.parameters).length > 0;
	};
	for (const property of properties) {
		if (property.type === 'resourceLocator' && property.modes?.some((mode) => mode.name === 'list')) {
			found.lists.push(property.name);
			add(property, { __rl: true, mode: 'list', value: '' });
		} else if (property.typeOptions?.loadOptionsMethod) {
			found.dropdowns.push(property.name);
			add(property, property.default);
		} else if (property.type === 'collection') {
			const inner = lookupsOf((property.options ?? []) as INodeProperties[]);
			if (merge(inner)) add(property, inner.parameters);
		} else if (property.type === 'fixedCollection') {
			const groups = (property.options ?? []) as Array<{ name: string; values: INodeProperties[] }>;
			const entries = groups.flatMap((group) => {
				const inner = lookupsOf(group.values);
				return merge(inner) ? [[group.name, property.typeOptions?.multipleValues ? [inner.parameters] : inner.parameters]] : [];
			});
			if (entries.length > 0) add(property, Object.fromEntries(entries));
		}
	}
	return found;
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
				...panel.parameters,
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
