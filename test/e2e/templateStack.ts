// The template workflows (workflows/) in a real n8n against the three sandboxes, set up the
// way their sticky notes tell a user to: credentials created under the names the templates carry
// (n8n links them by name on import) and the GHL OAuth2 one connected through n8n's own OAuth
// endpoints, settings filled in, triggers' URLs given to the services. Used by the end-to-end
// test and by `npm start`.
import { randomBytes, randomUUID } from 'node:crypto';

import type { Contact, GhlSandbox, WebhookEventType } from '../../sandbox/ghl';
import { startGhlDemo } from '../../sandbox/ghl/demo';
import type { EventName, OchSandbox } from '../../sandbox/onlinecoursehost';
import { startOchDemo } from '../../sandbox/onlinecoursehost/demo';
import type { SandboxFlags } from '../../sandbox/service';
import type { SkilljarSandbox } from '../../sandbox/skilljar';
import { startSkilljarDemo } from '../../sandbox/skilljar/demo';
import { DEMO_COURSE } from '../../sandbox/skilljar/seed';
import { RETRY_COLUMNS, RETRY_TABLE } from '../harness/dataTables';
import { packageNodes } from '../harness/packageTypes';
import { loadTemplates, type Template, type TemplateWorkflow } from '../harness/templates';
import { N8nInstance, type ExecutionSummary } from './n8nInstance';

const PACKAGE = 'n8n-nodes-ghl-lms';

// --- recovery (docs/recovery.md) -----------------------------------------------------------------

export { RETRY_COLUMNS, RETRY_TABLE };

/** Template 12 "Retry failed LMS syncs" and template 13 "Alert the team about LMS sync failures". */
export const RETRY_TEMPLATE = '12';
export const ALERT_TEMPLATE = '13';

/** A row of the retry table, as n8n's REST API answers it. */
export interface RetryRow {
	id: number;
	retry_key: string;
	workflow_id: string;
	workflow_name: string;
	item_key: string;
	contact_id: string;
	step: string;
	error: string;
	http_code: number | null;
	payload: string;
	attempts: number;
	first_failed_at: string;
	last_failed_at: string;
	status: string;
}

export async function retryRows(stack: TemplateStack): Promise<RetryRow[]> {
	return (await stack.n8n.dataTableRows(stack.retryTableId)) as unknown as RetryRow[];
}

// --- sandboxes ----------------------------------------------------------------------------------

export interface Sandboxes {
	ghl: GhlSandbox;
	skilljar: SkilljarSandbox;
	och: OchSandbox;
	skilljarApiKey: string;
	ochToken: string;
	/** The GHL demo location's Private Integration token (read and write). */
	ghlToken: string;
	/** What `npm run sandbox` prints for each. */
	summaries: Record<'ghl' | 'skilljar' | 'onlinecoursehost', string[]>;
	close(): Promise<void>;
}

/** How late HighLevel's search shows a write (seconds, in its live API); the sandboxes do the same. */
export const SEARCH_LAG_MS = 3_000;

/** The number custom field template 11 reads, as a HighLevel user would create it. */
export const LEAD_SCORE_FIELD = 'Lead Score';

/** The OnlineCourseHost course template 11 enrolls in (its Settings' courseTitle). */
export const LEAD_SCORE_COURSE = 'Email Marketing Foundations';

/**
 * The demo sandboxes of `npm run sandbox` (fixed credentials, seeded data), plus what the
 * templates' set-up notes ask for: in Skilljar a "Tasks" profile field next to the seeded
 * "Notes", and groups for the tags `vip` and `lms` under the templates' group prefix; in
 * HighLevel the "Lead Score" custom field.
 */
