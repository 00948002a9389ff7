// The template workflows in workflows/ are checked the way n8n would read them on import, plus the
// house rules for templates: a Settings node first, sticky notes that explain the set-up, no ids
// of anyone's account, and an error branch (or continue-on-fail) on every node that writes.
// n8n's own nodes (Set, If, Code, …) are checked against the n8n that the end-to-end tests run
// (scripts/n8n.mjs; `npm test` installs it into the cache first); without it the check fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	NodeHelpers,
	type ICredentialType,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { baseNodeType } from '../harness/nodesBase';
import { packageCredentials, packageNodes } from '../harness/packageTypes';
import { loadTemplates, type Template, type TemplateNode } from '../harness/templates';

const root = join(__dirname, '..', '..');
const PACKAGE = 'n8n-nodes-ghl-lms';
const BASE = 'n8n-nodes-base';
const STICKY = `${BASE}.stickyNote`;
const TRIGGER_TYPES = new Set([
	`${PACKAGE}.ghlContactsTrigger`,
	`${PACKAGE}.onlineCourseHostTrigger`,
	`${PACKAGE}.skilljarTrigger`,
	`${BASE}.scheduleTrigger`,
	// Template 12 hands a failed item back through it (issue #17).
	`${BASE}.executeWorkflowTrigger`,
	`${BASE}.errorTrigger`,
]);
/** Operations that change something in a service; each needs continue-on-fail or an error branch. */
const WRITE_OPERATIONS = new Set([
	'add',
	'addBulk',
	'addLearner',
	'create',
	'deactivate',
	'delete',
	'enroll',
	'markCompleted',
	'markNotCompleted',
	'remove',
	'removeLearner',
	'sendInvite',
	'setValues',
	'syncTags',
	'unenroll',
	'update',
	'upsert',
]);
/** Main outputs of the n8n nodes the templates use (an error output comes on top). */
const BASE_OUTPUTS: Record<string, number> = {
	if: 2,
	filter: 1,
	set: 1,
	code: 1,
	noOp: 1,
	removeDuplicates: 1,
	splitOut: 1,
	scheduleTrigger: 1,
	executeWorkflowTrigger: 1,
	merge: 1,
	errorTrigger: 1,
	httpRequest: 1,
	dataTable: 1,
	executeWorkflow: 1,
	executionData: 1,
	stopAndError: 0,
};
/** How a workflow's name may start: with a verb that says what it does, as n8n's library does. */
const NAME_VERBS = new Set(
	(
		'Add Alert Assign Bring Copy Create Enroll Give Import Keep Link Log Make Mark Match Mirror Move ' +
		'Notify Post Push Put Record Register Remove Retry Save Send Share Store Summarise Summarize Sync ' +
		'Tag Track Turn Update Welcome Write'
	).split(' '),
);

const templates = loadTemplates();
const ourNodes = packageNodes();
const credentialTypes = new Map<string, ICredentialType>(
	packageCredentials().map((credential) => [credential.name, credential]),
);

/** The description of a node type at a version, or undefined when that version does not exist. */
function descriptionAt(
	nodeType: INodeType | IVersionedNodeType,
	version: number,
): INodeTypeDescription | undefined {
	if ('nodeVersions' in nodeType) {
		const versioned = nodeType.nodeVersions[version];
		return versioned ? { ...nodeType.description, ...versioned.description } : undefined;
	}
	const versions = Array.isArray(nodeType.description.version)
		? nodeType.description.version
		: [nodeType.description.version];
	return versions.includes(version) ? nodeType.description : undefined;
}

function typeOf(node: TemplateNode): { nodeType?: INodeType | IVersionedNodeType; ours: boolean } {
	if (node.type.startsWith(`${PACKAGE}.`)) return { nodeType: ourNodes[node.type], ours: true };
	return { nodeType: baseNodeType(node.type.slice(BASE.length + 1)), ours: false };
}

/**
 * Parameter names the node does not show for its other values (a typo, or a field of another
 * operation), found with n8n's own display rules; collections are checked one level down.
 */
function unknownParameters(description: INodeTypeDescription, node: TemplateNode): string[] {
	const values = node.parameters as INodeParameters;
	const shown =
		NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) ??
		{};
	const unknown: string[] = [];
	for (const [name, value] of Object.entries(values)) {
		if (!(name in shown)) {
			unknown.push(name);
			continue;
		}
		const property = description.properties.find(
			(candidate: INodeProperties) =>
				candidate.name === name &&
				NodeHelpers.displayParameter(values, candidate, node, description),
		);
		if (property?.type === 'collection' && typeof value === 'object' && value !== null) {
			const options = new Set((property.options ?? []).map((option) => option.name));
			for (const key of Object.keys(value)) if (!options.has(key)) unknown.push(`${name}.${key}`);
		}
	}
	return unknown;
}

