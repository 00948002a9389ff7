// Template-specific checks of 04, 05 and 06 (the GHL ↔ OnlineCourseHost recipes), read from the
// JSON, and the rules they share with 10 and 11; what they do against the services is in
// test/e2e/templates.e2e.test.ts (10 and 11 also in template10/11.test.ts).
import { loadTemplates, type Template, type TemplateNode } from '../harness/templates';

const PACKAGE = 'n8n-nodes-ghl-lms';
const templates = Object.fromEntries(loadTemplates().map((template) => [template.key, template]));
const byName = (template: Template, name: string) =>
	template.workflow.nodes.find((node) => node.name === name);
const ofType = (template: Template, type: string) =>
	template.workflow.nodes.filter((node) => node.type === type);
const targets = (template: Template, source: string, output: number) =>
	(template.workflow.connections[source]?.main?.[output] ?? []).map((target) => target.node);
/** Every expression of a node, as one text. */
const expressions = (node: TemplateNode) =>
	JSON.stringify(node.parameters)
		.split('"')
		.filter((text) => text.startsWith('='))
		.join('\n');

describe.each(['04', '05', '06', '10', '11'])('template %s', (key) => {
	const template = templates[key];

	test('has no Code node', () => {
		expect(ofType(template, 'n8n-nodes-base.code').map((node) => node.name)).toEqual([]);
	});

	test('every node of ours, reads included, sends its failures to a "Failed: …" node', () => {
		for (const node of template.workflow.nodes.filter(
			(candidate) => candidate.type.startsWith(`${PACKAGE}.`) && !/Trigger$/.test(candidate.type),
		)) {
			expect({ node: node.name, onError: node.onError }).toEqual({
				node: node.name,
				onError: 'continueErrorOutput',
			});
			const errorTargets = targets(template, node.name, 1);
			expect({ node: node.name, errorTargets }).toEqual({
				node: node.name,
				errorTargets: [expect.stringMatching(/^Failed: /)],
			});
		}
	});

	test('the "Failed: …" nodes lie on a row of their own, below every node on the way to them', () => {
		const nodes = template.workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
		const failed = nodes.filter((node) => node.name.startsWith('Failed: '));
		// What they feed (Keep for Retry, the run report) lies beyond them.
		const after = new Set<string>();
		const follow = (name: string) => {
			for (const output of template.workflow.connections[name]?.main ?? [])
				for (const { node } of output ?? [])
					if (!after.has(node)) after.add(node) && follow(node);
		};
		failed.forEach((node) => follow(node.name));
		const lowestOther = Math.max(
			...nodes
				.filter((node) => !failed.includes(node) && !after.has(node.name))
				.map((node) => node.position[1]),
		);
		expect(failed.length).toBeGreaterThan(0);
		for (const node of failed)
			expect({ node: node.name, below: node.position[1] > lowestOther + 100 }).toEqual({
				node: node.name,
				below: true,
			});
	});

	// The event passes through Settings ("include other fields"), so a replay through When Retried
	// (issue #17) reads it the same way; Settings itself sets only choices.
	test('Settings holds choices only and passes the event through', () => {
		const settings = byName(template, 'Settings')!;
		// No choice is computed from the event.
		expect(expressions(settings)).toBe('');
		if (byName(template, 'When Retried'))
			expect(settings.parameters.includeOtherFields).toBe(true);
	});
});

describe('04 enrolls by course tag', () => {
	const template = templates['04'];

	test('starts on Contact Created and on Contact Tags Changed (tags added later), not on every update', () => {
		const [trigger] = ofType(template, `${PACKAGE}.ghlTrigger`);
		expect(trigger.parameters.events).toEqual(['ContactCreate', 'ContactTagUpdate']);
	});

	test('a contact without email goes to "Skip: No Email"', () => {
		const check = targets(template, 'Get Contact', 0)[0];
		expect(byName(template, check)).toMatchObject({ type: 'n8n-nodes-base.if' });
		expect(JSON.stringify(byName(template, check)!.parameters)).toContain('$json.email');
		expect(targets(template, check, 1)).toEqual(['Skip: No Email']);
	});

	test('enrolls the course By Title (OCH ids are mixed-case; HighLevel lower-cases tags)', () => {
		const [enroll] = ofType(template, `${PACKAGE}.onlineCourseHost`).filter(
			(node) => node.parameters.operation === 'enroll',
		);
		expect(enroll.parameters.courseId).toMatchObject({ __rl: true, mode: 'title' });
		expect(ofType(template, `${PACKAGE}.onlineCourseHost`)).toHaveLength(1);
	});
});