export async function startSandboxes(
	options: {
		ports?: { ghl?: number; skilljar?: number; och?: number };
		records?: number;
		seed?: number;
		/** Delay before a GHL write shows in POST /contacts/search (default SEARCH_LAG_MS). */
		searchLagMs?: number;
	} = {},
): Promise<Sandboxes> {
	const flags = (port: number | undefined): SandboxFlags => ({
		port: port ?? 0,
		latencyMs: 0,
		records: options.records ?? 50,
		seed: options.seed ?? 1,
		searchLagMs: options.searchLagMs ?? SEARCH_LAG_MS,
	});
	const ghl = await startGhlDemo(flags(options.ports?.ghl));
	const skilljar = await startSkilljarDemo(flags(options.ports?.skilljar));
	const och = await startOchDemo(flags(options.ports?.och));
	const store = skilljar.sandbox.store;
	if (!store.listSignupFields(store.defaultDomain).some((field) => field.label === 'Tasks')) {
		store.addSignupField({ label: 'Tasks', type: 'TEXT' });
	}
	for (const name of ['GHL: vip', 'GHL: lms'])
		if (!store.findGroupByName(name)) store.addGroup({ name });
	const location = ghl.sandbox.defaultLocationId;
	if (
		!ghl.sandbox.store.listCustomFields(location).some((field) => field.name === LEAD_SCORE_FIELD)
	)
		ghl.sandbox.store.addCustomField({
			locationId: location,
			name: LEAD_SCORE_FIELD,
			dataType: 'NUMERICAL',
		});
	addCompletionFields(ghl.sandbox);
	return {
		ghl: ghl.sandbox,
		skilljar: skilljar.sandbox,
		och: och.sandbox,
		skilljarApiKey: skilljar.apiKey,
		ochToken: och.token,
		ghlToken: ghl.token,
		summaries: { ghl: ghl.summary, skilljar: skilljar.summary, onlinecoursehost: och.summary },
		async close() {
			await Promise.all([ghl.sandbox.close(), skilljar.sandbox.close(), och.sandbox.close()]);
		},
	};
}

/**
 * Waits until HighLevel's search shows every write made so far, as a user runs a search-based
 * workflow (the daily batch) a while after the changes it should see; polled, not timed.
 */
export async function waitForSearchToCatchUp({ ghl }: Sandboxes): Promise<void> {
	while (!ghl.store.searchShowsAllWrites())
		await new Promise((resolve) => setTimeout(resolve, 200));
}

// --- n8n with the templates -------------------------------------------------------------------

export interface ImportedTemplate extends Template {
	id: string;
	versionId: string;
	/** Production URL of each trigger node with a webhook, by node name (OCH ones with `?key=`). */
	triggerUrls: Record<string, string>;
}

export interface TemplateStack {
	n8n: N8nInstance;
	sandboxes: Sandboxes;
	owner: { email: string; password: string };
	credentials: Record<string, { id: string; name: string }>;
	templates: Record<string, ImportedTemplate>;
	/** The Data Table "LMS Sync Retries" every template's Data Table nodes point at. */
	retryTableId: string;
	/** Template 13's id, every other template's Error Workflow (undefined until 13 exists). */
	errorWorkflowId?: string;
}

export interface TemplateStackOptions {
	bin: string;
	tarball: string;
	sandboxes: Sandboxes;
	port?: number;
	userFolder?: string;
	env?: Record<string, string>;
	/** Template numbers to import (e.g. ['01', '02']); all when omitted. */
	only?: string[];
	/**
	 * Template numbers imported but left inactive until `activateTemplate` (their triggers would
	 * otherwise react to what other templates do before the test that is about them).
	 */
	inactive?: string[];
	/** Settings node values by template number, over the stack's own (e.g. 13's alertWebhookUrl). */
	settings?: Record<string, Record<string, unknown>>;
	/** Template 12's schedule, in seconds, instead of its shipped one (tests don't wait minutes). */
	retryEverySeconds?: number;
	/**
	 * An n8n that is already running (e.g. the main process of a queue-mode set-up) to set up
	 * instead of starting one; the caller stops it.
	 */
	n8n?: N8nInstance;
}

/** Which template's OnlineCourseHost trigger gets each OCH event (OCH sends an event to one URL). */
export const OCH_EVENT_OWNERS: Partial<Record<EventName, string>> = {
	newStudentAccount: '05',
	courseEnrollment: '06',
};

/** The credential name each credential type has in the templates (n8n links them by it). */
function credentialNames(templates: Template[]): Record<string, string> {
	const names: Record<string, string> = {};
	for (const { workflow } of templates) {
		for (const node of workflow.nodes) {
			for (const [type, reference] of Object.entries(node.credentials ?? {}))
				names[type] = reference.name;
		}
	}
	return names;
}

/** The webhook path of each of our nodes that has one (GHL Trigger, OCH Trigger, …), by type. */
const WEBHOOK_PATHS: Record<string, string> = Object.fromEntries(
	Object.entries(packageNodes()).flatMap(([type, nodeType]) => {
		const path = nodeType.description.webhooks?.[0]?.path;
		return typeof path === 'string' ? [[type, path]] : [];
	}),
);

