// Issue 17 in a real n8n (docs/recovery.md): a failed sync is kept in the Data Table "LMS Sync
// Retries" and replayed by template 12 until it succeeds, with no second delivery from HighLevel;
// a failure no retry can heal is alerted once, as a HighLevel task on the contact and through
// template 13 (every template's Error Workflow) to the team's channel, without secrets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Contact } from '../../sandbox/ghl';
import { loadTemplates } from '../harness/templates';
import { startAlertInbox, type AlertInbox } from './alertInbox';
import { n8nBin, packPackage } from './n8nInstance';
import {
	ALERT_TEMPLATE,
	RETRY_TEMPLATE,
	retryRows,
	startSandboxes,
	startTemplateStack,
	type RetryRow,
	type Sandboxes,
	type TemplateStack,
} from './templateStack';

const present = new Set(loadTemplates().map((template) => template.key));
// Until templates 12 and 13 are in workflows/ there is nothing to replay or alert with.
const describeRecovery =
	present.has(RETRY_TEMPLATE) && present.has(ALERT_TEMPLATE) ? describe : describe.skip;

/** Polls until `check` returns something; a guard against a hang, not a timing assertion. */
async function eventually<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
	const deadline = Date.now() + 300_000;
	while (Date.now() < deadline) {
		const result = await check();
		if (result) return result;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`gave up waiting: ${what}`);
}

