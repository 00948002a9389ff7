// One measured run: a fresh sandbox, one contestant's workflow through n8n's engine, the figures.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

import { nodeTypes, runWorkflow, TestCredentialsHelper } from '../test/harness/engine';
import {
	CONTESTANTS,
	GHL_CREDENTIAL,
	HIGHLEVEL_CREDENTIAL,
	subjectsFor,
	workflowOf,
	type ContestantId,
	type ScenarioId,
} from './contestants';
import { GHL_ORIGIN } from './peers';
import type { SandboxProcess } from './sandbox';

export interface RateLimit {
	max: number;
	intervalMs: number;
}

export interface RunSpec {
	scenario: ScenarioId;
	contestant: ContestantId;
	/** Input items (contacts) for the node; Return All gets one item and this many contacts. */
	size: number;
	latencyMs: number;
	/** undefined: no limit. */
	rateLimit?: RateLimit;
	seed: { notes?: number; tasks?: number };
	repeat: number;
	httpRequestVersion: number;
	/** Keep requests per second from the sandbox's log, for the chart. */
	keepLog: boolean;
	/** Write a CPU profile of the run (the node under test and n8n's engine) to this file. */
	profileTo?: string;
}

export interface RunFigures {
	scenario: ScenarioId;
	contestant: ContestantId;
	repeat: number;
	items: number;
	wallMs: number;
	/** API requests the sandbox received. */
	requests: number;
	/** The sandbox's answers by status. */
	byStatus: Record<string, number>;
	/** 429s the sandbox answered (absorbed by the client or not). */
	sandbox429: number;
	okItems: number;
	failedItems: number;
	/** Failed items whose error is a 429: rate limiting the user sees. */
	failed429: number;
	firstError?: string;
	/** Output records (contacts, notes, tasks) the node returned. */
	records: number;
	/** Return All: every seeded contact exactly once. */
	correct?: boolean;
	/** What CPU time is divided by: input items, or for Return All the contacts in the location. */
	units: number;
	/** CPU time of this process while the node(s) under test ran. */
	cpuMs: number;
	/** Peak heap growth during the run. */
	heapMiB: number;
	/** Requests the API answered in each second of the run: 429s, and all others. */
	perSecond?: { answered: number[]; limited: number[] };
	startedAt: number;
}

let runCounter = 0;

/** Each run gets a location of its own: our rate governor is per location for the whole process. */
function freshLocationId(): string {
	runCounter++;
	return `BenchLoc${process.pid}x${String(runCounter).padStart(6, '0')}`.slice(0, 24);
}

function errorOf(item: INodeExecutionData): string | undefined {
	if (item.error) return item.error.message || String(item.error);
	const error = item.json.error;
	if (error === undefined) return undefined;
	if (typeof error === 'string') return error;
	const described = error as IDataObject;
	return String(described.message ?? described.description ?? JSON.stringify(error));
}

function is429(item: INodeExecutionData, message: string): boolean {
	const code = (item.error as { httpCode?: string } | undefined)?.httpCode ?? (item.json.error as IDataObject | undefined)?.httpCode;
	return String(code) === '429' || /\b429\b|Try spacing your requests|rate limit/i.test(message);
}

/** Records the node returned: contacts, notes or tasks, also when one item holds a page. */
function recordsOf(item: INodeExecutionData): IDataObject[] {
	const json = item.json;
	if (Array.isArray(json.contacts)) return json.contacts as IDataObject[];
	if (Array.isArray(json.notes)) return json.notes as IDataObject[];
	if (Array.isArray(json.tasks)) return json.tasks as IDataObject[];
	if (json.contact && typeof json.contact === 'object') return [json.contact as IDataObject];
	return [json];
}

