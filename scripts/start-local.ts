// `npm start` (after scripts/start.mjs has installed what it needs): the three sandboxes on fixed
// ports, a local n8n on SQLite in .n8n-local/ with the packed package installed as the Community
// Nodes panel does, an owner account, the sandbox credentials (the GHL OAuth2 one connected), the
// Data Table "LMS Sync Retries", and the templates imported, filled in and active (template 13 as
// every other's Error Workflow), with the sandboxes sending to their triggers.
// Everything starts fresh each time (the sandboxes keep nothing either). Ctrl-C stops it all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packPackage } from '../test/e2e/n8nInstance';
import type { Contact } from '../sandbox/ghl';
import {
	addDemoLearnerContacts,
	ALERT_TEMPLATE,
	COMPLETION_FIELDS,
	FOLLOW_UP_WORKFLOW,
	LEAD_SCORE_COURSE,
	LEAD_SCORE_FIELD,
	RETRY_TABLE,
	RETRY_TEMPLATE,
	startSandboxes,
	startTemplateStack,
	STALLED_COURSE,
	type Sandboxes,
	type TemplateStack,
} from '../test/e2e/templateStack';

const root = join(__dirname, '..');

function port(env: string, fallback: number): number {
	const value = process.env[env];
	if (value === undefined || value === '') return fallback;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed <= 0 || parsed > 65535)
		throw new Error(`${env} must be a port number, got "${value}"`);
	return parsed;
}

async function main(): Promise<void> {
	const bin = process.env.N8N_BIN;
	if (!bin) throw new Error('Run this with `npm start`, which installs n8n and sets N8N_BIN');
	const ports = {
		ghl: port('GHL_SANDBOX_PORT', 4010),
		skilljar: port('SKILLJAR_SANDBOX_PORT', 4020),
		och: port('OCH_SANDBOX_PORT', 4030),
		n8n: port('N8N_PORT', 5678),
	};

	let sandboxes: Sandboxes | undefined;
	let stack: TemplateStack | undefined;
	let demoLearners: Contact[] = [];
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nStopping n8n and the sandboxes…\n');
		await stack?.n8n.stop();
		await sandboxes?.close();
		process.exit(code);
	};
	process.once('SIGINT', () => void stop(0));
	process.once('SIGTERM', () => void stop(0));

	try {
		process.stdout.write('Building and packing the package…\n');
		const packDir = mkdtempSync(join(tmpdir(), 'ghl-lms-pack-'));
		const tarball = packPackage(packDir);
		process.stdout.write('Starting the sandboxes and n8n (about 20 seconds)…\n');
		sandboxes = await startSandboxes({
			ports: { ghl: ports.ghl, skilljar: ports.skilljar, och: ports.och },
		});
		demoLearners = addDemoLearnerContacts(sandboxes);
		stack = await startTemplateStack({
			bin,
			tarball,
			sandboxes,
			port: ports.n8n,
			userFolder: join(root, '.n8n-local'),
		});
		// n8n has its own unpacked copy in .n8n-local/.n8n/nodes.
		rmSync(packDir, { recursive: true, force: true });
	} catch (error) {
		process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
		await stop(1);
		return;
	}
	process.stdout.write(summary(stack, demoLearners));
}

