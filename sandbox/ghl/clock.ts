// A clock a test sets and moves, for the sandbox's `now` option: timestamps, search lag, token
// expiry, rate windows and the Date header all follow it, so no test waits on the wall clock.
export class ManualClock {
	constructor(private current: number = Date.now()) {}

	/** The time source to hand to the sandbox (epoch ms). */
	readonly now = (): number => this.current;

	set(ms: number): void {
		this.current = ms;
	}

	advance(ms: number): void {
		this.current += ms;
	}
}
