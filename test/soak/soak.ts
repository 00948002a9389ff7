// Fault soak (`npm run soak`, issues 9 and 17): templates 01 (GHL contact → Skilljar learner,
// webhook-driven) and 02 (daily notes and tasks batch) as shipped in workflows/, with 12 (retries)
// and 13 (alerts), imported into a real n8n, over N GHL contacts, twice at the same time: against
// fault-free sandboxes and against sandboxes that answer 20 % of requests with 5xx, drop
// connections, stall them 2 s, send bursts of 429 and expire the GHL access token every 50
// requests (refresh tokens rotate), and that refuse some contacts' emails for good (a 400). Each
// contact is delivered once; nobody re-sends anything: the faults stop, template 12 replays what
// the templates kept in the Data Table "LMS Sync Retries", and the Skilljar end states must be
// equal (bar the refused), every contact accounted for (synced, or a row in the table), each
// refused contact alerted exactly once (one GHL task, named once in what template 13 posted) and
// never retried, and no healed contact alerted.
//
// Usage (under Node 24, see scripts/soak.mjs): tsx test/soak/soak.ts [--ci] [--contacts N] [--seed S]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import type { FaultConfig, WebhookDelivery } from '../../sandbox/ghl';
import { DEMO_COURSE } from '../../sandbox/skilljar';
import { n8nBin, packPackage, type N8nInstance, type NodeRun } from '../e2e/n8nInstance';
import {
	startSandboxes,
	startTemplateStack,
	waitForSearchToCatchUp,
	type Sandboxes,
	type TemplateStack,
} from '../e2e/templateStack';
import { startAlertInbox, type AlertInbox } from '../e2e/alertInbox';
import {
	ALERT_TEMPLATE,
	RETRY_TEMPLATE,
	retryRows,
	type RetryRow,
} from '../e2e/templateStack';
import { soakContacts, type SoakContact } from './contacts';
import { errorMessage } from '../harness/errorItems';
import { figures, RequestLog, type RequestFigures } from './requestLog';

interface Options {
	contacts: number;
	seed: number;
	/** Contacts created (and delivered) at once before waiting for n8n to catch up. */
	wave: number;
	/** Executions n8n runs at once (N8N_CONCURRENCY_PRODUCTION_LIMIT); the rest wait in its queue. */
	concurrency: number;
}

function parseOptions(argv: string[]): Options {
	const options: Options = { contacts: 2000, seed: 9, wave: 40, concurrency: 8 };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--ci') options.contacts = 150;
		else if (argv[i] === '--contacts') options.contacts = Number(argv[++i]);
		else if (argv[i] === '--seed') options.seed = Number(argv[++i]);
		else throw new Error(`unknown option ${argv[i]} (use --ci, --contacts N, --seed S)`);
	}
	if (!Number.isInteger(options.contacts) || options.contacts < 20) throw new Error('--contacts must be 20 or more');
	return options;
}

/** 20 % 5xx, 2 % resets, 2 % 2-second stalls, and a burst of `burstLength` 429s every `burstEvery` requests. */
function faultProfile(seed: number, burstEvery: number, burstLength: number): FaultConfig {
	const schedule: NonNullable<FaultConfig['schedule']> = [];
	for (let at = burstEvery; at < 200_000; at += burstEvery) {
		for (let k = 0; k < burstLength; k++) schedule.push({ atRequest: at + k, kind: '429' });
	}
	return { rate: { status5xx: 0.2, reset: 0.02, stall: 0.02 }, stallMs: 2000, schedule, seed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RECIPE_1 = '01';
const RECIPE_2 = '02';
const TRIGGER_1 = 'GHL Contact Created or Updated';
const TRIGGER_2 = 'Every Day at 02:00';
const MAX_ROUNDS = 5;
/** Template 12 every 5 s, first retry after 3 s (then 6, 12, 24 s …): minutes in a user's n8n. */
const RETRY_EVERY_SECONDS = 5;
const FIRST_RETRY_AFTER_MINUTES = 0.05;

/** The contacts whose emails Skilljar refuses in the faulty run (one in 25 with an email). */
function refusedContacts(contacts: SoakContact[]): SoakContact[] {
	return contacts.filter((contact) => contact.email && contact.index % 25 === 3);
}
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// --- n8n executions ---------------------------------------------------------------------------

async function countExecutions(n8n: N8nInstance, workflowId: string, status?: string[]): Promise<number> {
	const filter = { workflowId, ...(status ? { status } : {}) };
	const answer = await n8n.request<{ count: number }>(
		'GET',
		`/rest/executions?limit=1&filter=${encodeURIComponent(JSON.stringify(filter))}`,
	);
	return answer.count;
}

/** Waits until the workflow has `expected` executions and none is queued or running. */
async function waitForExecutions(n8n: N8nInstance, workflowId: string, expected: number): Promise<void> {
	let last = -1;
	let lastChange = Date.now();
	for (;;) {
		const total = await countExecutions(n8n, workflowId);
		const active = await countExecutions(n8n, workflowId, ['new', 'running', 'waiting']);
		if (total >= expected && active === 0) return;
		const done = total - active;
		if (done !== last) {
			last = done;
			lastChange = Date.now();
		}
		// Not a timing assertion: a run that makes no progress at all for 10 minutes is stuck.
		if (Date.now() - lastChange > 600_000) {
			throw new Error(
				`n8n made no progress for 10 minutes (${total} executions of ${expected} expected, ${active} of them new, running or waiting)`,
			);
		}
		await sleep(1000);
	}
}

/** Items a node output on one of its outputs (all runs). */
function outputItems(runData: Record<string, NodeRun[]>, node: string, output = 0): Array<Record<string, unknown>> {
	return (runData[node] ?? []).flatMap((run) => (run.data?.main?.[output] ?? []).map((item) => item.json));
}

/** A failed item's message (`error.message` of this package's error items), else the item. */
function errorText(item: Record<string, unknown>): string {
	return errorMessage(item as IDataObject) ?? String(item.error ?? JSON.stringify(item).slice(0, 200));
}

async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) {
				const index = next++;
				results[index] = await work(items[index]);
			}
		}),
	);
	return results;
}

