// `npm run bench`: this package's GHL Contacts node against n8n's HighLevel and HTTP Request
// nodes, through n8n's execution engine, against the GHL sandbox with GHL's rate limit.
import './env';

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

import { parseArgs, type BenchConfig } from './config';
import { CONTESTANTS, type ContestantId } from './contestants';
import { measure, type RunFigures } from './measure';
import { interceptGhlHost, loadPeers } from './peers';
import { registerReferenceNode } from './referenceNode';
import { markdownTable, requestRateSvg, summarize, textTable } from './report';
import { SandboxProcess } from './sandbox';

/** Everything a report is made from; saved as JSON, and read back by --from. */
interface BenchData {
	date: string;
	revision: string;
	machine: string;
	n8nNodesBase?: string;
	unhandledRejections: number;
	config: BenchConfig;
	runs: RunFigures[];
}

function log(line: string): void {
	process.stderr.write(`${line}\n`);
}

/** Repeat r starts with the r-th contestant, so no one always runs first (or last). */
function rotate<T>(list: T[], by: number): T[] {
	const shift = by % list.length;
	return [...list.slice(shift), ...list.slice(0, shift)];
}

/** The commit measured, and whether the node code differed from it. */
function revision(): string {
	try {
		const git = (args: string[]) =>
			execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		const dirty = git(['status', '--porcelain', '--', 'nodes', 'credentials']) !== '';
		return `${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ' + uncommitted node changes' : ''}`;
	} catch {
		return 'unknown revision';
	}
}

function machine(): string {
	return `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
}

// n8n's routing node (the official HighLevel node) and HTTP Request node attach their handler to
// a batch's requests only after the last batch was sent, so a request that fails meanwhile is an
// unhandled rejection for a moment. n8n's own process survives these (its uncaughtException
// handler reports them); so does the benchmark, which counts them.
let unhandledRejections = 0;
process.on('unhandledRejection', () => {
	unhandledRejections++;
});
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
	if (warning instanceof Error && warning.name === 'PromiseRejectionHandledWarning') return;
	emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

async function measureAll(config: BenchConfig): Promise<BenchData> {
	let peers: ReturnType<typeof loadPeers> | undefined;
	if (config.peers) {
		const modules = process.env.GHL_LMS_N8N_MODULES;
		if (!modules) throw new Error('GHL_LMS_N8N_MODULES is not set: run `npm run bench` (or pass --no-peers)');
		peers = loadPeers(modules);
	}
	registerReferenceNode();
	const pointAt = interceptGhlHost();
	const httpRequestVersion = peers?.httpRequestVersion ?? 4;
	const outDir = resolve(config.outDir);
	if (config.profile) mkdirSync(join(outDir, 'profiles'), { recursive: true });
	log(
		`bench: ${config.quick ? 'quick, ' : ''}${config.repeats} repeat(s), ${machine()}${peers ? `, n8n-nodes-base ${peers.nodesBaseVersion}` : ''}`,
	);

	const sandbox = new SandboxProcess();
	try {
		// Warm-up: load and JIT every contestant's code path once before anything is measured.
		for (const contestant of new Set<ContestantId>(config.scenarios.flatMap((plan) => plan.contestants))) {
			// Batched peers send 10 per second whatever the size: keep theirs short.
			const size = CONTESTANTS[contestant].label.includes('batching') ? 20 : 300;
			await measure(
				sandbox,
				{
					scenario: contestant === 'highLevelPlusHttp' ? 'daily' : contestant === 'oursBulk' ? 'writes' : 'overhead',
					contestant,
					size,
					latencyMs: 0,
					seed: { notes: 1, tasks: 1 },
					repeat: -1,
					httpRequestVersion,
					keepLog: false,
				},
				pointAt,
			);
		}

		const runs: RunFigures[] = [];
		for (const plan of config.scenarios) {
			log(`\n${plan.title}`);
			for (let repeat = 0; repeat < config.repeats; repeat++) {
				for (const contestant of rotate(plan.contestants, repeat)) {
					const figures = await measure(
						sandbox,
						{
							scenario: plan.id,
							contestant,
							size: plan.size,
							latencyMs: plan.latencyMs,
							rateLimit: plan.rateLimit,
							seed: plan.seed,
							repeat,
							httpRequestVersion,
							keepLog: plan.id === 'sustained',
							profileTo: config.profile
								? join(outDir, 'profiles', `${plan.id}-${contestant}-${repeat + 1}.cpuprofile`)
								: undefined,
						},
						pointAt,
					);
					runs.push(figures);
					log(
						`  #${repeat + 1} ${CONTESTANTS[contestant].label.padEnd(60)} ${(figures.wallMs / 1000).toFixed(1).padStart(6)} s  ${String(figures.requests).padStart(6)} req  ${String(figures.sandbox429).padStart(5)} × 429  ${String(figures.failedItems).padStart(5)} failed  ${(figures.cpuMs / figures.units).toFixed(3)} CPU ms/item`,
					);
				}
			}
		}
		return {
			date: new Date().toISOString().slice(0, 10),
			revision: revision(),
			machine: machine(),
			n8nNodesBase: peers?.nodesBaseVersion,
			unhandledRejections,
			config,
			runs,
		};
	} finally {
		await sandbox.exit();
	}
}

