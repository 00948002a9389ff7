// Template 13 (Alert the team about LMS sync failures), run through n8n's engine as shipped, on
// what n8n's Error Trigger emits for a failed execution; the "channel" is a local server that
// records what an incoming webhook would receive.
import type { IDataObject } from 'n8n-workflow';

import { nodeTypes, TestCredentialsHelper } from '../harness/engine';
import { startRecordingServer, type RecordingServer } from '../harness/recordingServer';
import { runTemplate } from '../harness/templateRun';
import { loadTemplates } from '../harness/templates';

const template = loadTemplates().find((candidate) => candidate.key === '13')!;
const SECRET = 'pit-5e3f0a1b-secret-token';

/** What n8n's Error Trigger emits when template 12 fails with its alert list. */
function failedExecution(error: IDataObject = {}, execution: IDataObject = {}): IDataObject {
	return {
		execution: {
			id: '231',
			url: 'https://n8n.example.com/workflow/7/executions/231',
			retryOf: null,
			error: {
				message:
					'1 LMS sync failure(s) need a person: ada@example.com at Enroll in Course: Skilljar answered 400',
				description: 'Fix the value named above and run again.',
				// n8n passes the stack along; it is for developers, and may quote request details.
				stack: `NodeOperationError: at send (Authorization: Bearer ${SECRET})`,
				node: { name: 'Fail and Tell the Team' },
				...error,
			},
			lastNodeExecuted: 'Fail and Tell the Team',
			mode: 'trigger',
			...execution,
		},
		workflow: { id: '7', name: 'Retry failed LMS syncs' },
	};
}

describe('template 13: alert the team about LMS sync failures, in the engine', () => {
	let channel: RecordingServer;

	beforeAll(async () => {
		channel = await startRecordingServer((response) => {
			response.writeHead(200, { 'content-type': 'text/plain' });
			response.end('ok');
		});
	});
	afterAll(async () => await channel.close());
	beforeEach(() => channel.received.splice(0));

	const run = async (item: IDataObject, alertWebhookUrl: string) =>
		await runTemplate({
			template,
			items: [{ json: item }],
			credentials: new TestCredentialsHelper(nodeTypes),
			credentialIds: {},
			settings: { alertWebhookUrl },
		});

	test('posts one plain-text message with the workflow, step, message, what to do and the execution link; no secret', async () => {
		const result = await run(failedExecution(), `${channel.url}/hooks/T000/B000/XXXX`);

		expect(result.run.data.resultData.error).toBeUndefined();
		expect(channel.received).toHaveLength(1);
		const [request] = channel.received;
		expect(request).toMatchObject({ method: 'POST', url: '/hooks/T000/B000/XXXX' });
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		const body = JSON.parse(request.body) as { text: string };
		expect(Object.keys(body)).toEqual(['text']);
		expect(body.text).toBe(
			[
				'LMS sync failed: Retry failed LMS syncs',
				'Step: Fail and Tell the Team',
				'Error: 1 LMS sync failure(s) need a person: ada@example.com at Enroll in Course: Skilljar answered 400',
				'What to do: Fix the value named above and run again.',
				'Execution: https://n8n.example.com/workflow/7/executions/231',
			].join('\n'),
		);
		expect(request.body).not.toContain(SECRET);
		expect(JSON.stringify(result.run.data.resultData.runData['Post to Channel'])).not.toContain(
			SECRET,
		);
	});

	test('without a description or execution link it still says what to do', async () => {
		await run(
			failedExecution({ description: undefined }, { url: undefined, lastNodeExecuted: undefined }),
			`${channel.url}/hook`,
		);
		const { text } = JSON.parse(channel.received[0].body) as { text: string };
		expect(text).toContain('Step: Fail and Tell the Team');
		expect(text).toContain('What to do: Open the execution, fix what the message names');
		expect(text).not.toContain('Execution:');
	});

	test('n8n stopped mid-run (the crash error of start-up recovery): names the step it stopped in and says the contacts may be half done', async () => {
		await run(
			failedExecution(
				{
					message: 'Workflow did not finish, possible out-of-memory issue',
					name: 'WorkflowCrashedError',
					description: undefined,
					stack: undefined,
					node: undefined,
				},
				{ lastNodeExecuted: 'Create or Update Learner', mode: 'webhook' },
			),
			`${channel.url}/hook`,
		);
		const { text } = JSON.parse(channel.received[0].body) as { text: string };
		expect(text).toContain('Step: Create or Update Learner');
		expect(text).toContain('Error: Workflow did not finish, possible out-of-memory issue');
		expect(text).toContain('What to do: n8n stopped during this run (a restart, or out of memory)');
	});

	test('without a webhook URL nothing is sent: the run ends where a channel is to be connected', async () => {
		const result = await run(failedExecution(), '');
		expect(channel.received).toEqual([]);
		expect(result.ran()).toContain('Connect Your Channel Here');
		expect(result.ran()).not.toContain('Post to Channel');
		expect(result.items('Connect Your Channel Here')).toEqual([
			expect.objectContaining({
				workflowName: 'Retry failed LMS syncs',
				failedStep: 'Fail and Tell the Team',
			}),
		]);
	});
});