// --- recipe 1: one execution per delivery ------------------------------------------------------

type Outcome = 'synced' | 'skipped' | 'errorItem' | 'failedExecution' | 'silent';

interface Recipe1Execution {
	contactId: string;
	outcome: Outcome;
	errors: string[];
}

async function readRecipe1Execution(n8n: N8nInstance, id: string, status: string): Promise<Recipe1Execution> {
	const runData = await n8n.runData(id);
	const contactId = String(outputItems(runData, TRIGGER_1)[0]?.id ?? '');
	// Each step of recipe 1 has its own "Failed: …" node.
	const failed = Object.keys(runData)
		.filter((node) => node.startsWith('Failed: '))
		.flatMap((node) => outputItems(runData, node));
	// Which step sent the contact to the error branch, and why.
	const errors = Object.keys(runData).flatMap((node) =>
		node === 'Has Email?'
			? []
			: outputItems(runData, node, 1).map((item) => `${node}: ${errorText(item)}`),
	);
	let outcome: Outcome;
	if (status !== 'success') outcome = 'failedExecution';
	else if (failed.length > 0) outcome = 'errorItem';
	else if (outputItems(runData, 'Skip: No Email').length > 0) outcome = 'skipped';
	else if (outputItems(runData, 'Enroll in Default Course').length > 0) outcome = 'synced';
	else outcome = 'silent';
	if (status !== 'success') {
		errors.push(
			...Object.entries(runData).flatMap(([node, runs]) =>
				runs.filter((run) => run.error).map((run) => `${node}: ${run.error?.message}`),
			),
		);
	}
	return { contactId, outcome, errors };
}

interface Recipe1Result {
	deliveries: number;
	/** Deliveries n8n did not answer with 200 (HighLevel would not resend them). */
	undelivered: number;
	/** What the one execution per delivery did. */
	delivered: Record<Outcome, number>;
	errorSamples: string[];
}

async function runRecipe1(
	stack: TemplateStack,
	contacts: SoakContact[],
	ids: Map<string, number>,
	options: Options,
): Promise<Recipe1Result> {
	const { n8n, sandboxes } = stack;
	const { ghl } = sandboxes;
	const workflowId = stack.templates[RECIPE_1].id;
	const location = ghl.defaultLocationId;
	const deliveries: WebhookDelivery[] = [];
	const send = async (batch: Array<() => WebhookDelivery[]>) => {
		for (const make of batch) deliveries.push(...make());
		await ghl.webhooks.flush();
		// Keeps n8n's queue short: HighLevel sends as contacts change, not all at once.
		while ((await countExecutions(n8n, workflowId, ['new', 'running'])) > options.wave) await sleep(500);
	};

	// Contacts are created quietly and announced here, once each, so every delivery is kept and checked.
	for (let start = 0; start < contacts.length; start += options.wave) {
		await send(
			contacts.slice(start, start + options.wave).map((contact) => () => {
				const created = ghl.store.quietly(() => {
					const record = ghl.store.createContact(location, {
						firstName: contact.firstName,
						lastName: contact.lastName,
						email: contact.email,
						phone: contact.phone,
						tags: contact.tags,
					});
					for (const note of contact.notes) ghl.store.addNote(record.id, { body: note.body }, undefined, note.dateAdded);
					for (const task of contact.tasks) ghl.store.addTask(record.id, task);
					return record;
				});
				ids.set(created.id, contact.index);
				return ghl.webhooks.send('ContactCreate', created);
			}),
		);
	}
	// A delivery n8n did not answer 200 may have started no execution: it is reported below, not waited for.
	const accepted = deliveries.filter((delivery) => delivery.targets.every((target) => target.status === 200));
	await waitForExecutions(n8n, workflowId, accepted.length);

	const errorSamples = new Map<string, number>();
	const note = (error: string) => errorSamples.set(error.slice(0, 160), (errorSamples.get(error.slice(0, 160)) ?? 0) + 1);
	// The deliveries' own executions (template 12's replays run as sub-workflow executions of 01).
	const delivered = (await n8n.executions(workflowId)).filter((execution) => execution.mode === 'webhook');
	const results = await mapLimit(delivered, 4, (execution) => readRecipe1Execution(n8n, execution.id, execution.status));
	const counts: Record<Outcome, number> = { synced: 0, skipped: 0, errorItem: 0, failedExecution: 0, silent: 0 };
	for (const result of results) {
		counts[result.outcome]++;
		for (const error of result.errors) note(error);
	}
	for (const delivery of deliveries) {
		for (const target of delivery.targets) {
			if (target.status !== 200) note(`delivery not answered 200: ${target.status ?? target.error ?? 'no answer'}`);
		}
	}
	return {
		deliveries: deliveries.length,
		undelivered: deliveries.length - accepted.length,
		delivered: counts,
		errorSamples: [...errorSamples].map(([error, count]) => `${count} × ${error}`),
	};
}

