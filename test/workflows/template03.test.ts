// Template 03 (GHL contact tags → Skilljar groups): a failed lookup is told apart from a skip at a
// glance, and Settings holds choices only.
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

	test("Find Learner's failures go to a Failed node on the failure row, below the skips", () => {
		const failures = nodes.filter((candidate) => candidate.name.startsWith('Failed: '));
		const skips = nodes.filter((candidate) => candidate.name.startsWith('Skip: '));
		expect(targets('Find Learner', 1)).toEqual(['Failed: Find Learner']);
		expect(targets('Sync Tags to Groups', 1)).toEqual(['Failed: Sync Tags']);
		const lowestSkip = Math.max(...skips.map((skip) => skip.position[1]));
		for (const failure of failures) expect(failure.position[1]).toBeGreaterThan(lowestSkip + 100);
		// Each failure lies to the right of the node it comes from, so its line runs forward.
		expect(node('Failed: Find Learner').position[0]).toBeGreaterThan(
			node('Find Learner').position[0],
		);
	});

	test('Settings holds choices only; the contact is read from the trigger', () => {
		const assignments = (
			node('Settings').parameters.assignments as { assignments: Array<{ name: string }> }
		).assignments;
		expect(assignments.map((assignment) => assignment.name)).toEqual([
			'groupPrefix',
			'createMissingGroups',
		]);
		expect(JSON.stringify(nodes.map((candidate) => candidate.parameters))).not.toMatch(
			/\$\('Settings'\)\.item\.json\.(email|tags|id)\b/,
		);
		expect(node('Find Learner').parameters.email).toBe(`={{ $('${TRIGGER}').item.json.email }}`);
		expect(node('Sync Tags to Groups').parameters.tags).toBe(
			`={{ $('${TRIGGER}').item.json.tags }}`,
		);
	});
});
