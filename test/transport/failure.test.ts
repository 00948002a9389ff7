// The one place that decides whether a failed item may heal (retry later) or needs a person.
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { describeFailure } from '../../nodes/shared/failure';
import { CANCELED_MESSAGE, ExecutionCanceledError } from '../../nodes/shared/transport/cancel';

const node: INode = {
	id: 'n',
	name: 'GHL Contacts',
	type: 'n8n-nodes-ghl-lms.ghlContacts',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const answered = (httpCode: number, message = `answered ${httpCode}`, description?: string) =>
	new NodeApiError(node, { httpCode: String(httpCode), message } as JsonObject, {
		message,
		description,
		httpCode: String(httpCode),
	});

describe('describeFailure', () => {
	test.each([408, 425, 429, 500, 502, 503, 504])('%i may heal: retryable', (status) => {
		expect(describeFailure(answered(status))).toEqual({
			message: `answered ${status}`,
			httpCode: status,
			retryable: true,
		});
	});

	test.each([400, 401, 403, 404, 409, 422])(
		'%i names bad data or a refused credential: permanent',
		(status) => {
			expect(describeFailure(answered(status)).retryable).toBe(false);
		},
	);

	test('a redirect (3xx) is permanent: the base URL is wrong', () => {
		expect(describeFailure(answered(302)).retryable).toBe(false);
	});

	test('an unreadable 2xx answer may heal; a bulk entry the service refused (207) does not', () => {
		expect(describeFailure(answered(200, 'HighLevel answered 200 without `ids`')).retryable).toBe(
			true,
		);
		expect(describeFailure(answered(207, 'Skilljar rejected x: duplicate_email')).retryable).toBe(
			false,
		);
	});

	test('no answer ("Could not reach …", no status) may heal; other status-less API errors need a person', () => {
		const unreachable = new NodeApiError(
			node,
			{ message: 'Could not reach HighLevel (timed out)' } as JsonObject,
			{
				message: 'Could not reach HighLevel (timed out)',
				description: 'Check the API base URL in the credential and the network, then run again.',
			},
		);
		expect(describeFailure(unreachable)).toEqual({
			message: 'Could not reach HighLevel (timed out)',
			description: 'Check the API base URL in the credential and the network, then run again.',
			retryable: true,
		});
		const refused = new NodeApiError(node, { message: 'Reconnect the credential' } as JsonObject, {
			message: 'Reconnect the credential',
		});
		expect(describeFailure(refused).retryable).toBe(false);
	});

	test('input validation is permanent and keeps its description', () => {
		const invalid = new NodeOperationError(node, 'Title is empty', {
			description: 'Give the task a title.',
		});
		expect(describeFailure(invalid)).toEqual({
			message: 'Title is empty',
			description: 'Give the task a title.',
			retryable: false,
		});
	});

	test('a canceled execution may be tried again, however it is reported', () => {
		expect(describeFailure(new ExecutionCanceledError()).retryable).toBe(true);
		expect(describeFailure(new NodeOperationError(node, CANCELED_MESSAGE)).retryable).toBe(true);
	});

	test('anything else is reduced to its message and is permanent', () => {
		expect(describeFailure(new Error('odd'))).toEqual({ message: 'odd', retryable: false });
		expect(describeFailure('text')).toEqual({ message: 'text', retryable: false });
	});
});
