// Contract between `sandbox/cli.ts` and each service sandbox (ghl now; Skilljar and OnlineCourseHost later).

/** Flags shared by every service, already parsed. */
export interface SandboxFlags {
	port: number;
	latencyMs: number;
	/** Demo records to seed (contacts, learners, …, as the service defines it). */
	records: number;
	seed: number;
	searchLagMs: number;
}

export interface RunningSandbox {
	/** Lines printed at start: URLs, credentials, hints. */
	summary: string[];
	close(): Promise<void>;
}

export interface SandboxService {
	name: string;
	description: string;
	defaultPort: number;
	/** Environment variable that overrides the default port. */
	portEnv: string;
	start(flags: SandboxFlags): Promise<RunningSandbox>;
}
