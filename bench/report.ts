// Medians over the repeats, ratios to the peers, and the table as text, Markdown, JSON and SVG.
import type { BenchConfig, ScenarioPlan } from './config';
import { CONTESTANTS, noteFor, type ContestantId, type ScenarioId } from './contestants';
import type { RunFigures } from './measure';

export interface Row {
	scenario: ScenarioId;
	contestant: ContestantId;
	label: string;
	items: number;
	repeats: number;
	wallS: number;
	requests: number;
	reqPerS: number;
	/** req/s ÷ (limit per second); undefined without a limit. */
	limitShare?: number;
	sandbox429: number;
	failedItems: number;
	/** Most failed items in any repeat. */
	failedItemsMax: number;
	failed429: number;
	cpuMsPerItem: number;
	heapMiB: number;
	/** Return All: contacts returned (median) and whether every repeat returned all, once. */
	records: number;
	correct?: boolean;
	firstError?: string;
	/** Statuses the API answered other than 2xx (over all repeats). */
	errorStatuses: Record<string, number>;
	/** Overhead scenario, this package: CPU per item above n8n's request helper alone (median). */
	aboveReference?: number;
	note?: string;
	/** Median over repeats of this package's advantage: the peer's figure ÷ ours (>1: ours better). */
	oursAdvantage?: number;
	/** Why there is no ratio. */
	noRatio?: string;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function perSecondLimit(plan: ScenarioPlan): number | undefined {
	return plan.rateLimit ? plan.rateLimit.max / (plan.rateLimit.intervalMs / 1000) : undefined;
}

/** The scenario's main figure, lower is better: wall time, or CPU per item for the overhead run. */
function cost(plan: ScenarioPlan, run: RunFigures): number {
	return plan.id === 'overhead' ? run.cpuMs / run.units : run.wallMs;
}

function errorStatuses(runs: RunFigures[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const run of runs) {
		for (const [status, count] of Object.entries(run.byStatus)) {
			if (Number(status) >= 300) counts[status] = (counts[status] ?? 0) + count;
		}
	}
	return counts;
}

export function summarize(config: BenchConfig, runs: RunFigures[]): Row[] {
	const rows: Row[] = [];
	for (const plan of config.scenarios) {
		const ours = runs.filter((run) => run.scenario === plan.id && run.contestant === 'ours');
		for (const contestant of plan.contestants) {
			const mine = runs.filter((run) => run.scenario === plan.id && run.contestant === contestant);
			if (mine.length === 0) continue;
			const pick = (figure: (run: RunFigures) => number) => median(mine.map(figure));
			const reqPerS = pick((run) => run.requests / (run.wallMs / 1000));
			const limit = perSecondLimit(plan);
			const row: Row = {
				scenario: plan.id,
				contestant,
				label: CONTESTANTS[contestant].label,
				items: mine[0].items,
				repeats: mine.length,
				wallS: pick((run) => run.wallMs / 1000),
				requests: pick((run) => run.requests),
				reqPerS,
				limitShare: limit ? reqPerS / limit : undefined,
				sandbox429: pick((run) => run.sandbox429),
				failedItems: pick((run) => run.failedItems),
				failedItemsMax: Math.max(...mine.map((run) => run.failedItems)),
				failed429: pick((run) => run.failed429),
				cpuMsPerItem: pick((run) => run.cpuMs / run.units),
				heapMiB: pick((run) => run.heapMiB),
				records: pick((run) => run.records),
				correct: plan.id === 'returnAll' ? mine.every((run) => run.correct === true) : undefined,
				firstError: mine.find((run) => run.firstError)?.firstError,
				errorStatuses: errorStatuses(mine),
				note: noteFor(plan.id, contestant),
			};
			if (plan.id === 'overhead' && contestant === 'ours') {
				const differences = mine.flatMap((run) => {
					const reference = runs.find(
						(candidate) =>
							candidate.scenario === plan.id && candidate.contestant === 'reference' && candidate.repeat === run.repeat,
					);
					return reference ? [run.cpuMs / run.units - reference.cpuMs / reference.units] : [];
				});
				if (differences.length > 0) row.aboveReference = median(differences);
			}
			if (contestant !== 'ours') {
				const failed = mine.some((run) => run.failedItems > 0 || run.correct === false);
				if (failed && plan.id !== 'overhead') {
					row.noRatio = 'failed';
				} else {
					// Both sides of each ratio come from the same repeat.
					const ratios = mine.flatMap((run) => {
						const peerOfRun = ours.find((candidate) => candidate.repeat === run.repeat);
						return peerOfRun ? [cost(plan, run) / cost(plan, peerOfRun)] : [];
					});
					if (ratios.length > 0) row.oursAdvantage = median(ratios);
				}
			}
			rows.push(row);
		}
	}
	return rows;
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits: number) => value.toFixed(digits);

function resultText(row: Row): string {
	const parts: string[] = [];
	if (row.scenario === 'returnAll') {
		parts.push(row.correct ? `${int(row.records)} contacts, all correct` : `${int(row.records)} contacts returned`);
	}
	if (row.aboveReference !== undefined) {
		parts.push(`${row.aboveReference >= 0 ? '+' : ''}${fixed(row.aboveReference, 3)} ms/item over the reference`);
	}
	if (row.note) parts.push(row.note);
	if (row.failedItems > 0 || row.correct === false) {
		const statuses = Object.entries(row.errorStatuses)
			.filter(([status]) => status !== '429')
			.map(([status]) => status);
		if (statuses.length > 0) parts.push(`API answered ${statuses.join(', ')}`);
		if (row.firstError) parts.push(`“${row.firstError.replace(/\s+/g, ' ').slice(0, 60)}”`);
	}
	return parts.join('; ');
}

const COLUMNS = [
	'scenario',
	'node',
	'wall s',
	'requests',
	'req/s',
	'of limit',
	'429s at API',
	'failed items',
	'CPU ms/item',
	'heap MiB',
	'ours ×',
	'result',
] as const;

function cells(config: BenchConfig, row: Row, first: boolean): string[] {
	const plan = config.scenarios.find((candidate) => candidate.id === row.scenario);
	const ratio =
		row.contestant === 'ours' ? '' : row.oursAdvantage !== undefined ? `${fixed(row.oursAdvantage, 2)}×` : '—';
	return [
		first && plan ? plan.title : '',
		row.label,
		fixed(row.wallS, 1),
		int(row.requests),
		fixed(row.reqPerS, 2),
		row.limitShare === undefined ? '—' : `${Math.round(row.limitShare * 100)} %`,
		int(row.sandbox429),
		row.failedItemsMax !== row.failedItems ? `${int(row.failedItems)} (max ${int(row.failedItemsMax)})` : int(row.failedItems),
		row.scenario === 'overhead' ? fixed(row.cpuMsPerItem, 3) : '—',
		fixed(row.heapMiB, 0),
		ratio,
		resultText(row),
	];
}

function tableRows(config: BenchConfig, rows: Row[]): string[][] {
	return rows.map((row, index) => cells(config, row, index === 0 || rows[index - 1].scenario !== row.scenario));
}

export function textTable(config: BenchConfig, rows: Row[]): string {
	const body = tableRows(config, rows).map((row) => row.slice(1));
	const header = COLUMNS.slice(1) as unknown as string[];
	const widths = header.map((title, column) =>
		Math.min(column === header.length - 1 ? 90 : 40, Math.max(title.length, ...body.map((row) => row[column].length))),
	);
	const line = (row: string[]) =>
		row
			.map((cell, column) => {
				const text = cell.length > widths[column] ? `${cell.slice(0, widths[column] - 1)}…` : cell;
				return column === 0 || column === row.length - 1 ? text.padEnd(widths[column]) : text.padStart(widths[column]);
			})
			.join('  ')
			.trimEnd();
	const out: string[] = [];
	let scenario: string | undefined;
	for (const [index, row] of rows.entries()) {
		if (row.scenario !== scenario) {
			scenario = row.scenario;
			const plan = config.scenarios.find((candidate) => candidate.id === row.scenario);
			out.push('', plan?.title ?? row.scenario, line(header), widths.map((width) => '-'.repeat(width)).join('  '));
		}
		out.push(line(body[index]));
	}
	return out.join('\n');
}

export function markdownTable(config: BenchConfig, rows: Row[]): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	const lines = [
		`| ${COLUMNS.join(' | ')} |`,
		`|${COLUMNS.map((_, column) => (column < 2 || column === COLUMNS.length - 1 ? '---' : '---:')).join('|')}|`,
	];
	for (const row of tableRows(config, rows)) lines.push(`| ${row.map(escape).join(' | ')} |`);
	return lines.join('\n');
}

