// `npm run sandbox`: starts the local API sandboxes for manual runs (e.g. n8n pointed at them).
// Each service lives in sandbox/<service>/ and is listed in SERVICES.
import { parseArgs } from 'node:util';
import { ghlService } from './ghl/demo';
import { skilljarService } from './skilljar/demo';
import { onlineCourseHostService } from './onlinecoursehost/demo';
import type { RunningSandbox, SandboxService } from './service';

const SERVICES: SandboxService[] = [ghlService, onlineCourseHostService, skilljarService];

const portFlag = (service: SandboxService) => `${service.name}-port`;

const HELP = `Usage: npm run sandbox -- [options]

Options:
  --only <name>        start only this service (${SERVICES.map((s) => s.name).join(', ')})
${SERVICES.map((s) => `  --${portFlag(s)} <n>`.padEnd(23) + `port for ${s.name} (env ${s.portEnv}, default ${s.defaultPort})`).join('\n')}
  --latency <ms>       added to every API response (default 0)
  --records <n>        demo records per service, e.g. GHL contacts (default 50); alias --contacts
  --seed <n>           PRNG seed for demo data (default 1)
  --search-lag <ms>    delay before writes show up in search (default 0)
  --help               show this text
`;

function number(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined) return fallback;
	const parsed = Number(value);
	if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number, got "${value}"`);
	return parsed;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			only: { type: 'string' },
			latency: { type: 'string' },
			records: { type: 'string' },
			contacts: { type: 'string' },
			seed: { type: 'string' },
			'search-lag': { type: 'string' },
			help: { type: 'boolean' },
			...Object.fromEntries(SERVICES.map((service) => [portFlag(service), { type: 'string' as const }])),
		},
	});
	if (values.help) {
		process.stdout.write(HELP);
		return;
	}
	const selected = SERVICES.filter((service) => values.only === undefined || service.name === values.only);
	if (selected.length === 0) throw new Error(`unknown service "${values.only}"`);

	const running: RunningSandbox[] = [];
	const shutdown = async () => {
		await Promise.all(running.map((sandbox) => sandbox.close()));
		process.exit(0);
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);

	// Port flags are generated per service, so they are not in the inferred type of `values`.
	const portValues: Record<string, string | boolean | undefined> = values;
	for (const service of selected) {
		const portValue = portValues[portFlag(service)];
		const sandbox = await service.start({
			port: number(typeof portValue === 'string' ? portValue : process.env[service.portEnv], service.defaultPort, portFlag(service)),
			latencyMs: number(values.latency, 0, 'latency'),
			records: number(values.records ?? values.contacts, 50, 'records'),
			seed: number(values.seed, 1, 'seed'),
			searchLagMs: number(values['search-lag'], 0, 'search-lag'),
		});
		running.push(sandbox);
		process.stdout.write(`\n${service.name} sandbox — ${service.description}\n${sandbox.summary.map((line) => `  ${line}`).join('\n')}\n`);
	}
	process.stdout.write('\nCtrl+C to stop.\n');
}

main().catch((error: unknown) => {
	process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
