// Seeded fault injection for the API routes: the same config and request sequence give the same faults.
import { mulberry32, type Rng } from '../ghl/random';

/**
 * - `5xx`: 500 with OCH's error shape, or a gateway's 502/503 page, before anything happens.
 * - `reset`: the connection drops before the request is handled.
 * - `lostAnswer`: the request is handled (the student enrolled), then the connection drops.
 * - `errorAnswer`: HTTP 200 carrying `{status: "error"}`, as OCH answers some failures.
 * - `emptyAnswer`: HTTP 200 carrying `{}`, before anything happens.
 */
export type FaultKind = '5xx' | 'reset' | 'lostAnswer' | 'errorAnswer' | 'emptyAnswer';
export const FAULT_KINDS: readonly FaultKind[] = ['5xx', 'reset', 'lostAnswer', 'errorAnswer', 'emptyAnswer'];

export interface FaultConfig {
	/** Probability per API request (0..1) of each fault; checked in this order with one draw. */
	rate?: Partial<Record<FaultKind, number>>;
	/** Faults at fixed positions: `atRequest` counts API requests from 1 since the config was set. */
	schedule?: Array<{ atRequest: number; kind: FaultKind }>;
	seed?: number;
}

export interface FaultDecision {
	kind: FaultKind;
	status?: 500 | 502 | 503;
}

const STATUSES = [500, 502, 503] as const;

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

	/** Replaces the config and restarts the request count and the PRNG, so runs repeat. */
	set(config: FaultConfig = {}): void {
		this.config = structuredClone(config);
		this.rng = mulberry32(config.seed ?? 0);
		this.seen = 0;
	}

	next(): FaultDecision | undefined {
		this.seen++;
		// Two draws per request whatever happens, so schedule entries never shift the random faults.
		const draw = this.rng();
		const status = STATUSES[Math.floor(this.rng() * STATUSES.length)];
		const kind =
			this.config.schedule?.find((entry) => entry.atRequest === this.seen)?.kind ??
			this.randomKind(draw);
		if (!kind) return undefined;
		return kind === '5xx' ? { kind, status } : { kind };
	}

	private randomKind(draw: number): FaultKind | undefined {
		let threshold = 0;
		for (const kind of FAULT_KINDS) {
			threshold += this.config.rate?.[kind] ?? 0;
			if (draw < threshold) return kind;
		}
		return undefined;
	}
}