export async function measure(sandbox: SandboxProcess, spec: RunSpec, pointAt: (url: string) => void): Promise<RunFigures> {
	const started = await sandbox.start({
		latencyMs: spec.latencyMs,
		searchLagMs: 0,
		defaultLocationId: freshLocationId(),
		rateLimit: spec.rateLimit
			? { ...spec.rateLimit, daily: 10_000_000 }
			: { max: 1_000_000_000, intervalMs: 1000, daily: 1_000_000_000 },
	});
	await sandbox.seed(spec.size, spec.seed);
	const ids = await sandbox.contactIds();
	const { client, tokens } = await sandbox.oauth(['contacts.readonly', 'contacts.write']);
	pointAt(started.url);

	const credentials = new TestCredentialsHelper(nodeTypes);
	// Both credentials name HighLevel's real host: the benchmark's interceptor (bench/peers.ts)
	// sends every contestant's requests to the sandbox the same way.
	credentials.add({
		...GHL_CREDENTIAL,
		type: 'ghlOAuth2Api',
		data: {
			clientId: client.clientId,
			clientSecret: client.clientSecret,
			baseUrl: GHL_ORIGIN,
			allowContactWrites: true,
			oauthTokenData: tokens as unknown as IDataObject,
		},
	});
	credentials.add({
		...HIGHLEVEL_CREDENTIAL,
		type: 'highLevelOAuth2Api',
		data: {
			clientId: client.clientId,
			clientSecret: client.clientSecret,
			scope: 'contacts.readonly contacts.write',
			oauthTokenData: tokens as unknown as IDataObject,
		},
	});

	const items = spec.scenario === 'returnAll' ? [{}] : ids.slice(0, spec.size).map((id) => ({ id }));
	const subjects = subjectsFor(spec.scenario, spec.contestant, {
		locationId: started.locationId,
		httpRequestVersion: spec.httpRequestVersion,
	});
	if (!subjects) throw new Error(`${CONTESTANTS[spec.contestant].label} has no ${spec.scenario} workflow`);
	const workflow = workflowOf(subjects, items, spec.contestant);
	const subjectNames = new Set(subjects.map((subject) => subject.name));

	global.gc?.();
	const heapBefore = getHeapStatistics().used_heap_size;
	let heapPeak = heapBefore;
	const sampler = setInterval(() => {
		heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
	}, 20);
	let cpuMicros = 0;
	let cpuAtStart: NodeJS.CpuUsage | undefined;
	await sandbox.reset();

	const profiler = spec.profileTo ? await startProfiler() : undefined;
	const startedAt = Date.now();
	const t0 = performance.now();
	const result = await runWorkflow(workflow, credentials, (hooks) => {
		hooks.addHandler('nodeExecuteBefore', (nodeName) => {
			if (subjectNames.has(nodeName)) cpuAtStart = process.cpuUsage();
		});
		hooks.addHandler('nodeExecuteAfter', (nodeName) => {
			if (!subjectNames.has(nodeName) || !cpuAtStart) return;
			const used = process.cpuUsage(cpuAtStart);
			cpuMicros += used.user + used.system;
			cpuAtStart = undefined;
		});
	});
	const wallMs = performance.now() - t0;
	clearInterval(sampler);
	if (profiler && spec.profileTo) await profiler.stop(spec.profileTo);
	heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
	const report = await sandbox.report();
	await sandbox.stop();

	let okItems = 0;
	let failedItems = 0;
	let failed429 = 0;
	let firstError: string | undefined;
	const records: IDataObject[] = [];
	const runData = result.run.data.resultData.runData;
	for (const subject of subjects) {
		// Every run of the node: one, or one per item inside Loop Over Items.
		const tasks = runData[subject.name] ?? [];
		const nodeError = tasks.find((task) => task.error)?.error;
		if (nodeError) {
			failedItems += items.length;
			firstError ??= nodeError.message;
			if (/429/.test(nodeError.message)) failed429 += items.length;
			continue;
		}
		for (const item of tasks.flatMap((task) => task.data?.main?.[0] ?? [])) {
			const message = errorOf(item);
			if (message === undefined) {
				okItems++;
				records.push(...recordsOf(item));
				continue;
			}
			failedItems++;
			firstError ??= message;
			if (is429(item, message)) failed429++;
		}
	}

	let correct: boolean | undefined;
	if (spec.scenario === 'returnAll') {
		const seen = new Set(records.map((record) => record.id));
		correct = records.length === ids.length && seen.size === ids.length && ids.every((id) => seen.has(id));
	}

	return {
		scenario: spec.scenario,
		contestant: spec.contestant,
		repeat: spec.repeat,
		items: items.length,
		wallMs,
		requests: report.stats.requests,
		byStatus: report.stats.byStatus,
		sandbox429: report.stats.rateLimited,
		okItems,
		failedItems,
		failed429,
		firstError,
		records: records.length,
		correct,
		units: spec.scenario === 'returnAll' ? spec.size : items.length,
		cpuMs: cpuMicros / 1000,
		heapMiB: (heapPeak - heapBefore) / 2 ** 20,
		perSecond: spec.keepLog ? perSecond(report.requests, startedAt, wallMs) : undefined,
		startedAt,
	};
}

function perSecond(
	requests: Array<{ at: number; status: number | null }>,
	startedAt: number,
	wallMs: number,
): { answered: number[]; limited: number[] } {
	const seconds = Math.ceil(wallMs / 1000) + 1;
	const answered = new Array<number>(seconds).fill(0);
	const limited = new Array<number>(seconds).fill(0);
	for (const request of requests) {
		const second = Math.floor((request.at - startedAt) / 1000);
		if (second < 0 || second >= seconds) continue;
		if (request.status === 429) limited[second]++;
		else answered[second]++;
	}
	return { answered, limited };
}

async function startProfiler(): Promise<{ stop: (file: string) => Promise<void> }> {
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.setSamplingInterval', { interval: 200 });
	await session.post('Profiler.start');
	return {
		stop: async (file) => {
			const { profile } = await session.post('Profiler.stop');
			writeFileSync(file, JSON.stringify(profile));
			session.disconnect();
		},
	};
}