function render(data: BenchData, outDir: string): void {
	const { config, runs } = data;
	const rows = summarize(config, runs);
	const header = `GHL benchmark, ${data.date}, ${data.revision ?? 'unknown revision'}: ${data.machine}${data.n8nNodesBase ? `, n8n-nodes-base ${data.n8nNodesBase}` : ''}; sandbox latency ${config.latencyMs} ms (writes 300 ms), limit ${config.rateLimit.max} per ${config.rateLimit.intervalMs / 1000} s; median of ${config.repeats}${config.quick ? ' (quick mode: small sizes)' : ''}`;
	process.stdout.write(`\n${header}\n${textTable(config, rows)}\n`);
	if (data.unhandledRejections > 0) {
		log(`\n${data.unhandledRejections} failed requests of n8n's nodes were unhandled promise rejections for a while (n8n survives them too)`);
	}

	mkdirSync(outDir, { recursive: true });
	const stamp = config.quick ? 'quick' : 'full';
	const markdown = [
		`# GHL benchmark (${stamp})`,
		'',
		header,
		'',
		markdownTable(config, rows),
		'',
		'- **ours ×**: the other node’s wall time ÷ ours in the same repeat (overhead: its CPU per item ÷ ours), median over the repeats; above 1 ours is better; — where the other node failed items.',
		'- **req/s** and **of limit**: requests the API received ÷ wall time, and that ÷ the limit per second. A run can use more than 100 % of the average: the first window’s budget is spent at once.',
		'- **429s at API**: 429s the sandbox answered, also those a node absorbed; **failed items**: items that ended as errors (Continue On Fail on, so they can be counted).',
		'- **CPU ms/item** (overhead scenario): CPU time of the benchmark process (n8n, the node, its HTTP client; the API runs in its own process) while the node ran, per item. The reference is a minimal node that only resolves the contact id and calls n8n’s request helper: what any node pays per request. The other scenarios mostly wait for the rate limit; their CPU per item (in the JSON) is dominated by that waiting and is not compared.',
		'- Every node uses an OAuth2 credential through n8n’s own auth path; requests for services.leadconnectorhq.com are sent to the sandbox by an axios interceptor in the benchmark process.',
		'- Batching 10 / 1 s: the nodes’ own Batching option (10 items per batch, 1,000 ms between batches), GHL’s limit spread evenly.',
		'',
	].join('\n');
	writeFileSync(join(outDir, `bench-${stamp}.md`), markdown);
	writeFileSync(join(outDir, `bench-${stamp}.json`), `${JSON.stringify({ ...data, rows }, null, 2)}\n`);

	const sustained = config.scenarios.find((plan) => plan.id === 'sustained');
	let chart = '';
	if (sustained) {
		// The chart shows the repeat whose wall time for this package is the median one, all sides.
		const ours = runs.filter((run) => run.scenario === 'sustained' && run.contestant === 'ours');
		const sorted = [...ours].sort((a, b) => a.wallMs - b.wallMs);
		const repeat = sorted[Math.floor((sorted.length - 1) / 2)]?.repeat;
		const shown = runs
			.filter((run) => run.scenario === 'sustained' && run.repeat === repeat)
			.sort((a, b) => sustained.contestants.indexOf(a.contestant) - sustained.contestants.indexOf(b.contestant));
		const svg = requestRateSvg(sustained, shown);
		if (svg) {
			writeFileSync(join(outDir, `sustained-${stamp}.svg`), svg);
			chart = `, sustained-${stamp}.svg`;
		}
	}
	log(`\nresults: ${join(outDir, `bench-${stamp}.md`)}, .json${chart}`);
}

async function main(): Promise<void> {
	const config = parseArgs(process.argv.slice(2));
	const data = config.from
		? (JSON.parse(readFileSync(config.from, 'utf8')) as BenchData)
		: await measureAll(config);
	render(data, resolve(config.outDir));
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		log(error.stack ?? String(error));
		process.exit(1);
	},
);