const strings = (value: unknown, path = ''): Array<{ path: string; text: string }> => {
	if (typeof value === 'string') return [{ path, text: value }];
	if (Array.isArray(value))
		return value.flatMap((entry, index) => strings(entry, `${path}[${index}]`));
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value).flatMap(([key, entry]) =>
			strings(entry, path ? `${path}.${key}` : key),
		);
	}
	return [];
};

/** Looks like a record id of HighLevel (20), OnlineCourseHost (20), Skilljar (14), or a UUID. */
const ID_LIKE =
	/^(?:[A-Za-z0-9]{20}|[a-z0-9]{14}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** A node's main outputs, the error output aside: a Switch has one per rule, plus its fallback. */
function mainOutputs(node: TemplateNode): number {
	const { nodeType, ours } = typeOf(node);
	if (ours) return (nodeType as INodeType).description.outputs.length;
	const type = node.type.slice(BASE.length + 1);
	if (type === 'switch') {
		const rules = (node.parameters.rules as { values?: unknown[] } | undefined)?.values ?? [];
		const options = node.parameters.options as { fallbackOutput?: unknown } | undefined;
		return rules.length + (options?.fallbackOutput === 'extra' ? 1 : 0);
	}
	return BASE_OUTPUTS[type];
}

const workflowNodes = (template: Template) =>
	template.workflow.nodes.filter((node) => node.type !== STICKY);
const stickies = (template: Template) =>
	template.workflow.nodes.filter((node) => node.type === STICKY);
const targetsOf = (template: Template, nodeName: string, output = 0) =>
	(template.workflow.connections[nodeName]?.main?.[output] ?? []).map(
		(connection) => connection.node,
	);

describe('template workflows (workflows/)', () => {
	test('the templates, numbered 01 to 13, each a JSON workflow with a name and v1 execution order', () => {
		expect(templates.map((template) => template.key)).toEqual([
			'01',
			'02',
			'03',
			'04',
			'05',
			'06',
			'07',
			'08',
			'09',
			'10',
			'11',
			'12',
			'13',
		]);
		for (const { file, workflow } of templates) {
			expect(file).toMatch(/^\d\d-[a-z0-9-]+\.json$/);
			expect(typeof workflow.name).toBe('string');
			expect(Array.isArray(workflow.nodes)).toBe(true);
			expect(typeof workflow.connections).toBe('object');
			expect(workflow.settings).toMatchObject({ executionOrder: 'v1' });
		}
	});

	describe.each(templates.map((template) => [template.file, template] as const))(
		'%s',
		(_file, template) => {
			const nodes = workflowNodes(template);

			test('node names and ids are unique', () => {
				const names = template.workflow.nodes.map((node) => node.name);
				expect(new Set(names).size).toBe(names.length);
				const ids = template.workflow.nodes.map((node) => node.id);
				expect(new Set(ids).size).toBe(ids.length);
			});

			test('every node type exists at its version, and every parameter is one the node shows', () => {
				for (const node of nodes) {
					const { nodeType } = typeOf(node);
					if (!nodeType) throw new Error(`${node.name}: no node type ${node.type}`);
					const description = descriptionAt(nodeType, node.typeVersion);
					if (!description)
						throw new Error(`${node.name}: ${node.type} has no version ${node.typeVersion}`);
					expect({ node: node.name, unknown: unknownParameters(description, node) }).toEqual({
						node: node.name,
						unknown: [],
					});
				}
			});

			test('every connection joins existing nodes on existing outputs, and every node is reached from a trigger', () => {
				const byName = new Map(nodes.map((node) => [node.name, node]));
				for (const [source, outputs] of Object.entries(template.workflow.connections)) {
					const node = byName.get(source);
					if (!node) throw new Error(`connection from unknown node ${source}`);
					expect(Object.keys(outputs)).toEqual(['main']);
					const count = mainOutputs(node) + (node.onError === 'continueErrorOutput' ? 1 : 0);
					expect({ source, outputs: outputs.main.length <= count }).toEqual({
						source,
						outputs: true,
					});
					for (const targets of outputs.main) {
						for (const target of targets) {
							if (!byName.has(target.node))
								throw new Error(`${source} connects to unknown node ${target.node}`);
							expect(TRIGGER_TYPES.has(byName.get(target.node)!.type)).toBe(false);
							// A Merge takes one input per branch; every other node has one input.
							const merge = byName.get(target.node)!.type === `${BASE}.merge`;
							expect(target).toMatchObject({ type: 'main', ...(merge ? {} : { index: 0 }) });
						}
					}
				}
				const reached = new Set<string>();
				const visit = (name: string) => {
					if (reached.has(name)) return;
					reached.add(name);
					for (const targets of template.workflow.connections[name]?.main ?? [])
						for (const target of targets) visit(target.node);
				};
				for (const trigger of nodes.filter((node) => TRIGGER_TYPES.has(node.type)))
					visit(trigger.name);
				expect(nodes.map((node) => node.name).filter((name) => !reached.has(name))).toEqual([]);
			});

			test('the settings are in one Set node, "Settings", right after every trigger', () => {
				const triggers = nodes.filter((node) => TRIGGER_TYPES.has(node.type));
				expect(triggers.length).toBeGreaterThan(0);
				for (const trigger of triggers) {
					expect(template.workflow.connections[trigger.name].main).toEqual([
						[{ node: 'Settings', type: 'main', index: 0 }],
					]);
				}
				const settings = nodes.filter((node) => node.name === 'Settings');
				expect(settings).toHaveLength(1);
				expect(settings[0]).toMatchObject({ type: `${BASE}.set`, typeVersion: 3.4 });
				const assignments = (
					settings[0].parameters.assignments as { assignments: Array<{ name: string }> }
				).assignments;
				expect(assignments.length).toBeGreaterThan(0);
			});

			test('sticky notes explain the set-up (every credential) and every setting', () => {
				const notes = stickies(template).map((node) => String(node.parameters.content));
				const setup = notes.find((content) => /### Set-up/.test(content));
				if (!setup) throw new Error('no sticky note with a "### Set-up" section');
				for (const node of nodes) {
					for (const type of Object.keys(node.credentials ?? {})) {
						expect(setup).toContain(credentialTypes.get(type)!.displayName);
					}
				}
				if (nodes.some((node) => node.parameters.appId !== undefined))
					expect(setup).toMatch(/\*\*App ID\*\*[^\n]*My Apps → your app/);
				const settingsNote = notes.find((content) => content.startsWith('## Settings'));
				if (!settingsNote) throw new Error('no sticky note "## Settings"');
				const settings = nodes.find((node) => node.name === 'Settings')!;
				for (const { name } of (
					settings.parameters.assignments as { assignments: Array<{ name: string }> }
				).assignments) {
					expect(settingsNote).toContain(`**${name}**`);
				}
			});

			test("holds no ids, secrets or webhook ids of anyone's account", () => {
				const workflow = template.workflow as Record<string, unknown>;
				expect(workflow.id).toBeUndefined();
				expect(workflow.versionId).toBeUndefined();
				expect((workflow.meta as Record<string, unknown> | undefined)?.instanceId).toBeUndefined();
				for (const node of nodes) {
					// n8n gives each imported webhook node a new webhook id; a fixed one would clash on a second import.
					expect({ node: node.name, webhookId: node.webhookId }).toEqual({
						node: node.name,
						webhookId: undefined,
					});
					for (const [type, reference] of Object.entries(node.credentials ?? {})) {
						expect(credentialTypes.has(type)).toBe(true);
						// A placeholder id; n8n links the credential of this type and name on import.
						expect(reference).toEqual({
							id: expect.stringMatching(/-placeholder$/),
							name: `${credentialTypes.get(type)!.displayName} account`,
						});
					}
					for (const { path, text } of strings(node.parameters)) {
						// Expressions and code compute values; `…id` keys are n8n's own ids of assignments and conditions.
						if (text.startsWith('=') || path === 'jsCode' || /(^|\.)id$/.test(path)) continue;
						expect({ node: node.name, path, idLike: ID_LIKE.test(text.trim()) }).toEqual({
							node: node.name,
							path,
							idLike: false,
						});
					}
					// Records (contact, learner, course, group) are picked by expression from the data, or
					// left for the user to pick from the list in their own account.
					for (const [name, value] of Object.entries(node.parameters)) {
						const locator = value as { __rl?: boolean; value?: unknown; mode?: unknown };
						if (locator?.__rl && !(locator.mode === 'list' && locator.value === ''))
							expect({ name, value: String(locator.value) }).toEqual({
								name,
								value: expect.stringMatching(/^=/),
							});
					}
					if (node.type === `${PACKAGE}.onlineCourseHostTrigger`)
						expect(node.parameters.secret).toBe('');
					if (node.type === `${PACKAGE}.ghlContactsTrigger`) {
						expect(node.parameters.options).toEqual({});
						// A placeholder activation refuses, until the user sets their app's id.
						if (node.parameters.source === 'marketplaceApp')
							expect(node.parameters.appId).toBe('YOUR_HIGHLEVEL_APP_ID');
					}
				}
				const settings = nodes.find((node) => node.name === 'Settings')!;
				for (const { name, value } of (
					settings.parameters.assignments as {
						assignments: Array<{ name: string; value: unknown }>;
					}
				).assignments) {
					if (/Id$/.test(name)) expect({ name, value }).toEqual({ name, value: '' });
				}
			});

			test('every node that writes continues on failure, with its error output connected', () => {
				for (const node of nodes.filter((candidate) => candidate.type.startsWith(`${PACKAGE}.`))) {
					if (!WRITE_OPERATIONS.has(String(node.parameters.operation))) continue;
					expect({ node: node.name, onError: node.onError }).toEqual({
						node: node.name,
						onError: expect.stringMatching(/^continue(ErrorOutput|RegularOutput)$/),
					});
					if (node.onError === 'continueErrorOutput')
						expect(targetsOf(template, node.name, 1).length).toBeGreaterThan(0);
				}
				// An error output that leads nowhere would swallow failures.
				for (const node of nodes.filter(
					(candidate) => candidate.onError === 'continueErrorOutput',
				)) {
					const outputs = mainOutputs(node);
					expect({
						node: node.name,
						errorBranch: targetsOf(template, node.name, outputs).length > 0,
					}).toEqual({
						node: node.name,
						errorBranch: true,
					});
				}
			});
		},
	);

	describe.each(templates.map((template) => [template.file, template] as const))(
		'%s on the canvas',
		(_file, template) => {
			test(
				'reads clearly: verb-first name, no overlapping nodes or notes, no node across a note\'s edge, no line through a node, every step note frames a node',
				() => {
					expect(canvasProblems(template)).toEqual([]);
				},
			);
		},
	);

	test('the README describes every template', () => {
		const readme = readFileSync(join(root, 'README.md'), 'utf8');
		const section = readme.slice(readme.indexOf('## Templates'));
		expect(readme).toContain('## Templates');
		for (const { file } of templates) expect(section).toContain(file);
	});
});

// --- the canvas, as n8n's editor draws it -------------------------------------------------------

/**
 * n8n's editor (2.41.1, editor-ui's workflows.store chunk: node size [96, 96], GRID_SIZE 16): a
 * node is 96 px wide and 96 px high, plus 32 px for each main input or output beyond two, whichever
 * side has more. The earlier check counted outputs only; a Merge's inputs make it as tall.
 */
const NODE_SIZE = 96;
/** A sticky note without a size is drawn at the Sticky Note node's defaults (n8n-nodes-base). */
const NOTE_SIZE = { width: 240, height: 160 };
/**
 * The canvas snaps to a 16 px grid (its Vue Flow has snap-to-grid on), and Vue Flow snaps every
 * node and note it draws, not only dragged ones: a note at x 540 is drawn at 544.
 */
const GRID = 16;
const snap = (value: number) => GRID * Math.round(value / GRID);

interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Main outputs as drawn: the node type's, plus the error output when it has one. */
function drawnOutputs(node: TemplateNode): number {
	return mainOutputs(node) + (node.onError === 'continueErrorOutput' ? 1 : 0);
}

/** Main inputs as drawn: a Merge has `numberInputs` (2 unless set), every other node one at most. */
function drawnInputs(node: TemplateNode): number {
	if (node.type !== `${BASE}.merge`) return 1;
	return Number(node.parameters.numberInputs) || 2;
}

function boxOf(node: TemplateNode): Box {
	const handles = Math.max(1, drawnInputs(node), drawnOutputs(node));
	return {
		x: snap(node.position[0]),
		y: snap(node.position[1]),
		width: NODE_SIZE,
		height: NODE_SIZE + Math.max(0, handles - 2) * 32,
	};
}

const noteBoxOf = (note: TemplateNode): Box => ({
	x: snap(note.position[0]),
	y: snap(note.position[1]),
	width: Number(note.parameters.width ?? NOTE_SIZE.width),
	height: Number(note.parameters.height ?? NOTE_SIZE.height),
});

/** A note's title as the problems name it: its first line. */
const noteTitle = (note: TemplateNode) =>
	String(note.parameters.content ?? '')
		.split('\n')[0]
		.replace(/^#+\s*/, '')
		.trim();

const overlap = (a: Box, b: Box) =>
	a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const inside = (inner: Box, outer: Box) =>
	inner.x >= outer.x &&
	inner.y >= outer.y &&
	inner.x + inner.width <= outer.x + outer.width &&
	inner.y + inner.height <= outer.y + outer.height;

/** Whether the segment from `from` to `to` passes through the inside of `box` (Liang–Barsky). */
function crosses(from: [number, number], to: [number, number], box: Box): boolean {
	const [dx, dy] = [to[0] - from[0], to[1] - from[1]];
	let [enter, leave] = [0, 1];
	const clip = (p: number, q: number) => {
		if (p === 0) return q > 0;
		const t = q / p;
		if (p < 0) enter = Math.max(enter, t);
		else leave = Math.min(leave, t);
		return enter < leave;
	};
	return (
		clip(-dx, from[0] - box.x) &&
		clip(dx, box.x + box.width - from[0]) &&
		clip(-dy, from[1] - box.y) &&
		clip(dy, box.y + box.height - from[1])
	);
}

/**
 * What a template author would object to on the canvas: a name that does not start with a verb,
 * nodes on top of each other, a connection (drawn straight from the source's output slot on its
 * right edge to the target's left edge) that passes through a third node, so that a failure line
 * seems to lead to a "Skip" node, sticky notes on top of each other, a node half on a note (n8n's
 * editor test, test/browser/editor.ts, fails on both), and a "## Step N" note that frames no node.
 */
function canvasProblems(template: Template): string[] {
	const problems: string[] = [];
	const firstWord = template.workflow.name.split(/\s+/)[0];
	if (!NAME_VERBS.has(firstWord))
		problems.push(`name "${template.workflow.name}" does not start with a verb`);

	const nodes = workflowNodes(template);
	const boxes = new Map(nodes.map((node) => [node.name, boxOf(node)]));
	for (const [index, a] of nodes.entries()) {
		for (const b of nodes.slice(index + 1))
			if (overlap(boxes.get(a.name)!, boxes.get(b.name)!))
				problems.push(`"${a.name}" and "${b.name}" overlap`);
	}

	for (const [source, { main }] of Object.entries(template.workflow.connections)) {
		const from = boxes.get(source);
		if (!from) continue;
		main.forEach((targets, output) => {
			const start: [number, number] = [
				from.x + from.width,
				from.y + (from.height * (output + 1)) / (main.length + 1),
			];
			for (const { node: target } of targets) {
				const to = boxes.get(target);
				if (!to) continue;
				const end: [number, number] = [to.x, to.y + to.height / 2];
				for (const other of nodes) {
					if (other.name === source || other.name === target) continue;
					if (crosses(start, end, boxes.get(other.name)!))
						problems.push(
							`the line from "${source}" (output ${output + 1}) to "${target}" passes through "${other.name}"`,
						);
				}
			}
		});
	}

	const notes = stickies(template);
	for (const [index, a] of notes.entries()) {
		for (const b of notes.slice(index + 1))
			if (overlap(noteBoxOf(a), noteBoxOf(b)))
				problems.push(`the notes "${noteTitle(a)}" and "${noteTitle(b)}" overlap`);
	}
	// A node half on a note reads as belonging to it and to its neighbour both. A grid step to spare
	// inside the note: the browser test measures drawn pixels, and a node flush with the edge failed it.
	for (const node of nodes) {
		const box = boxes.get(node.name)!;
		for (const note of notes) {
			const frame = noteBoxOf(note);
			const within: Box = {
				x: frame.x + GRID,
				y: frame.y + GRID,
				width: frame.width - 2 * GRID,
				height: frame.height - 2 * GRID,
			};
			if (overlap(box, frame) && !inside(box, within))
				problems.push(`"${node.name}" is not well inside the note "${noteTitle(note)}"`);
		}
	}

	for (const note of notes) {
		const title = /^## (Step \d+[^\n]*)/.exec(String(note.parameters.content ?? ''))?.[1];
		if (!title) continue;
		if (!nodes.some((node) => inside(boxes.get(node.name)!, noteBoxOf(note))))
			problems.push(`the note "${title.trim()}" frames no node`);
	}
	return problems;
}