// --- recovery: template 12 replays what the templates kept ---------------------------------------

interface Recovery {
	/** Rows in the retry table when the faults stopped. */
	keptWhenFaultsStopped: number;
	/** Executions of 01 that 12 started (replays), and how many of them succeeded. */
	replays: number;
	replaysSucceeded: number;
	/** Rows left once nothing is due any more (alerted ones only, if all is well). */
	rows: RetryRow[];
	seconds: number;
}

/** Waits (after the faults stopped) until no row is waiting or being replayed. */
async function drainRetries(stack: TemplateStack): Promise<Recovery> {
	const started = Date.now();
	const keptWhenFaultsStopped = (await retryRows(stack)).length;
	let rows = await retryRows(stack);
	let lastChange = Date.now();
	let last = JSON.stringify(rows);
	while (rows.some((row) => row.status === 'waiting' || row.status === 'running' || row.status === 'alert')) {
		// Not a timing assertion: a table that does not change for 10 minutes is stuck.
		if (Date.now() - lastChange > 600_000)
			throw new Error(`the retry table did not move for 10 minutes: ${last.slice(0, 500)}`);
		await sleep(2000);
		rows = await retryRows(stack);
		if (JSON.stringify(rows) !== last) {
			last = JSON.stringify(rows);
			lastChange = Date.now();
		}
	}
	await waitForExecutions(stack.n8n, stack.templates[RECIPE_1].id, 0);
	const replays = (await stack.n8n.executions(stack.templates[RECIPE_1].id)).filter(
		(execution) => execution.mode === 'integrated',
	);
	return {
		keptWhenFaultsStopped,
		replays: replays.length,
		replaysSucceeded: replays.filter((execution) => execution.status === 'success').length,
		rows,
		seconds: (Date.now() - started) / 1000,
	};
}

/** What the team was told: GHL tasks added by the run (beyond the seeded ones) and 13's messages. */
interface Alerts {
	/** Extra GHL tasks by contact index. */
	tasks: Map<number, number>;
	messages: string[];
}

function alertsOf(sandboxes: Sandboxes, ids: Map<string, number>, contacts: SoakContact[], inbox: AlertInbox): Alerts {
	const tasks = new Map<number, number>();
	for (const [contactId, index] of ids) {
		const extra = sandboxes.ghl.store.listTasks(contactId).length - contacts[index].tasks.length;
		if (extra !== 0) tasks.set(index, extra);
	}
	return { tasks, messages: [...inbox.messages] };
}

// --- recipe 2: the daily batch (every contact with an email), run until no contact fails ---------

interface Recipe2Run {
	status: string;
	/** Contacts the search returned (every contact with an email: template 02 keeps no cursor). */
	searched: number;
	learners: number;
	/** Learners whose profile values went through Write Profile Fields (changed or not). */
	written: number;
	/** Of those, learners whose values differed and were written. */
	changed: number;
	errorItems: number;
	/** Contacts that went in and came out nowhere (neither written, skipped nor an error item). */
	unaccounted: number;
}

interface Recipe2Result {
	runs: Recipe2Run[];
	errorSamples: string[];
}

/** Template 02's steps that can fail, each with its error output to a "Failed: …" node. */
const RECIPE_2_STEPS = ['Find Learners', 'Get Notes', 'Get Tasks', 'Write Profile Fields'];

