// How n8n's node creator lists our nodes. Its rule, read in n8n-editor-ui 2.41.1
// (`generateMergedNodesAndActions` in workflows.store-*.js): a trigger type whose full name, with its
// first "Trigger" removed, is the name of an action node that has actions joins that node's entry;
// the entry keeps the action node's display name, takes the TRIGGER's description, and lists the
// trigger's events under "Triggers" (only for a trigger whose display name says "Trigger"; one
// action per option of its Event / Events / Trigger On parameter, else one "On new … event").
// Any other trigger gets an entry of its own. The rule is restated here, not imported from the editor.
import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { join } from 'node:path';

import packageJson from '../../package.json';

const root = join(__dirname, '..', '..');

/** The built node classes n8n loads, from package.json's node list (npm test builds first). */
function builtDescriptions(): INodeTypeDescription[] {
	return packageJson.n8n.nodes.map((path) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require(join(root, path)) as Record<string, new () => INodeType>;
		const [Class] = Object.values(module);
		return new Class().description;
	});
}

const optionsOf = (property: INodeProperties | undefined) =>
	(property?.options ?? []).filter(
		(option): option is { name: string; value: string } => 'value' in option && !['*', '', ' '].includes(option.name),
	);

/** The actions the creator lists for an action node: each operation of each resource. */
function actionsOf(node: INodeTypeDescription): string[] {
	const resource = node.properties.find((property) => property.name === 'resource');
	if (!resource) return optionsOf(node.properties.find((property) => property.name === 'operation')).map((op) => op.name);
	const resources = optionsOf(resource);
	return resources.flatMap((res) => {
		const operation = node.properties.find(
			(property) =>
				property.name === 'operation' &&
				(property.displayOptions?.show?.resource?.includes(res.value) ?? resources.length === 1),
		);
		return optionsOf(operation).map((op) => `${res.name} ${op.name}`);
	});
}

/** The trigger actions the creator lists for a trigger node. */
function triggerActionsOf(node: INodeTypeDescription): string[] {
	if (!node.displayName.toLowerCase().includes('trigger')) return [];
	const events = node.properties.find((property) =>
		['event', 'events', 'trigger on'].includes(property.displayName.toLowerCase()),
	);
	if (!events?.options) return [`On new ${node.displayName.replace('Trigger', '').trimEnd()} event`];
	return optionsOf(events).map((option) => `On ${option.name}`);
}

interface Entry {
	type: string;
	displayName: string;
	description: string;
	actions: string[];
	triggers: string[];
	/** The trigger type merged into this entry, if any. */
	mergedTrigger?: INodeTypeDescription;
}

/** The entries the node creator shows for our package. */
function nodeCreatorEntries(nodes: INodeTypeDescription[]): Entry[] {
	const typeOf = (node: INodeTypeDescription) => `${packageJson.name}.${node.name}`;
	const isTrigger = (node: INodeTypeDescription) => node.group.includes('trigger');
	const entries: Entry[] = nodes.filter((node) => !isTrigger(node)).map((node) => ({
		type: typeOf(node),
		displayName: node.displayName,
		description: node.description,
		actions: actionsOf(node),
		triggers: [],
	}));
	for (const trigger of nodes.filter(isTrigger)) {
		const target = entries.find((entry) => entry.type === typeOf(trigger).replace('Trigger', ''));
		if (target && target.actions.length > 0) {
			target.description = trigger.description;
			target.triggers.push(...triggerActionsOf(trigger));
			target.mergedTrigger = trigger;
		} else {
			entries.push({
				type: typeOf(trigger),
				displayName: trigger.displayName,
				description: trigger.description,
				actions: [],
				triggers: triggerActionsOf(trigger),
			});
		}
	}
	return entries;
}

describe("n8n's node creator shows each service as one entry, its triggers listed with its actions", () => {
	const nodes = builtDescriptions();
	const entries = nodeCreatorEntries(nodes);
	const entry = (name: string) => entries.find((candidate) => candidate.type === `${packageJson.name}.${name}`);

	test('every trigger but the GHL Polling Trigger merges into its service\'s action node; nothing else stands alone', () => {
		const merged = Object.fromEntries(
			entries.filter((candidate) => candidate.mergedTrigger).map((candidate) => [candidate.type, candidate.mergedTrigger?.name]),
		);
		expect(merged).toEqual({
			[`${packageJson.name}.ghlContacts`]: 'ghlContactsTrigger',
			[`${packageJson.name}.skilljar`]: 'skilljarTrigger',
			[`${packageJson.name}.onlineCourseHost`]: 'onlineCourseHostTrigger',
		});
		expect(entries.map((candidate) => candidate.displayName).sort()).toEqual([
			'GHL Contacts',
			'GHL Polling Trigger',
			'OnlineCourseHost',
			'Skilljar',
		]);
	});

	test.each(['ghlContacts', 'skilljar', 'onlineCourseHost'])(
		'%s: the entry lists actions and triggers; the trigger is named after it',
		(name) => {
			const merged = entry(name);
			expect(merged?.actions.length).toBeGreaterThan(0);
			expect(merged?.triggers.length).toBeGreaterThan(0);
			expect(merged?.triggers.some((trigger) => trigger.startsWith('On new '))).toBe(false); // its events, by name
			expect(merged?.mergedTrigger?.displayName).toBe(`${merged?.displayName} Trigger`);
		},
	);

	test.each(['ghlContacts', 'skilljar', 'onlineCourseHost'])(
		"%s: the entry's description (the trigger's) tells of the actions and the triggers alike",
		(name) => {
			const merged = entry(name);
			const action = nodes.find((node) => node.name === name);
			const resources = optionsOf(action?.properties.find((property) => property.name === 'resource')).map(
				(resource) => resource.name.toLowerCase(),
			);
			const description = merged?.description ?? '';
			expect(description).not.toMatch(/^Starts/);
			expect(description).toContain('start workflows on');
			expect(resources.filter((resource) => description.toLowerCase().includes(resource)).length).toBeGreaterThanOrEqual(2);
		},
	);

	test('the GHL Polling Trigger stands alone and says when to use it instead of the GHL Contacts Trigger', () => {
		const polling = entry('ghlPollingTrigger');
		expect(polling?.triggers.length).toBeGreaterThan(0);
		expect(polling?.description).toContain('instead of the GHL Contacts Trigger');
	});
});