export async function startTemplateStack(options: TemplateStackOptions): Promise<TemplateStack> {
	const { sandboxes } = options;
	const { ghl, skilljar, och } = sandboxes;
	const n8n =
		options.n8n ??
		(await N8nInstance.start({
			bin: options.bin,
			tarball: options.tarball,
			port: options.port,
			userFolder: options.userFolder,
			env: options.env,
		}));
	try {
		const owner = await n8n.setupOwner();
		const templates = loadTemplates().filter(
			(template) => !options.only || options.only.includes(template.key),
		);
		const names = credentialNames(templates);

		// A marketplace app that accepts exactly n8n's redirect URL, as HighLevel's app settings do.
		const app = ghl.createOAuthClient({
			redirectUris: [`${n8n.url}/rest/oauth2-credential/callback`],
		});
		const credentials: Record<string, { id: string; name: string }> = {};
		const create = async (type: string, data: Record<string, unknown>) => {
			const name = names[type] ?? `${type} account`;
			credentials[type] = { id: await n8n.createCredential(name, type, data), name };
		};
		await create('ghlOAuth2Api', {
			clientId: app.clientId,
			clientSecret: app.clientSecret,
			authorizationHost: 'custom',
			customAuthUrl: ghl.urls.authorize,
			accessTokenUrl: ghl.urls.token,
			baseUrl: ghl.urls.api,
			allowContactWrites: true,
			allowCustomFieldRead: true,
		});
		await n8n.connectOAuth2(credentials.ghlOAuth2Api.id);
		await create('skilljarApi', {
			apiKey: sandboxes.skilljarApiKey,
			domain: skilljar.defaultDomain,
			baseUrl: skilljar.urls.api,
		});
		await create('onlineCourseHostApi', { token: sandboxes.ochToken, baseUrl: och.url });

		const retryTableId = await n8n.createDataTable(RETRY_TABLE, RETRY_COLUMNS);

		const [defaultCourse] = skilljar.store.listPublishedCourses(skilljar.defaultDomain);
		const settings: Record<string, Record<string, unknown>> = {
			'09': stalledLearnersSettings(ghl),
			'11': { courseTitle: LEAD_SCORE_COURSE },
			...completionSettings(ghl),
		};
		for (const [key, values] of Object.entries(options.settings ?? {}))
			settings[key] = { ...settings[key], ...values };
		// What a user picks in the nodes' pickers (the course list), by template and node name.
		const picks: Record<string, Record<string, Record<string, unknown>>> = {
			'01': { 'Enroll in Default Course': { publishedCourseId: defaultCourse.id } },
		};

		const imported: Record<string, ImportedTemplate> = {};
		let errorWorkflowId: string | undefined;
		// n8n 2.x runs only a published (active) Error Workflow; 1.x runs it as saved and cannot
		// activate a workflow whose only trigger is an Error Trigger.
		const errorWorkflowNeedsActivation = (await n8n.majorVersion()) >= 2;
		// 13 first: every other template names it as its Error Workflow.
		const inImportOrder = [
			...templates.filter((template) => template.key === ALERT_TEMPLATE),
			...templates.filter((template) => template.key !== ALERT_TEMPLATE),
		];
		for (const template of inImportOrder) {
			const { workflow, triggerUrls } = configure(
				template,
				n8n.url,
				ghl,
				settings[template.key] ?? {},
				picks[template.key] ?? {},
			);
			pointDataTableNodes(workflow, retryTableId);
			if (template.key === RETRY_TEMPLATE && options.retryEverySeconds)
				everySeconds(workflow, options.retryEverySeconds);
			if (errorWorkflowId) workflow.settings = { ...workflow.settings, errorWorkflow: errorWorkflowId };
			const created = await n8n.createWorkflow(workflow);
			if (template.key === ALERT_TEMPLATE) errorWorkflowId = created.id;
			imported[template.key] = {
				...template,
				workflow,
				id: created.id,
				versionId: created.versionId,
				triggerUrls,
			};
			if (
				!options.inactive?.includes(template.key) &&
				(template.key !== ALERT_TEMPLATE || errorWorkflowNeedsActivation)
			)
				await activateImported(n8n, imported[template.key]);
		}

		// The services send to the triggers: GHL to every subscribed URL, OCH each event to one URL.
		for (const template of Object.values(imported)) {
			for (const node of template.workflow.nodes) {
				const url = template.triggerUrls[node.name];
				if (!url) continue;
				if (node.type === `${PACKAGE}.ghlTrigger`) {
					ghl.webhooks.subscribe({
						url,
						events: node.parameters.events as WebhookEventType[],
						locationId: ghl.defaultLocationId,
					});
				} else {
					const event = node.parameters.event as EventName;
					if (OCH_EVENT_OWNERS[event] === template.key) och.setWebhooks({ [event]: url });
				}
			}
		}
		return {
			n8n,
			sandboxes,
			owner,
			credentials,
			templates: imported,
			retryTableId,
			errorWorkflowId,
		};
	} catch (error) {
		if (!options.n8n) await n8n.stop();
		throw error;
	}
}

