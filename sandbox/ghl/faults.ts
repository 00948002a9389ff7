// Seeded fault injection for API routes: the same config and request sequence give the same faults.
import { mulberry32, type Rng } from './random';

/**
 * - `5xx`, `reset`, `stall`, `429`: instead of handling the request.
 * - `lostAnswer`: the request is handled (a write is made), then the connection drops.
 * - `lostAnswer502`: the request is handled, then the gateway answers 502.
 * - `emptyAnswer`: 200 with `{}` (no handler runs), as a misbehaving proxy might answer.
 */
export type FaultKind = '5xx' | 'reset' | 'stall' | '429' | 'lostAnswer' | 'lostAnswer502' | 'emptyAnswer';
export const FAULT_KINDS: readonly FaultKind[] = ['5xx', 'reset', 'stall', '429', 'lostAnswer', 'lostAnswer502', 'emptyAnswer'];
const STATUSES = [500, 502, 503] as const;

export interface FaultConfig {
	/** Probability per request (0..1) of each fault; checked in this order with one draw. */
	rate?: {
		status5xx?: number;
		reset?: number;
		stall?: number;
		burst429?: number;
		lostAnswer?: number;
		lostAnswer502?: number;
		emptyAnswer?: number;
	};
	/** How long a stalled request hangs before its connection is dropped (default 30,000 ms). */
	stallMs?: number;
	/** Faults at fixed positions: `atRequest` counts API requests from 1 since the config was set. */
	schedule?: Array<{ atRequest: number; kind: FaultKind }>;
	seed?: number;
}

export interface FaultDecision {
	kind: FaultKind;
	/** For 5xx: 500 comes from the app (JSON body); 502/503 from the gateway in front of it (HTML body). */
	status?: 500 | 502 | 503;
}

export class FaultInjector {
	private config: FaultConfig = {};
	private rng: Rng = mulberry32(0);
	private seen = 0;

	constructor(config?: FaultConfig) {
		this.set(config);
	}

	get current(): FaultConfig {
		return structuredClone(this.config);
	}

	get stallMs(): number {
		return this.config.stallMs ?? 30_000;
	}

	/** Replaces the config and restarts both the request count and the PRNG, so runs repeat. */
	set(config: FaultConfig = {}): void {
		this.config = structuredClone(config);
		this.rng = mulberry32(config.seed ?? 0);
		this.seen = 0;
	}

	/** Decides the fate of the next API request; undefined means no fault. */
	next(): FaultDecision | undefined {
		this.seen++;
		// Two draws per request whatever happens, so schedule entries never shift the random faults.
		const draw = this.rng();
		const status = STATUSES[Math.floor(this.rng() * STATUSES.length)];
		const scheduled = this.config.schedule?.find((entry) => entry.atRequest === this.seen)?.kind;
		const kind = scheduled ?? this.randomKind(draw);
		if (kind !== '5xx') return kind ? { kind } : undefined;
		return { kind, status };
	}

	private randomKind(draw: number): FaultKind | undefined {
		const rate = this.config.rate ?? {};
		const chances: Array<[FaultKind, number]> = [
			['5xx', rate.status5xx ?? 0],
			['reset', rate.reset ?? 0],
			['stall', rate.stall ?? 0],
			['429', rate.burst429 ?? 0],
			['lostAnswer', rate.lostAnswer ?? 0],
			['lostAnswer502', rate.lostAnswer502 ?? 0],
			['emptyAnswer', rate.emptyAnswer ?? 0],
		];
		let threshold = 0;
		for (const [kind, chance] of chances) {
			threshold += chance;
			if (draw < threshold) return kind;
		}
		return undefined;
	}
}