describe('05 keeps names fixed in GHL', () => {
	const template = templates['05'];

	test('Settings has overwriteNames, off by default', () => {
		const { assignments } = byName(template, 'Settings')!.parameters.assignments as {
			assignments: Array<{ name: string; value: unknown }>;
		};
		expect(assignments.find((assignment) => assignment.name === 'overwriteNames')?.value).toBe(
			false,
		);
	});

	test('"Name Changed?" and "Tag Missing?" are plain conditions ignoring case', () => {
		const operations = (name: string) => {
			const { conditions } = byName(template, name)!.parameters.conditions as {
				conditions: Array<{ operator: { type: string; operation: string } }>;
			};
			return conditions.map(({ operator }) => `${operator.type} ${operator.operation}`);
		};
		expect(operations('Name Changed?')).toEqual(['string notEquals', 'string notEquals']);
		expect(operations('Tag Missing?')).toEqual(['array notContains']);
		for (const name of ['Name Changed?', 'Tag Missing?'])
			expect(byName(template, name)!.parameters.options).toEqual({ ignoreCase: true });
	});
});

describe('06 tags and notes without duplicates', () => {
	const template = templates['06'];

	test('a contact it creates gets the name the event carries', () => {
		const creates = ofType(template, `${PACKAGE}.ghlContacts`).filter(
			(node) => node.parameters.operation === 'upsert',
		);
		expect(creates).toHaveLength(1);
		expect(creates[0].parameters.contactFields).toMatchObject({
			firstName: expect.stringContaining('.firstName'),
			lastName: expect.stringContaining('.lastName'),
		});
	});

	test('the note is added Only If Missing, by the text before the date', () => {
		const [note] = ofType(template, `${PACKAGE}.ghlContacts`).filter(
			(node) => node.parameters.resource === 'note',
		);
		expect(note.parameters).toMatchObject({
			operation: 'create',
			onlyIfMissing: 'sameTextBeforeDate',
		});
	});
});

describe.each(['05', '06'])('%s recovers failed events (issue #17)', (key) => {
	const template = templates[key];

	test('template 12 replays through When Retried into Settings, and no node reads the trigger, which does not run then', () => {
		expect(targets(template, 'When Retried', 0)).toEqual(['Settings']);
		const triggers = ofType(template, `${PACKAGE}.onlineCourseHostTrigger`).map(
			(node) => node.name,
		);
		const reads = template.workflow.nodes.filter((node) =>
			triggers.some((trigger) => expressions(node).includes(`$('${trigger}')`)),
		);
		expect(reads.map((node) => node.name)).toEqual([]);
	});

	test('only Merge nodes have several incoming connections: any other node would run once per branch, and the report twice', () => {
		// A run starts at one trigger or at When Retried, so Settings has one source per run.
		const starts = (name: string) => /Trigger$/.test(byName(template, name)!.type);
		const incoming = new Map<string, number>();
		for (const [source, outputs] of Object.entries(template.workflow.connections))
			for (const connection of starts(source) ? [] : outputs.main.flat())
				incoming.set(connection.node, (incoming.get(connection.node) ?? 0) + 1);
		const joins = [...incoming].filter(([, count]) => count > 1).map(([name]) => name);
		expect(joins.filter((name) => byName(template, name)!.type !== 'n8n-nodes-base.merge')).toEqual(
			[],
		);
	});

	test('every "Failed: …" node goes to Keep for Retry through Any Failure; the old No-Ops are gone', () => {
		const failed = template.workflow.nodes.filter((node) => node.name.startsWith('Failed: '));
		for (const node of failed) {
			expect(node.type).toBe('n8n-nodes-base.set');
			expect(targets(template, node.name, 0)).toEqual(['Any Failure']);
		}
		expect(targets(template, 'Any Failure', 0)).toEqual(['Keep for Retry']);
		expect(ofType(template, 'n8n-nodes-base.noOp')).toEqual([]);
	});
});
