// Benchmark settings from the command line.
import { CONTESTANTS, type ContestantId, type ScenarioId } from './contestants';
import type { RateLimit } from './measure';

export interface ScenarioPlan {
	id: ScenarioId;
	title: string;
	/** Contacts (input items; for Return All, contacts in the location). */
	size: number;
	latencyMs: number;
	/** undefined: no limit (the overhead scenario). */
	rateLimit?: RateLimit;
	seed: { notes?: number; tasks?: number };
	contestants: ContestantId[];
}

export interface BenchConfig {
	quick: boolean;
	repeats: number;
	latencyMs: number;
	rateLimit: RateLimit;
	peers: boolean;
	/** Write a CPU profile of every measured run (into <out>/profiles). */
	profile: boolean;
	scenarios: ScenarioPlan[];
	outDir: string;
	/** Render the report from a saved bench-*.json instead of measuring. */
	from?: string;
}

const USAGE = `usage: npm run bench -- [options]
  --quick            small sizes and a 20 per 2 s limit (same 10 req/s), one repeat: about a minute
  --latency <ms>     sandbox latency for the read scenarios (default 150; writes always 300)
  --repeats <n>      runs of every figure; the table shows the median (default 3, quick 1)
  --only <ids>       comma-separated: sustained,writes,returnAll,daily,overhead
  --no-peers         this package's node only (no n8n install needed)
  --profile          also write a CPU profile of every measured run to <out>/profiles
  --out <dir>        where results go (default bench/results)
  --from <file>      render the table, Markdown and chart again from a saved bench-*.json`;

export function parseArgs(argv: string[]): BenchConfig {
	const options = new Map<string, string | true>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		}
		if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
		const [key, inline] = arg.slice(2).split('=', 2);
		if (['quick', 'no-peers', 'profile'].includes(key)) options.set(key, true);
		else options.set(key, inline ?? argv[++i]);
	}
	const number = (key: string, fallback: number) => {
		const value = options.get(key);
		if (value === undefined) return fallback;
		const parsed = Number(value);
		if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${key} needs a number\n${USAGE}`);
		return parsed;
	};
	const quick = options.has('quick');
	const latencyMs = number('latency', 150);
	// GHL: 100 requests per 10 s per location. Quick mode keeps the rate (10 per second) with a
	// window five times shorter, so the steady state shows within seconds.
	const rateLimit = quick ? { max: 20, intervalMs: 2000 } : { max: 100, intervalMs: 10_000 };
	const size = (full: number, small: number) => (quick ? small : full);
	const all: ScenarioPlan[] = [
		{
			id: 'sustained',
			title: `1. Sustained reads: get ${size(1000, 60).toLocaleString('en-US')} contacts by id`,
			size: size(1000, 60),
			latencyMs,
			rateLimit,
			seed: {},
			contestants: ['ours', 'highLevel', 'highLevelBatched', 'httpRequest', 'httpRequestBatched'],
		},
		{
			id: 'writes',
			title: `2. Latency-bound writes: tag ${size(300, 30)} contacts at 300 ms`,
			size: size(300, 30),
			latencyMs: 300,
			rateLimit,
			seed: {},
			contestants: ['ours', 'oursBulk', 'highLevel', 'highLevelBatched', 'highLevelLoop', 'httpRequest', 'httpRequestBatched'],
		},
		{
			id: 'returnAll',
			title: `3. Return All over ${size(10_000, 1000).toLocaleString('en-US')} contacts`,
			size: size(10_000, 1000),
			latencyMs,
			rateLimit,
			seed: {},
			contestants: ['ours', 'highLevel', 'httpRequest'],
		},
		{
			id: 'daily',
			title: `4. Daily batch: notes and tasks of ${size(500, 30)} contacts (2 requests each)`,
			size: size(500, 30),
			latencyMs,
			rateLimit,
			seed: { notes: 1, tasks: 1 },
			contestants: ['ours', 'highLevelPlusHttp', 'httpRequestBatched'],
		},
		{
			id: 'overhead',
			title: `5. Overhead: get ${size(10_000, 1000).toLocaleString('en-US')} contacts, 0 ms, no limit`,
			size: size(10_000, 1000),
			latencyMs: 0,
			rateLimit: undefined,
			seed: {},
			contestants: ['ours', 'reference', 'highLevel', 'httpRequest'],
		},
	];
	const only = options.get('only');
	const wanted = typeof only === 'string' ? new Set(only.split(',').map((id) => id.trim())) : undefined;
	for (const id of wanted ?? []) {
		if (!all.some((plan) => plan.id === id)) throw new Error(`unknown scenario ${id}\n${USAGE}`);
	}
	const peers = !options.has('no-peers');
	const scenarios = all
		.filter((plan) => !wanted || wanted.has(plan.id))
		.map((plan) => ({
			...plan,
			contestants: peers ? plan.contestants : plan.contestants.filter((id) => !CONTESTANTS[id].peer),
		}));
	const out = options.get('out');
	const from = options.get('from');
	return {
		quick,
		repeats: Math.max(1, Math.round(number('repeats', quick ? 1 : 3))),
		latencyMs,
		rateLimit,
		peers,
		profile: options.has('profile'),
		scenarios,
		outDir: typeof out === 'string' ? out : 'bench/results',
		from: typeof from === 'string' ? from : undefined,
	};
}
