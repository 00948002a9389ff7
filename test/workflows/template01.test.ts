// Template 01 (GHL contact → Skilljar learner), read as its user would: the core recipe (learner and
// enrollment) does not wait for the optional steps, an unenrolled learner stays unenrolled, the
// learner is found by the CRM Contact ID before the email, failures are kept for template 12, and
// the canvas says what it does.
import { loadTemplates, type Template, type TemplateNode } from '../harness/templates';

const PACKAGE = 'n8n-nodes-ghl-lms';
const TRIGGER = 'GHL Contact Created or Updated';
const template = loadTemplates().find((candidate) => candidate.key === '01')!;
const nodes = template.workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
const notes = template.workflow.nodes
	.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
	.map((node) => String(node.parameters.content));
const node = (name: string) => {
	const found = nodes.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`template 01 has no node "${name}"`);
	return found;
};
const skilljar = (resource: string, operation: string): TemplateNode => {
	const found = nodes.filter(
		(candidate) =>
			candidate.type === `${PACKAGE}.skilljar` &&
			candidate.parameters.resource === resource &&
			candidate.parameters.operation === operation,
	);
	expect(found).toHaveLength(1);
	return found[0];
};
const targets = (t: Template, name: string, output: number) =>
	(t.workflow.connections[name]?.main?.[output] ?? []).map((connection) => connection.node);

/** Every node on some main-output path from the trigger to `goal` (error outputs excluded). */
function nodesBefore(goal: string): Set<string> {
	const before = new Set<string>();
	const walk = (name: string, path: string[]) => {
		if (name === goal) {
			for (const step of path) before.add(step);
			return;
		}
		if (path.includes(name)) return;
		const source = node(name);
		const ours = source.type.startsWith(`${PACKAGE}.`);
		const outputs = template.workflow.connections[name]?.main ?? [];
		outputs.forEach((connections, index) => {
			// Our nodes' last output is the error output when they continue on failure.
			if (
				ours &&
				source.onError === 'continueErrorOutput' &&
				index === outputs.length - 1 &&
				index > 0
			)
				return;
			for (const { node: next } of connections) walk(next, [...path, name]);
		});
	};
	walk(TRIGGER, []);
	return before;
}

describe('template 01: GHL contact → Skilljar learner', () => {
	test('its name says what it does, verb first', () => {
		expect(template.workflow.name).toBe(
			'Turn GHL contacts into Skilljar learners enrolled in your course',
		);
	});

	test('the enrollment does not wait for the profile fields or the groups', () => {
		const learner = skilljar('learner', 'upsert');
		const enroll = skilljar('enrollment', 'enroll');
		const profile = skilljar('profileField', 'setValues');
		const groups = skilljar('group', 'syncTags');
		expect([...nodesBefore(enroll.name)]).toEqual(
			expect.not.arrayContaining([profile.name, groups.name]),
		);
		expect(nodesBefore(enroll.name).has(learner.name)).toBe(true);
		// The extras hang off the learner on their own branches.
		expect(targets(template, learner.name, 0).sort()).toEqual(
			[enroll.name, profile.name, groups.name].sort(),
		);
	});

	test('each step that can fail has its own "Failed: …" node', () => {
		const writers = nodes.filter((candidate) => candidate.type === `${PACKAGE}.skilljar`);
		const failures = writers.map((writer) => {
			expect({ node: writer.name, onError: writer.onError }).toEqual({
				node: writer.name,
				onError: 'continueErrorOutput',
			});
			const [target, ...others] = targets(template, writer.name, 1);
			expect(others).toEqual([]);
			expect(target).toMatch(/^Failed: /);
			return target;
		});
		expect(new Set(failures).size).toBe(writers.length);
	});

	test('an unenrolled learner is not enrolled again, and the course is picked from the list', () => {
		const enroll = skilljar('enrollment', 'enroll');
		expect(enroll.parameters.options).toMatchObject({ skipIfUnenrolled: true });
		expect(enroll.parameters.publishedCourseId).toBe('');
		expect(notes.join('\n')).toMatch(/pick your course/i);
	});

	test('the learner is found by its CRM Contact ID first, then by email', () => {
		const learner = skilljar('learner', 'upsert');
		expect(learner.parameters.options).toEqual({
			matchByProfileField: {
				match: {
					field: "={{ $('Settings').item.json.contactIdField }}",
					value: "={{ $('Settings').item.json.id }}",
				},
			},
		});
		expect(learner.parameters.email).toBe("={{ $('Settings').item.json.email }}");
	});

	test('Settings holds choices only; the contact passes through it, so a replay reads it the same way', () => {
		const settings = node('Settings');
		const names = (
			settings.parameters.assignments as { assignments: Array<{ name: string }> }
		).assignments.map((assignment) => assignment.name);
		expect(names).toEqual(['groupPrefix', 'createMissingGroups', 'phoneField', 'contactIdField']);
		expect(settings.parameters.includeOtherFields).toBe(true);
		// Template 12 starts the workflow at When Retried, where the trigger has not run: nothing
		// may read the trigger's item.
		const text = JSON.stringify(nodes.map((candidate) => candidate.parameters));
		expect(text).not.toContain(`$('${TRIGGER}')`);
		expect(targets(template, 'When Retried', 0)).toEqual(['Settings']);
	});

	test('an empty phone is left out, not written over the stored one, and the notes say so', () => {
		const profile = skilljar('profileField', 'setValues');
		const values = (profile.parameters.values as { value: Array<{ field: string; value: string }> })
			.value;
		expect(values).toEqual([
			{
				field: "={{ $('Settings').item.json.phoneField }}",
				value: "={{ $('Settings').item.json.phone }}",
			},
			{
				field: "={{ $('Settings').item.json.contactIdField }}",
				value: "={{ $('Settings').item.json.id }}",
			},
		]);
		expect(notes.join('\n')).toMatch(/empty phone[^\n]*keeps[^\n]*skipped_empty/i);
	});

	test('the notes say that contacts created by templates 05 and 06 arrive here too, and how to leave them out', () => {
		const text = notes.join('\n');
		expect(text).toMatch(/05 and 06/);
		expect(text).toMatch(/source[^\n]*OnlineCourseHost/);
	});

	test('every failed step reaches Keep for Retry through one Merge, so a contact is recorded in one run', () => {
		const failed = nodes.filter((candidate) => candidate.name.startsWith('Failed: '));
		expect(failed).toHaveLength(4);
		for (const failure of failed) {
			expect(failure.parameters.assignments).toEqual({
				assignments: [expect.objectContaining({ name: 'step', value: '={{ $prevNode.name }}' })],
			});
			expect(targets(template, failure.name, 0)).toEqual(['Any Failure']);
		}
		expect(node('Any Failure').parameters).toEqual({ numberInputs: 4 });
		expect(targets(template, 'Any Failure', 0)).toEqual(['Keep for Retry']);
		// The failure row lies below the steps, the outcomes and the report on the row below it.
		const steps = nodes.filter((candidate) => candidate.type.startsWith(`${PACKAGE}.`));
		const lowestStep = Math.max(...steps.map((candidate) => candidate.position[1]));
		for (const failure of failed) expect(failure.position[1]).toBeGreaterThan(lowestStep + 100);
	});

	test('Drop Older Retry runs before the steps: it is above them, and n8n runs the upper branch first', () => {
		const branches = targets(template, 'Settings', 0);
		expect(branches.sort()).toEqual(['Drop Older Retry', 'Has Email?']);
		expect(node('Drop Older Retry').position[1]).toBeLessThan(node('Has Email?').position[1]);
	});
});