async function runRecipe2(stack: TemplateStack): Promise<Recipe2Result> {
	const { n8n } = stack;
	const workflowId = stack.templates[RECIPE_2].id;
	const failureNodes = stack.templates[RECIPE_2].workflow.nodes
		.map((node) => node.name)
		.filter((name) => name.startsWith('Failed: '));
	const runs: Recipe2Run[] = [];
	const errorSamples = new Map<string, number>();
	const note = (error: string) => errorSamples.set(error.slice(0, 160), (errorSamples.get(error.slice(0, 160)) ?? 0) + 1);
	for (let round = 0; round < MAX_ROUNDS; round++) {
		await waitForSearchToCatchUp(stack.sandboxes);
		const executionId = await n8n.runManually(workflowId, TRIGGER_2);
		// One execution over every contact: under faults it runs for many minutes, so this waits for
		// it to end (a guard against a hung run, not a timing assertion).
		const status = await n8n.waitForExecution(executionId, 3 * 3600_000);
		const runData = await n8n.runData(executionId);
		const count = (node: string, output = 0) => outputItems(runData, node, output).length;
		const failedItems = failureNodes.flatMap((node) => outputItems(runData, node));
		for (const item of failedItems) note(errorText(item));
		if (status !== 'success') {
			for (const [node, nodeRuns] of Object.entries(runData))
				for (const run of nodeRuns) if (run.error) note(`${node}: ${run.error.message}`);
		}
		const searched = count('Contacts With Email');
		const stepFailures = RECIPE_2_STEPS.reduce((sum, node) => sum + count(node, 1), 0);
		const written = count('Write Profile Fields');
		runs.push({
			status,
			searched,
			learners: count('Is a Learner?'),
			written,
			changed: outputItems(runData, 'Write Profile Fields').filter(
				(item) => Array.isArray(item.values) && item.values.length > 0,
			).length,
			errorItems: failedItems.length,
			unaccounted:
				status === 'success'
					? searched - (count('Is a Learner?', 1) + written + stepFailures) +
						Math.abs(failedItems.length - stepFailures)
					: 0,
		});
		if (status === 'success' && failedItems.length === 0) break;
	}
	return { runs, errorSamples: [...errorSamples].map(([error, count]) => `${count} × ${error}`) };
}

// --- the Skilljar end state -------------------------------------------------------------------

interface Learner {
	firstName: string;
	lastName: string;
	values: Record<string, string>;
	groups: string[];
	courses: string[];
}

interface SkilljarState {
	learners: Record<string, Learner>;
	/** Emails held by more than one Skilljar user. */
	duplicated: string[];
	groups: string[];
}

/** Skilljar's state with the run's own ids replaced by stable ones (GHL ids by contact index). */
function skilljarState(sandboxes: Sandboxes, ids: Map<string, number>): SkilljarState {
	const { store, defaultDomain } = sandboxes.skilljar;
	const learners: Record<string, Learner> = {};
	const emails = new Map<string, number>();
	// The demo sandbox's own progress-demo learners are no contact's: not the run's to count.
	const seeded = new Set(Object.values(DEMO_COURSE.learners).map(({ email }) => email.toLowerCase()));
	for (const user of store.listUsers()) {
		const email = user.email.toLowerCase();
		if (seeded.has(email)) continue;
		emails.set(email, (emails.get(email) ?? 0) + 1);
		const values: Record<string, string> = {};
		for (const [fieldId, value] of store.getDomainUser(defaultDomain, user.id)?.values ?? []) {
			const label = store.signupFields.get(fieldId)?.label ?? fieldId;
			values[label] = label === 'CRM Contact ID' ? `contact #${ids.get(value) ?? `unknown ${value}`}` : value;
		}
		const courses = store
			.listEnrollments()
			.filter((enrollment) => enrollment.userId === user.id && enrollment.active)
			.map((enrollment) => {
				const published = store.publishedCourses.get(enrollment.publishedCourseId);
				return store.courses.get(published?.courseId ?? '')?.title ?? enrollment.publishedCourseId;
			})
			.sort();
		learners[email] = {
			firstName: user.first_name,
			lastName: user.last_name,
			values,
			groups: store.groupNamesOf(user.id).sort(),
			courses,
		};
	}
	return {
		learners,
		duplicated: [...emails].filter(([, count]) => count > 1).map(([email]) => email),
		groups: store
			.listGroups()
			.map((group) => group.name)
			.sort(),
	};
}

interface Comparison {
	lost: string[];
	extra: string[];
	duplicated: string[];
	wrongGroups: string[];
	otherDifferences: string[];
}