describeRecovery('recovery inside a real n8n: template 01 with 12 (retries) and 13 (alerts)', () => {
	let stack: TemplateStack;
	let sandboxes: Sandboxes;
	let inbox: AlertInbox;
	const packDir = mkdtempSync(join(tmpdir(), 'ghl-lms-pack-'));

	beforeAll(async () => {
		const tarball = packPackage(packDir);
		sandboxes = await startSandboxes({ records: 0 });
		inbox = await startAlertInbox();
		stack = await startTemplateStack({
			bin: n8nBin(),
			tarball,
			sandboxes,
			only: ['01', RETRY_TEMPLATE, ALERT_TEMPLATE],
			// Template 12 every 2 s, its first retry after 3 s (then 6, 12, 24 …): minutes in a user's n8n.
			retryEverySeconds: 2,
			settings: {
				[RETRY_TEMPLATE]: { firstRetryAfterMinutes: 0.05 },
				[ALERT_TEMPLATE]: { alertWebhookUrl: inbox.url },
			},
		});
	});
	afterAll(async () => {
		await stack?.n8n.stop();
		await sandboxes?.close();
		await inbox?.close();
		rmSync(packDir, { recursive: true, force: true });
	});

	const createContact = (firstName: string, email: string): Contact =>
		sandboxes.ghl.store.quietly(() =>
			sandboxes.ghl.store.createContact(sandboxes.ghl.defaultLocationId, {
				firstName,
				lastName: 'Tester',
				email,
			}),
		);
	const deliver = async (contact: Contact) => {
		sandboxes.ghl.webhooks.send('ContactCreate', contact);
		await sandboxes.ghl.webhooks.flush();
	};
	const rowOf = async (email: string): Promise<RetryRow | undefined> =>
		(await retryRows(stack)).find((row) => row.item_key === email);
	const deliveriesOf = (contact: Contact) =>
		sandboxes.ghl.webhooks
			.deliveries()
			.filter((delivery) => delivery.payload.id === contact.id || delivery.payload.contactId === contact.id);
	/** Template 12's executions so far (it runs every 2 s whether or not a row is due). */
	const retryRuns = async () => (await stack.n8n.executions(stack.templates[RETRY_TEMPLATE].id)).length;

	test('a Skilljar outage during a delivery: recorded waiting, replayed by 12 once Skilljar is back, enrolled, row gone, no re-delivery', async () => {
		const { skilljar } = sandboxes;
		const contact = createContact('Rosa', 'rosa@example.com');
		skilljar.configure({ faults: { rate: { status5xx: 1 } } });
		try {
			await deliver(contact);
			const row = await eventually('a retry row for Rosa', () => rowOf('rosa@example.com'));
			expect(row).toMatchObject({
				workflow_id: stack.templates['01'].id,
				contact_id: contact.id,
				step: 'Create or Update Learner',
				status: expect.stringMatching(/^(waiting|running)$/),
			});
			expect(row.error).toMatch(/500|server error/i);
			expect(skilljar.store.findUserByEmail('rosa@example.com')).toBeUndefined();
		} finally {
			skilljar.configure({ faults: {} });
		}

		await eventually('Rosa recovered (her row deleted)', async () => !(await rowOf('rosa@example.com')));
		const rosa = skilljar.store.findUserByEmail('rosa@example.com');
		expect(rosa).toBeDefined();
		const [defaultCourse] = skilljar.store.listPublishedCourses(skilljar.defaultDomain);
		expect(
			skilljar.store
				.listEnrollments()
				.filter((enrollment) => enrollment.userId === rosa!.id && enrollment.active)
				.map((enrollment) => enrollment.publishedCourseId),
		).toEqual([defaultCourse.id]);
		// HighLevel delivered once and n8n took it: the replay came from the table, not a resend.
		expect(deliveriesOf(contact).map((delivery) => delivery.targets.map((target) => target.status))).toEqual([[200]]);
		// A replay is an execution of 01 that 12 started (n8n's mode for a sub-workflow run).
		const replays = (await stack.n8n.executions(stack.templates['01'].id)).filter(
			(execution) => execution.mode === 'integrated',
		);
		expect(replays.some((execution) => execution.status === 'success')).toBe(true);
		// Healed: nobody is told.
		expect(sandboxes.ghl.store.listTasks(contact.id)).toEqual([]);
		expect(inbox.messages.filter((text) => text.includes('rosa@example.com'))).toEqual([]);
	});

	test('an email Skilljar refuses (400): not retried, one HighLevel task and one message through 13, no secrets', async () => {
		const { skilljar, ghl } = sandboxes;
		skilljar.configure({ refusedEmails: ['^pat\\.refused@'] });
		const contact = createContact('Pat', 'pat.refused@example.com');
		await deliver(contact);

		const alerted = await eventually('Pat alerted', async () => {
			const row = await rowOf('pat.refused@example.com');
			return row?.status === 'alerted' ? row : undefined;
		});
		expect(alerted).toMatchObject({ attempts: 1, http_code: 400, step: 'Create or Update Learner' });
		expect(alerted.error).toContain('Enter a valid email address');
		await eventually('the alert reached the team', async () =>
			inbox.messages.some((text) => text.includes('pat.refused@example.com')),
		);

		// Once: three more runs of 12 later, still one task, one message, one attempt.
		const runs = await retryRuns();
		await eventually('three more runs of 12', async () => (await retryRuns()) >= runs + 3);
		const tasks = ghl.store.listTasks(contact.id);
		expect(tasks).toHaveLength(1);
		expect(`${tasks[0].title} ${tasks[0].body ?? ''}`).toContain('Create or Update Learner');
		const messages = inbox.messages.filter((text) => text.includes('pat.refused@example.com'));
		expect(messages).toHaveLength(1);
		expect(messages[0]).toContain('Enter a valid email address');
		expect((await rowOf('pat.refused@example.com'))?.attempts).toBe(1);
		expect(skilljar.store.findUserByEmail('pat.refused@example.com')).toBeUndefined();
		// 12's failed execution (its alert list) is what reached 13.
		const failedRetryRuns = (await stack.n8n.executions(stack.templates[RETRY_TEMPLATE].id)).filter(
			(execution) => execution.status === 'error',
		);
		expect(failedRetryRuns.length).toBeGreaterThanOrEqual(1);
		for (const text of inbox.messages) {
			for (const secret of [sandboxes.skilljarApiKey, sandboxes.ghlToken, sandboxes.ochToken])
				expect(text).not.toContain(secret);
			expect(text).not.toMatch(/Bearer\s|Basic\s[A-Za-z0-9+/=]{8,}/);
		}
	});

	// Last: it restarts n8n. A webhook run is cut off while its Wait node sleeps (in n8n's own
	// process, as any step mid-request would be); n8n's start-up recovery marks it crashed and
	// runs its Error Workflow, template 13, which must say which workflow and step.
	test('n8n killed mid-run: the cut-off execution is marked crashed and 13 tells the team which workflow and step', async () => {
		const { n8n } = stack;
		const name = 'Crash Test: Wait Mid-Run';
		const created = await n8n.createWorkflow({
			name,
			nodes: [
				{
					name: 'Crash Test Hook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: 'a3f0c1de-5b8e-4c61-9d3e-0f1b2c3d4e5f',
					parameters: { httpMethod: 'POST', path: 'crash-test', responseMode: 'onReceived' },
				},
				{
					name: 'Wait a Minute',
					type: 'n8n-nodes-base.wait',
					typeVersion: 1.1,
					position: [200, 0],
					webhookId: 'b4e1d2ef-6c9f-4d72-8e4f-1a2b3c4d5e6f',
					parameters: { amount: 60, unit: 'seconds' },
				},
			],
			connections: { 'Crash Test Hook': { main: [[{ node: 'Wait a Minute', type: 'main', index: 0 }]] } },
			settings: { errorWorkflow: stack.errorWorkflowId },
		});
		await n8n.activate(created.id, created.versionId);
		const answer = await fetch(await n8n.waitForWebhook('crash-test'), { method: 'POST', body: '{}' });
		expect(answer.status).toBe(200);
		const running = await eventually('the run waiting in Wait a Minute', async () =>
			(await n8n.executions(created.id)).find((execution) => execution.status === 'running'),
		);
		// n8n's event log (what start-up recovery reads) is written a moment after a node starts.
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const before = inbox.messages.length;

		await n8n.crashAndRestart();

		const status = await eventually('the cut-off run marked crashed', async () => {
			const execution = (await n8n.executions(created.id)).find((candidate) => candidate.id === running.id);
			return execution && execution.status !== 'running' ? execution.status : undefined;
		});
		expect(status).toBe('crashed');
		const message = await eventually('13 told the team', async () =>
			inbox.messages.slice(before).find((text) => text.includes(name)),
		);
		expect(message).toContain('Wait a Minute');
		expect(message).toMatch(/did not finish/i);
		expect(message).toContain('n8n stopped during this run');
		expect(message).toContain(`/workflow/${created.id}/executions/${running.id}`);
	});
});