async function activateImported(n8n: N8nInstance, template: ImportedTemplate): Promise<void> {
	await n8n.activate(template.id, template.versionId);
	for (const url of Object.values(template.triggerUrls)) {
		await n8n.waitForWebhook(new URL(url).pathname.replace(/^\/webhook\//, ''));
	}
}

/** Activates a template imported with `inactive` (a Skilljar Trigger registers its hook now). */
export async function activateTemplate(stack: TemplateStack, key: string): Promise<void> {
	await activateImported(stack.n8n, stack.templates[key]);
}

/**
 * Points the template's Data Table nodes at the stack's retry table by id, as a user's pick in the
 * table list does (the shipped reference names the table but cannot know its id).
 */
function pointDataTableNodes(workflow: TemplateWorkflow, tableId: string): void {
	for (const node of workflow.nodes) {
		if (node.type !== 'n8n-nodes-base.dataTable') continue;
		node.parameters.dataTableId = {
			__rl: true,
			mode: 'id',
			value: tableId,
			cachedResultName: RETRY_TABLE,
		};
	}
}

/** Makes the template's Schedule Trigger fire every `seconds` seconds. */
function everySeconds(workflow: TemplateWorkflow, seconds: number): void {
	for (const node of workflow.nodes) {
		if (node.type !== 'n8n-nodes-base.scheduleTrigger') continue;
		node.parameters.rule = { interval: [{ field: 'seconds', secondsInterval: seconds }] };
	}
}

// --- templates 07 and 08 (Skilljar → HighLevel) -------------------------------------------------

/** The custom fields template 07 writes, as its set-up note asks a HighLevel user to create them. */
export const COMPLETION_FIELDS = {
	course: 'Last Course Completed',
	date: 'Last Course Completed On',
} as const;

/** The seeded workflow template 07 adds completers to, and the user template 08 assigns tasks to. */
export const FOLLOW_UP_WORKFLOW = 'Certificate follow-up';
export const REMINDER_ASSIGNEE = 'SandboxUser000000002';

function addCompletionFields(ghl: GhlSandbox): void {
	const locationId = ghl.defaultLocationId;
	const existing = new Set(ghl.store.listCustomFields(locationId).map((field) => field.name));
	if (!existing.has(COMPLETION_FIELDS.course))
		ghl.store.addCustomField({ locationId, name: COMPLETION_FIELDS.course });
	if (!existing.has(COMPLETION_FIELDS.date))
		ghl.store.addCustomField({ locationId, name: COMPLETION_FIELDS.date, dataType: 'DATE' });
}

function completionSettings(ghl: GhlSandbox): Record<string, Record<string, unknown>> {
	const followUp = ghl.store.automation
		.listWorkflows(ghl.defaultLocationId)
		.find((workflow) => workflow.name === FOLLOW_UP_WORKFLOW);
	return {
		'07': { followUpWorkflowId: followUp?.id ?? '' },
		'08': { assignTo: 'user', assigneeUserId: REMINDER_ASSIGNEE },
	};
}

/**
 * A template as a user leaves it after following its notes: settings filled in, courses picked, the GHL
 * Trigger given the sandbox's app id and signing keys (as for a white-label platform), a secret key in
 * each OCH Trigger, and a webhook id per trigger as n8n's editor assigns one on import.
 */
function configure(
	template: Template,
	n8nUrl: string,
	ghl: GhlSandbox,
	settings: Record<string, unknown>,
	picks: Record<string, Record<string, unknown>>,
): { workflow: TemplateWorkflow; triggerUrls: Record<string, string> } {
	const workflow = JSON.parse(JSON.stringify(template.workflow)) as TemplateWorkflow;
	const triggerUrls: Record<string, string> = {};
	for (const node of workflow.nodes) {
		const path = WEBHOOK_PATHS[node.type];
		if (path) {
			node.webhookId = randomUUID();
			triggerUrls[node.name] = `${n8nUrl}/webhook/${node.webhookId}/${path}`;
		}
		if (node.type === `${PACKAGE}.ghlTrigger`) {
			// The sandbox's deliveries carry its app id; the template's placeholder would refuse them.
			node.parameters.appId = ghl.webhooks.appId;
			node.parameters.options = {
				...(node.parameters.options as Record<string, unknown>),
				ed25519PublicKey: ghl.webhooks.publicKeys.ed25519,
				rsaPublicKey: ghl.webhooks.publicKeys.rsa,
			};
		}
		if (node.type === `${PACKAGE}.onlineCourseHostTrigger`) {
			node.parameters.secret = randomBytes(18).toString('base64url');
			triggerUrls[node.name] += `?key=${node.parameters.secret as string}`;
		}
		Object.assign(node.parameters, picks[node.name] ?? {});
		if (node.name === 'Settings') {
			const assignments = (
				node.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }
			).assignments;
			for (const assignment of assignments) {
				if (assignment.name in settings) assignment.value = settings[assignment.name];
			}
		}
	}
	return { workflow, triggerUrls };
}

// --- template 09: stalled learners ---------------------------------------------------------------

/** The Skilljar course template 09 watches in the stack: the demo course with learners in every state. */
export const STALLED_COURSE = DEMO_COURSE.title;

/** The HighLevel workflow template 09 adds newly stalled contacts to (a standard one of the sandbox). */
export const REENGAGEMENT_WORKFLOW = 'Re-engagement';

function stalledLearnersSettings(ghl: GhlSandbox): Record<string, unknown> {
	const workflow = ghl.store.automation
		.listWorkflows(ghl.defaultLocationId)
		.find((candidate) => candidate.name === REENGAGEMENT_WORKFLOW);
	if (!workflow) throw new Error(`the GHL sandbox has no workflow "${REENGAGEMENT_WORKFLOW}"`);
	return { courses: JSON.stringify([STALLED_COURSE]), reengagementWorkflowId: workflow.id };
}

/**
 * HighLevel contacts for the demo course's learners (`npm start`), so that template 09's first run
 * finds some of them stalled and tags them. Made before n8n subscribes, so no template hears of them.
 */
export function addDemoLearnerContacts({ ghl }: Sandboxes): Contact[] {
	return Object.values(DEMO_COURSE.learners).map((learner) =>
		ghl.store.createContact(ghl.defaultLocationId, {
			firstName: learner.first_name,
			lastName: learner.last_name,
			email: learner.email,
		}),
	);
}

/**
 * Waits until nothing is moving: no webhook or event deliveries in flight in the sandboxes, no
 * n8n execution running, and the execution count steady for a moment (a workflow's writes make
 * the sandboxes send further events, which start further executions).
 */
export async function waitUntilSettled(
	stack: TemplateStack,
	timeoutMs = 120_000,
): Promise<ExecutionSummary[]> {
	const { n8n, sandboxes } = stack;
	// Template 12 runs on its schedule whether or not anything moves; its replays are executions
	// of the templates it replays into, which do count.
	const retryTemplate = stack.templates[RETRY_TEMPLATE]?.id;
	const deadline = Date.now() + timeoutMs;
	let previous = -1;
	let steady = 0;
	while (Date.now() < deadline) {
		await sandboxes.ghl.webhooks.flush();
		await sandboxes.och.flushEvents();
		const executions = (await n8n.executions()).filter(
			(execution) => execution.workflowId !== retryTemplate,
		);
		const running = executions.some((execution) =>
			['new', 'running', 'waiting'].includes(execution.status),
		);
		steady = !running && executions.length === previous ? steady + 1 : 0;
		if (steady >= 3) return executions;
		previous = executions.length;
		await new Promise((resolve) => setTimeout(resolve, 400));
	}
	throw new Error('n8n and the sandboxes did not settle');
}