function compare(expected: SkilljarState, actual: SkilljarState): Comparison {
	const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
	const result: Comparison = { lost: [], extra: [], duplicated: actual.duplicated, wrongGroups: [], otherDifferences: [] };
	for (const [email, learner] of Object.entries(expected.learners)) {
		const other = actual.learners[email];
		if (!other) result.lost.push(email);
		else if (!same(learner.groups, other.groups)) result.wrongGroups.push(email);
		else if (!same(learner, other)) result.otherDifferences.push(email);
	}
	result.extra = Object.keys(actual.learners).filter((email) => !(email in expected.learners));
	if (!same(expected.groups, actual.groups)) result.otherDifferences.push(`groups: ${actual.groups.join(', ')}`);
	return result;
}

/** What the fault-free run must hold, from the contacts themselves. */
function checkIntended(state: SkilljarState, contacts: SoakContact[]): string[] {
	const problems: string[] = [];
	const withEmail = contacts.filter((contact) => contact.email);
	if (Object.keys(state.learners).length !== withEmail.length)
		problems.push(`${Object.keys(state.learners).length} learners for ${withEmail.length} contacts with an email`);
	for (const contact of withEmail) {
		const learner = state.learners[contact.email!];
		const groups = contact.tags.filter((tag) => tag === 'vip' || tag === 'lms').map((tag) => `GHL: ${tag}`).sort();
		if (
			!learner ||
			learner.firstName !== contact.firstName ||
			learner.lastName !== contact.lastName ||
			// v1 cannot store an empty value: a contact without a phone leaves the field unset (#14 point 15).
			(learner.values.Phone ?? '') !== (contact.phone ?? '') ||
			learner.values['CRM Contact ID'] !== `contact #${contact.index}` ||
			!learner.values.Notes?.startsWith(contact.notes.length === 0 ? 'No notes' : `${contact.notes.length} note`) ||
			!learner.values.Tasks?.startsWith(contact.tasks.length === 0 ? 'No tasks' : '') ||
			JSON.stringify(learner.groups) !== JSON.stringify(groups) ||
			learner.courses.length !== 1
		) {
			problems.push(`${contact.email}: ${JSON.stringify(learner)}`);
		}
		if (problems.length > 5) break;
	}
	return problems;
}

// --- one run ----------------------------------------------------------------------------------

interface ScenarioResult {
	name: string;
	recipe1: Recipe1Result;
	recipe2: Recipe2Result;
	recovery: Recovery;
	alerts: Alerts;
	ghl: RequestFigures;
	skilljar: RequestFigures;
	state: SkilljarState;
	ids: Map<string, number>;
	seconds: { recipe1: number; recipe2: number };
}

async function runScenario(
	name: string,
	withFaults: boolean,
	contacts: SoakContact[],
	tarball: string,
	options: Options,
): Promise<ScenarioResult> {
	const log = (text: string) => process.stdout.write(`[${name}] ${text}\n`);
	const sandboxes = await startSandboxes({ records: 0 });
	const inbox = await startAlertInbox();
	let stack: TemplateStack | undefined;
	try {
		stack = await startTemplateStack({
			bin: n8nBin(),
			tarball,
			sandboxes,
			only: [RECIPE_1, RECIPE_2, RETRY_TEMPLATE, ALERT_TEMPLATE],
			env: { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(options.concurrency) },
			retryEverySeconds: RETRY_EVERY_SECONDS,
			settings: {
				[RETRY_TEMPLATE]: { firstRetryAfterMinutes: FIRST_RETRY_AFTER_MINUTES },
				[ALERT_TEMPLATE]: { alertWebhookUrl: inbox.url },
			},
		});
		if (!stack.templates[RETRY_TEMPLATE] || !stack.templates[ALERT_TEMPLATE])
			throw new Error('templates 12 (retries) and 13 (alerts) must be in workflows/');
		const { ghl, skilljar } = sandboxes;
		// Faults from here on: setting up n8n and its credentials is not under test.
		if (withFaults) {
			ghl.configure({ faults: faultProfile(options.seed, 200, 5), expireAccessTokensEvery: 50 });
			skilljar.configure({
				faults: faultProfile(options.seed + 1, 400, 8),
				refusedEmails: refusedContacts(contacts).map((contact) => `^${escapeRegExp(contact.email!)}$`),
			});
		}
		ghl.clearRequests();
		skilljar.clearRequests();
		const logs = { ghl: new RequestLog(() => ghl.requests), skilljar: new RequestLog(() => skilljar.requests) };
		logs.ghl.start();
		logs.skilljar.start();

		const ids = new Map<string, number>();
		log(`recipe 1: ${contacts.length} GHL contacts created, ContactCreate delivered once each to template 01`);
		let started = Date.now();
		const recipe1 = await runRecipe1(stack, contacts, ids, options);
		const recipe1Seconds = (Date.now() - started) / 1000;
		log(`recipe 1 done in ${recipe1Seconds.toFixed(0)} s: ${JSON.stringify(recipe1.delivered)}`);

		log('recipe 2: the daily batch (template 02), run until no contact fails');
		started = Date.now();
		const recipe2 = await runRecipe2(stack);
		const recipe2Seconds = (Date.now() - started) / 1000;
		log(`recipe 2 done in ${recipe2Seconds.toFixed(0)} s: ${JSON.stringify(recipe2.runs)}`);

		// The outage ends (the refusals do not: they are the contacts' data, not a fault).
		ghl.configure({ faults: {}, expireAccessTokensEvery: 0 });
		skilljar.configure({ faults: {} });
		log('faults stopped; template 12 replays what was kept');
		const recovery = await drainRetries(stack);
		log(
			`recovery done in ${recovery.seconds.toFixed(0)} s: ${recovery.keptWhenFaultsStopped} rows kept, ${recovery.replays} replays (${recovery.replaysSucceeded} succeeded), ${recovery.rows.length} rows left`,
		);
		// Template 12 alerts on its next run after a row turns `alert`: let it run twice more.
		const retryRuns = (await stack.n8n.executions(stack.templates[RETRY_TEMPLATE].id)).length;
		while ((await stack.n8n.executions(stack.templates[RETRY_TEMPLATE].id)).length < retryRuns + 2) await sleep(1000);
		await waitForExecutions(stack.n8n, stack.templates[ALERT_TEMPLATE].id, 0);

		logs.ghl.stop();
		logs.skilljar.stop();
		return {
			name,
			recipe1,
			recipe2,
			recovery,
			alerts: alertsOf(sandboxes, ids, contacts, inbox),
			ghl: figures(logs.ghl.entries),
			skilljar: figures(logs.skilljar.entries),
			state: skilljarState(sandboxes, ids),
			ids,
			seconds: { recipe1: recipe1Seconds, recipe2: recipe2Seconds },
		};
	} finally {
		await stack?.n8n.stop();
		await sandboxes.close();
		await inbox.close();
	}
}

