// Template 02 (the daily notes and tasks batch), read as its JSON: what it selects, that no Code
// node or remembered date decides it, and that every contact ends in a write, a skip or a failure.
import { loadTemplates, type TemplateNode } from '../harness/templates';

const PACKAGE = 'n8n-nodes-ghl-lms';
const template = loadTemplates().find((candidate) => candidate.key === '02')!;
const { workflow } = template;
const nodes = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
const node = (name: string): TemplateNode => {
	const found = nodes.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`template 02 has no node "${name}"`);
	return found;
};
const targets = (name: string, output: number) =>
	(workflow.connections[name]?.main[output] ?? []).map((target) => target.node);
const json = (value: unknown) => JSON.stringify(value);

describe('template 02: GHL notes and tasks → Skilljar profile fields, daily', () => {
	test('its name says what it does, verb first', () => {
		expect(workflow.name).toBe('Sync GHL notes and tasks to Skilljar profile fields every day');
	});

	test('no Code node, and nothing remembered between runs: no static data, no date window', () => {
		expect(nodes.filter((candidate) => candidate.type === 'n8n-nodes-base.code')).toEqual([]);
		expect(json(workflow)).not.toMatch(/getWorkflowStaticData|lastRunAt/);
		// Adding a note or a task need not change a contact's dateUpdated: no selection by it.
		expect(json(workflow)).not.toMatch(/dateUpdated|dateAdded/);
	});

	test('it selects every contact with an email, or those with the tag in Settings', () => {
		const settings = (
			node('Settings').parameters.assignments as {
				assignments: Array<{ name: string; value: unknown }>;
			}
		).assignments;
		expect(settings.map(({ name }) => name)).toEqual([
			'tag',
			'notesField',
			'tasksField',
			'maxFieldLength',
		]);
		expect(settings.find(({ name }) => name === 'tag')?.value).toBe('');
		const searches = nodes.filter(
			(candidate) =>
				candidate.type === `${PACKAGE}.ghlContacts` && candidate.parameters.operation === 'search',
		);
		expect(searches.map((search) => search.name).sort()).toEqual([
			'Contacts With Email',
			'Contacts With Tag',
		]);
		for (const search of searches) {
			expect(search.parameters.returnAll).toBe(true);
			expect(json(search.parameters.filterGroups)).toContain(
				'{"field":"email","operator":"exists"}',
			);
		}
		expect(json(node('Contacts With Tag').parameters.filterGroups)).toContain(
			`{"field":"tags","operator":"eq","value":"={{ $('Settings').first().json.tag }}"}`,
		);
	});

	test('notes and tasks are read one item per contact, and only changed values are written', () => {
		for (const name of ['Get Notes', 'Get Tasks']) {
			expect(node(name).parameters).toMatchObject({
				operation: 'getMany',
				returnAll: true,
				output: 'perContact',
				summaryMaxLength: "={{ $('Settings').first().json.maxFieldLength }}",
			});
		}
		expect(targets('Get Notes', 0)).toEqual(['Get Tasks']);
		expect(targets('Get Tasks', 0)).toEqual(['Write Profile Fields']);
		const write = node('Write Profile Fields');
		expect(write.parameters).toMatchObject({
			operation: 'setValues',
			options: { onlyChanged: true },
		});
		expect(json(write.parameters.values)).toContain('$json.notesSummary');
		expect(json(write.parameters.values)).toContain('$json.tasksSummary');
	});

	test('no output feeds two branches, so the order n8n runs branches in (canvas position) changes nothing', () => {
		for (const [source, outputs] of Object.entries(workflow.connections)) {
			for (const branch of outputs.main)
				expect({ source, targets: branch.length <= 1 }).toEqual({ source, targets: true });
		}
	});

	test('every contact ends in a write, a "Skip: …" or a "Failed: …" node: every read and write has its error output', () => {
		for (const name of ['Find Learners', 'Get Notes', 'Get Tasks', 'Write Profile Fields']) {
			expect({ name, onError: node(name).onError }).toEqual({
				name,
				onError: 'continueErrorOutput',
			});
			const failed = targets(name, 1);
			expect(failed).toHaveLength(1);
			expect(failed[0]).toMatch(/^Failed: /);
		}
		expect(targets('Is a Learner?', 1)).toEqual(['Skip: Not a Learner']);
	});
});