/** Requests per second over time for one scenario, one panel per contestant, from the sandbox's log. */
export function requestRateSvg(plan: ScenarioPlan, runs: RunFigures[]): string | undefined {
	const shown = runs.filter((run) => run.perSecond);
	if (shown.length === 0) return undefined;
	const limit = perSecondLimit(plan) ?? 0;
	const seconds = Math.max(...shown.map((run) => run.perSecond?.answered.length ?? 0));
	const windowS = (plan.rateLimit?.intervalMs ?? 10_000) / 1000;
	const series = shown.map((run) => {
		const pad = (values: number[]) => [...values, ...new Array<number>(seconds - values.length).fill(0)];
		const ok = pad(run.perSecond?.answered ?? []);
		const limited = pad(run.perSecond?.limited ?? []);
		const rolling = ok.map((_, second) => {
			let sum = 0;
			for (let back = 0; back < windowS && second - back >= 0; back++) sum += ok[second - back] + limited[second - back];
			return sum / windowS;
		});
		return { run, ok, limited, rolling };
	});
	// Each panel has its own scale: a node that sends everything at once would flatten the others.
	const niceCeil = (value: number) => {
		const step = 10 ** Math.floor(Math.log10(value));
		return Math.ceil(value / step) * step;
	};
	const width = 920;
	const left = 52;
	const right = 16;
	const panelHeight = 150;
	const gap = 44;
	const top = 56;
	const plotWidth = width - left - right;
	const height = top + series.length * (panelHeight + gap) + 24;
	const x = (second: number) => left + (second / seconds) * plotWidth;
	const barWidth = Math.max(1, plotWidth / seconds - 1);
	const parts: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
		`<rect width="${width}" height="${height}" fill="#fff"/>`,
		`<text x="${left}" y="22" font-size="15" font-weight="bold">${escapeXml(plan.title)}: requests per second at the API</text>`,
		`<text x="${left}" y="40" fill="#555">Bars: requests answered per second (red: 429). Line: the last ${windowS} s averaged. Dashed: the limit (${limit} per second). Latency ${plan.latencyMs} ms. Each panel has its own scale.</text>`,
	];
	series.forEach((s, index) => {
		const y0 = top + index * (panelHeight + gap) + 18;
		const peak = Math.max(limit * 2, ...s.ok.map((value, i) => value + s.limited[i]), ...s.rolling, 1);
		const yTop = niceCeil(peak);
		const y = (value: number) => y0 + panelHeight - (Math.min(value, yTop) / yTop) * panelHeight;
		const label = `${CONTESTANTS[s.run.contestant].label}: ${int(s.run.requests)} requests in ${fixed(s.run.wallMs / 1000, 1)} s, ${int(s.run.sandbox429)} × 429, ${int(s.run.failedItems)} failed items`;
		parts.push(`<text x="${left}" y="${y0 - 6}" font-weight="bold">${escapeXml(label)}</text>`);
		parts.push(`<line x1="${left}" y1="${y0 + panelHeight}" x2="${width - right}" y2="${y0 + panelHeight}" stroke="#999"/>`);
		parts.push(`<line x1="${left}" y1="${y0}" x2="${left}" y2="${y0 + panelHeight}" stroke="#999"/>`);
		for (const tick of [0, yTop / 2, yTop]) {
			parts.push(`<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end" fill="#555">${Math.round(tick)}</text>`);
		}
		for (let second = 0; second < seconds; second++) {
			const ok = s.ok[second];
			const limited = s.limited[second];
			if (ok > 0) {
				parts.push(`<rect x="${x(second).toFixed(1)}" y="${y(ok).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y0 + panelHeight - y(ok)).toFixed(1)}" fill="#4a7bd0"/>`);
			}
			if (limited > 0) {
				parts.push(`<rect x="${x(second).toFixed(1)}" y="${y(ok + limited).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(ok) - y(ok + limited)).toFixed(1)}" fill="#d0453a"/>`);
			}
		}
		const points = s.rolling.map((value, second) => `${(x(second) + barWidth / 2).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
		parts.push(`<polyline points="${points}" fill="none" stroke="#1b2a49" stroke-width="1.5"/>`);
		if (limit > 0) {
			parts.push(`<line x1="${left}" y1="${y(limit)}" x2="${width - right}" y2="${y(limit)}" stroke="#d0453a" stroke-dasharray="5,4"/>`);
		}
		for (let second = 0; second <= seconds; second += Math.max(1, Math.ceil(seconds / 20 / 5) * 5)) {
			parts.push(`<text x="${x(second)}" y="${y0 + panelHeight + 14}" text-anchor="middle" fill="#555">${second} s</text>`);
		}
	});
	parts.push('</svg>');
	return parts.join('\n');
}

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