// --- report -----------------------------------------------------------------------------------

function table(rows: Array<[string, ...string[]]>): string {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	return rows
		.map((row, index) => {
			const line = row.map((cell, column) => cell.padEnd(widths[column])).join(' | ');
			return index === 0 ? `${line}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}` : line;
		})
		.join('\n');
}

function report(clean: ScenarioResult, faulty: ScenarioResult, comparison: Comparison, options: Options): string {
	const both = (pick: (run: ScenarioResult) => string | number): [string, string] => [String(pick(clean)), String(pick(faulty))];
	const faults = (run: ScenarioResult, kind: keyof RequestFigures['faults']) =>
		`${run.ghl.faults[kind] + run.skilljar.faults[kind]} (GHL ${run.ghl.faults[kind]}, Skilljar ${run.skilljar.faults[kind]})`;
	const retries = (figure: RequestFigures) =>
		figure.retries.afterFailure + figure.retries.after429 + figure.retries.after401;
	const delivered = (run: ScenarioResult, outcome: Outcome) => run.recipe1.delivered[outcome];
	const runs2 = (run: ScenarioResult, pick: (r: Recipe2Run) => string | number) => run.recipe2.runs.map(pick).join(' → ');
	const all429 = (run: ScenarioResult) =>
		run.ghl.faults['429'] + run.skilljar.faults['429'] + run.ghl.limiter429 + run.skilljar.limiter429;
	const rows: Array<[string, ...string[]]> = [
		['', 'fault-free', 'faults'],
		['GHL contacts (with email)', ...both(() => `${options.contacts} (${Object.keys(clean.state.learners).length})`)],
		['recipe 1 deliveries (not answered 200)', ...both((run) => `${run.recipe1.deliveries} (${run.recipe1.undelivered})`)],
		['recipe 1 deliveries: synced', ...both((run) => delivered(run, 'synced'))],
		['recipe 1 deliveries: skipped (no email)', ...both((run) => delivered(run, 'skipped'))],
		['recipe 1 deliveries: error items (kept for retry)', ...both((run) => delivered(run, 'errorItem'))],
		['recipe 1 deliveries: failed executions', ...both((run) => delivered(run, 'failedExecution'))],
		['recipe 1 deliveries: silently dropped', ...both((run) => delivered(run, 'silent'))],
		['retry table rows when the faults stopped', ...both((run) => run.recovery.keptWhenFaultsStopped)],
		['template 12 replays (succeeded)', ...both((run) => `${run.recovery.replays} (${run.recovery.replaysSucceeded})`)],
		['rows left (alerted) / drain time', ...both((run) => `${run.recovery.rows.length} (${run.recovery.rows.filter((row) => row.status === 'alerted').length}) / ${run.recovery.seconds.toFixed(0)} s`)],
		['alerts: GHL tasks / messages via 13', ...both((run) => `${[...run.alerts.tasks.values()].reduce((sum, count) => sum + count, 0)} / ${run.alerts.messages.length}`)],
		['recipe 2 runs: status', ...both((run) => runs2(run, (r) => r.status))],
		['recipe 2 runs: contacts read', ...both((run) => runs2(run, (r) => r.searched))],
		['recipe 2 runs: learners written (values changed)', ...both((run) => runs2(run, (r) => `${r.written} (${r.changed})`))],
		['recipe 2 runs: error items', ...both((run) => runs2(run, (r) => r.errorItems))],
		['recipe 2 runs: unaccounted', ...both((run) => runs2(run, (r) => r.unaccounted))],
		['requests GHL / Skilljar', ...both((run) => `${run.ghl.requests} / ${run.skilljar.requests}`)],
		['faults: 5xx', ...both((run) => faults(run, '5xx'))],
		['faults: connection resets', ...both((run) => faults(run, 'reset'))],
		['faults: 2 s stalls', ...both((run) => faults(run, 'stall'))],
		['faults: injected 429s', ...both((run) => faults(run, '429'))],
		['429s from GHL\'s rate limiter', ...both((run) => run.ghl.limiter429)],
		['401s (expired access token)', ...both((run) => run.ghl.unauthorized)],
		['token refreshes (rotating)', ...both((run) => run.ghl.refreshes)],
		['retries seen by the sandboxes', ...both((run) => `${retries(run.ghl) + retries(run.skilljar)} (after 5xx/reset/stall ${run.ghl.retries.afterFailure + run.skilljar.retries.afterFailure}, after 429 ${run.ghl.retries.after429 + run.skilljar.retries.after429}, after 401 ${run.ghl.retries.after401})`)],
		['429s absorbed (answered 429, then retried)', ...both((run) => `${run.ghl.retries.after429 + run.skilljar.retries.after429} of ${all429(run)}`)],
		['wall time recipe 1 / recipe 2', ...both((run) => `${run.seconds.recipe1.toFixed(0)} s / ${run.seconds.recipe2.toFixed(0)} s`)],
		['Skilljar learners', ...both((run) => Object.keys(run.state.learners).length)],
		['outcome vs fault-free: lost / duplicated / wrong groups / other', '', `${comparison.lost.length} / ${comparison.duplicated.length} / ${comparison.wrongGroups.length} / ${comparison.otherDifferences.length + comparison.extra.length}`],
	];
	return table(rows);
}

