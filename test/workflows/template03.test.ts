// Template 03 (GHL contact tags → Skilljar groups): failures are kept for template 12 apart from the
// skips, and Settings holds choices only.
import { loadTemplates } from '../harness/templates';

const TRIGGER = 'GHL Contact Tags Changed';
const template = loadTemplates().find((candidate) => candidate.key === '03')!;
const nodes = template.workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
const node = (name: string) => nodes.find((candidate) => candidate.name === name)!;
const targets = (name: string, output: number) =>
	(template.workflow.connections[name]?.main?.[output] ?? []).map((connection) => connection.node);

describe('template 03: GHL contact tags → Skilljar groups', () => {
	test('its name says what it does, verb first', () => {
		expect(template.workflow.name).toBe('Sync GHL contact tags to Skilljar groups');
	});

	test('each failure names its step and reaches Keep for Retry through one Merge, on the failure row', () => {
		expect(targets('Find Learner', 1)).toEqual(['Failed: Find Learner']);
		expect(targets('Sync Tags to Groups', 1)).toEqual(['Failed: Sync Tags']);
		const failures = nodes.filter((candidate) => candidate.name.startsWith('Failed: '));
		for (const failure of failures) {
			expect(failure.parameters.assignments).toEqual({
				assignments: [expect.objectContaining({ name: 'step', value: '={{ $prevNode.name }}' })],
			});
			expect(targets(failure.name, 0)).toEqual(['Any Failure']);
			// Below the main path, to the right of the node it comes from, so its line runs forward.
			expect(failure.position[1]).toBeGreaterThan(node('Find Learner').position[1] + 100);
		}
		expect(node('Failed: Find Learner').position[0]).toBeGreaterThan(
			node('Find Learner').position[0],
		);
		expect(targets('Any Failure', 0)).toEqual(['Keep for Retry']);
	});

	test('Settings holds choices only; the contact passes through it, so a replay reads it the same way', () => {
		const assignments = (
			node('Settings').parameters.assignments as { assignments: Array<{ name: string }> }
		).assignments;
		expect(assignments.map((assignment) => assignment.name)).toEqual([
			'groupPrefix',
			'createMissingGroups',
		]);
		// Template 12 starts the workflow at When Retried, where the trigger has not run.
		expect(JSON.stringify(nodes.map((candidate) => candidate.parameters))).not.toContain(
			`$('${TRIGGER}')`,
		);
		expect(targets('When Retried', 0)).toEqual(['Settings']);
		expect(node('Find Learner').parameters.email).toBe("={{ $('Settings').item.json.email }}");
		expect(node('Sync Tags to Groups').parameters.tags).toBe("={{ $('Settings').item.json.tags }}");
	});
});