function summary(stack: TemplateStack, demoLearners: Contact[]): string {
	const { n8n, owner, templates, sandboxes } = stack;
	const { ghl, skilljar, och } = sandboxes;
	const amara = demoLearners.find((contact) => contact.firstName === 'Amara');
	const lines = [
		'',
		`n8n is running: ${n8n.url}`,
		`  Log in as ${owner.email} / ${owner.password}`,
		'',
		'Templates (imported, filled in with the sandboxes, active):',
		...Object.values(templates)
			.sort((a, b) => a.key.localeCompare(b.key))
			.map((template) => `  ${n8n.url}/workflow/${template.id}   ${template.workflow.name}`),
		'',
		'Credentials in n8n: "GHL OAuth2 API account" (connected), "Skilljar API account", "OnlineCourseHost API account".',
		'',
		'Try it: create a contact in the GHL sandbox. HighLevel announces it to templates 01 and 04: the',
		'contact becomes a Skilljar learner enrolled in the default course and in the "GHL: vip" group,',
		'and an OnlineCourseHost student of the tagged course; OCH reports back to 05 and 06, which tag',
		'the contact and add a note. Then open template 02 and click "Execute workflow".',
		'',
		`  curl -X POST ${ghl.urls.inspect}/contacts -H 'content-type: application/json' \\`,
		`    -d '{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","tags":["vip","course:photography for beginners"]}'`,
		'',
		'Templates 10 and 11, on the same contact (<id> is the "id" in the answer to that curl): a note',
		'with a marker, and template 10 puts Ada in the Skilljar group "Interest: ai" (made for her);',
		`  curl -X POST ${ghl.urls.api}/contacts/<id>/notes -H 'Authorization: Bearer ${sandboxes.ghlToken}' \\`,
		`    -H 'Version: 2021-07-28' -H 'content-type: application/json' -d '{"body":"Keen on #interest-ai"}'`,
		`a "${LEAD_SCORE_FIELD}" of 50 or more, and template 11 enrolls her in the OnlineCourseHost course`,
		`"${LEAD_SCORE_COURSE}", once (she gets the tag "enrolled: ${LEAD_SCORE_COURSE.toLowerCase()}").`,
		`  curl -X PUT ${ghl.urls.api}/contacts/<id> -H 'Authorization: Bearer ${sandboxes.ghlToken}' \\`,
		`    -H 'Version: 2021-07-28' -H 'content-type: application/json' -d '{"customFields":[{"key":"lead_score","field_value":75}]}'`,
		'',
		`Template 09 runs daily at 07:00; open it and click "Execute workflow" to run it now. It watches the`,
		`Skilljar course "${STALLED_COURSE}", whose learners are HighLevel contacts too: Amara (enrolled`,
		'45 days ago, never started) and Felix (inactive for 30 days) get the tag',
		`"stalled: ${STALLED_COURSE.toLowerCase()}" and join the "Re-engagement" workflow; a second run changes nothing.`,
		`  curl '${ghl.urls.inspect}/contacts/${amara?.id ?? '<id>'}'   (tags, workflows)`,
		...completionTry(sandboxes),
		...failuresGo(stack),
		'',
		'  See the runs under Executions in n8n, and the results:',
		`  curl '${ghl.urls.inspect}/contacts?locationId=${ghl.defaultLocationId}'   (GHL: tags; notes under ${ghl.urls.inspect}/contacts/<id>)`,
		`  curl -u ${sandboxes.skilljarApiKey}: '${skilljar.urls.api}/v1/users?email=ada@example.com'   (Skilljar learner;`,
		`       its groups, profile fields and courses: ${skilljar.urls.inspect}/users/<id>)`,
		`  curl '${och.urls.inspect}/enrollments?email=ada@example.com'   (OnlineCourseHost)`,
		'',
		'Sandboxes (the same demo credentials as `npm run sandbox`):',
		...Object.entries(sandboxes.summaries).flatMap(([name, summary]) => [
			`  ${name}`,
			...summary.map((line) => `    ${line}`),
		]),
		'',
		'Ctrl-C stops n8n and the sandboxes. The next `npm start` begins afresh.',
		'',
	];
	return `${lines.join('\n')}\n`;
}

/** Where a failed sync goes (docs/recovery.md), with the links to what holds it. */
function failuresGo({ n8n, templates, errorWorkflowId }: TemplateStack): string[] {
	const retry = templates[RETRY_TEMPLATE];
	const alert = templates[ALERT_TEMPLATE];
	return [
		'',
		`When a sync fails, nothing is lost: the item is kept in the Data Table "${RETRY_TABLE}"`,
		'(n8n: Overview → Data tables; filter on status to see what is waiting or was alerted).',
		retry
			? `Template 12 replays it on its schedule (every minute), with growing delays within its retry budget: ${n8n.url}/workflow/${retry.id}`
			: 'Template 12 (retries) is not in workflows/ yet: kept items wait in the table.',
		alert && errorWorkflowId
			? `What cannot heal gets a HighLevel task on the contact and reaches template 13, every template's Error Workflow: ${n8n.url}/workflow/${errorWorkflowId}`
			: 'Template 13 (alerts) is not in workflows/ yet: no Error Workflow is set.',
		alert ? '  (set its Settings\' alertWebhookUrl to a Slack, Teams or Discord incoming webhook to be told there)' : '',
	].filter(Boolean);
}

/** How to try templates 07 and 08 (Skilljar → HighLevel) on Ada. */
function completionTry({ ghl, skilljar }: Sandboxes): string[] {
	const [course] = skilljar.store.listPublishedCourses(skilljar.defaultDomain);
	return [
		'Templates 07 and 08, back from Skilljar: when 01 enrolls Ada, Skilljar reports the enrollment',
		'to 08, which tags her "enrolled: <course>" and adds the task "Check in: Ada Lovelace to complete',
		'<course>". Complete the course as Ada, and 07 tags her "completed: <course>", adds the note',
		`"Completed <course> on <date> (score 92/100)", fills ${COMPLETION_FIELDS.course} and ${COMPLETION_FIELDS.date},`,
		`marks 08's task completed and adds her to the "${FOLLOW_UP_WORKFLOW}" workflow:`,
		`  curl -X POST ${skilljar.urls.inspect}/progress -H 'content-type: application/json' \\`,
		`    -d '{"email":"ada@example.com","publishedCourseId":"${course?.id ?? '<course id>'}","complete":true,"score":92}'`,
		`  Watch the contact change: curl '${ghl.urls.inspect}/contacts/<id>'   (tags, notes, tasks, customFields, workflows)`,
	];
}

void main();