function withoutLearners(state: SkilljarState, emails: Set<string>): SkilljarState {
	return {
		...state,
		learners: Object.fromEntries(Object.entries(state.learners).filter(([email]) => !emails.has(email))),
	};
}

/**
 * After the faults stopped and template 12 drained the table: every contact with an email is a
 * learner or a row; the only rows left are the refused contacts', alerted after one attempt; each
 * refused contact has one alert task and is named in exactly one place of what 13 posted; nobody
 * else was alerted.
 */
function recoveryProblems(run: ScenarioResult, contacts: SoakContact[], refused: SoakContact[]): string[] {
	const problems: string[] = [];
	const refusedIndexes = new Set(refused.map((contact) => contact.index));
	const rowsByIndex = new Map(
		run.recovery.rows.map((row) => [run.ids.get(row.contact_id) ?? -1, row] as const),
	);
	const unaccounted = contacts.filter(
		(contact) => contact.email && !run.state.learners[contact.email.toLowerCase()] && !rowsByIndex.has(contact.index),
	);
	if (unaccounted.length > 0)
		problems.push(`${run.name}: ${unaccounted.length} contacts neither synced nor in the retry table: ${unaccounted.slice(0, 5).map((contact) => contact.email).join(', ')}`);
	const strayRows = run.recovery.rows.filter((row) => !refusedIndexes.has(run.ids.get(row.contact_id) ?? -1));
	if (strayRows.length > 0)
		problems.push(`${run.name}: ${strayRows.length} rows left for contacts that should have healed: ${strayRows.slice(0, 3).map((row) => `${row.item_key} ${row.status} ${row.step}: ${row.error}`).join('; ')}`);
	const mentions = (email: string) =>
		run.alerts.messages.reduce((sum, text) => sum + text.split(email).length - 1, 0);
	for (const contact of refused) {
		const row = rowsByIndex.get(contact.index);
		if (row?.status !== 'alerted' || row.attempts !== 1)
			problems.push(`${run.name}: refused ${contact.email}: row ${JSON.stringify(row && { status: row.status, attempts: row.attempts })}, want alerted after 1 attempt`);
		if (run.alerts.tasks.get(contact.index) !== 1)
			problems.push(`${run.name}: refused ${contact.email}: ${run.alerts.tasks.get(contact.index) ?? 0} alert tasks, want 1`);
		if (mentions(contact.email!) !== 1)
			problems.push(`${run.name}: refused ${contact.email} named ${mentions(contact.email!)} times in 13's messages, want 1`);
	}
	const wrongTasks = [...run.alerts.tasks.keys()].filter((index) => !refusedIndexes.has(index));
	if (wrongTasks.length > 0) problems.push(`${run.name}: alert tasks for ${wrongTasks.length} contacts that healed`);
	const told = contacts.filter(
		(contact) => contact.email && !refusedIndexes.has(contact.index) && mentions(contact.email) > 0,
	);
	if (told.length > 0)
		problems.push(`${run.name}: 13 told the team about ${told.length} contacts that healed: ${told.slice(0, 5).map((contact) => contact.email).join(', ')}`);
	return problems;
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const started = Date.now();
	const packDir = mkdtempSync(join(tmpdir(), 'ghl-lms-soak-'));
	const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
	const contacts = soakContacts(options.contacts, today);
	process.stdout.write(`soak: ${options.contacts} contacts, seed ${options.seed}; a fault-free and a faulty run side by side\n`);
	try {
		const tarball = packPackage(packDir);
		const [clean, faulty] = await Promise.all([
			runScenario('fault-free', false, contacts, tarball, options),
			runScenario('faults', true, contacts, tarball, options),
		]);
		const refused = refusedContacts(contacts);
		const refusedEmails = new Set(refused.map((contact) => contact.email!.toLowerCase()));
		// Skilljar refuses them for good in the faulty run: they are alerted, not synced.
		const comparison = compare(withoutLearners(clean.state, refusedEmails), faulty.state);
		process.stdout.write(`\n${report(clean, faulty, comparison, options)}\n\n`);

		const problems: string[] = [];
		const intended = checkIntended(clean.state, contacts);
		if (intended.length > 0) problems.push(`the fault-free run is not what the contacts ask for: ${intended.join('; ')}`);
		for (const run of [clean, faulty]) {
			if (run.recipe1.undelivered > 0) problems.push(`${run.name}: ${run.recipe1.undelivered} deliveries not answered 200`);
			const { silent } = run.recipe1.delivered;
			if (silent > 0) problems.push(`${run.name}: ${silent} recipe 1 executions ended nowhere (silently dropped)`);
			problems.push(...recoveryProblems(run, contacts, run === faulty ? refused : []));
			const unaccounted = run.recipe2.runs.reduce((sum, r) => sum + r.unaccounted, 0);
			if (unaccounted !== 0) problems.push(`${run.name}: recipe 2 lost track of ${unaccounted} contacts`);
			const last = run.recipe2.runs.at(-1)!;
			if (last.status !== 'success' || last.errorItems > 0) problems.push(`${run.name}: recipe 2 still failing after ${MAX_ROUNDS} runs`);
			const withEmail = contacts.filter((contact) => contact.email).length;
			if (run.recipe2.runs.some((r) => r.status === 'success' && r.searched !== withEmail))
				problems.push(`${run.name}: recipe 2 searched ${run.recipe2.runs.map((r) => r.searched).join(', ')} contacts`);
			if (run.recipe1.errorSamples.length + run.recipe2.errorSamples.length > 0) {
				process.stdout.write(`${run.name}: errors surfaced (error items and failed executions), all rounds:\n  ${[...run.recipe1.errorSamples, ...run.recipe2.errorSamples].join('\n  ')}\n`);
			}
		}
		for (const [what, list] of Object.entries(comparison)) {
			if ((list as string[]).length > 0) problems.push(`faults vs fault-free, ${what}: ${(list as string[]).slice(0, 5).join(', ')}${(list as string[]).length > 5 ? ', …' : ''}`);
		}
		for (const email of [...comparison.wrongGroups, ...comparison.otherDifferences].slice(0, 3)) {
			process.stdout.write(`  ${email}\n    fault-free ${JSON.stringify(clean.state.learners[email])}\n    faults     ${JSON.stringify(faulty.state.learners[email])}\n`);
		}
		if (faulty.ghl.refreshes === 0 || faulty.ghl.faults['5xx'] === 0 || faulty.skilljar.faults.stall === 0)
			problems.push('the faulty run saw no faults: the fault configuration did not apply');
		process.stdout.write(`soak: ${((Date.now() - started) / 1000).toFixed(0)} s in all\n`);
		if (problems.length > 0) {
			process.stdout.write(`\nSOAK FAILED\n- ${problems.join('\n- ')}\n`);
			process.exitCode = 1;
		} else {
			process.stdout.write(
				`\nSOAK PASSED: equal end states, 0 lost, 0 duplicated, 0 wrong group memberships, no silent drops, nothing re-sent; ${refused.length} refused contacts alerted once each, none retried, no healed contact alerted\n`,
			);
		}
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
