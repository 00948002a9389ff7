// What each contestant runs in each scenario: a workflow of the harness's start node feeding the
// node(s) under test, set up as a user would set them up in the editor.
import type { IDataObject, INode, NodeParameterValueType } from 'n8n-workflow';

import { PACKAGE, type WorkflowJson } from '../test/harness/engine';
import { GHL_ORIGIN, HIGHLEVEL_TYPE, HTTP_REQUEST_TYPE, LOOP_TYPE } from './peers';
import { REFERENCE_TYPE } from './referenceNode';

export type ScenarioId = 'sustained' | 'writes' | 'returnAll' | 'daily' | 'overhead';

export type ContestantId =
	| 'ours'
	| 'oursBulk'
	| 'highLevel'
	| 'highLevelBatched'
	| 'highLevelLoop'
	| 'httpRequest'
	| 'httpRequestBatched'
	| 'highLevelPlusHttp'
	| 'reference';

export interface Contestant {
	id: ContestantId;
	label: string;
	/** Runs on n8n-nodes-base (needs the peers loaded). */
	peer: boolean;
}

export const CONTESTANTS: Record<ContestantId, Contestant> = {
	ours: { id: 'ours', label: 'GHL Contacts (this package)', peer: false },
	oursBulk: { id: 'oursBulk', label: 'GHL Contacts, Add to Many Contacts', peer: false },
	highLevel: { id: 'highLevel', label: 'HighLevel (n8n), defaults', peer: true },
	highLevelBatched: { id: 'highLevelBatched', label: 'HighLevel (n8n), batching 10 / 1 s', peer: true },
	highLevelLoop: { id: 'highLevelLoop', label: 'HighLevel (n8n) in Loop Over Items, 1 at a time', peer: true },
	httpRequest: { id: 'httpRequest', label: 'HTTP Request (n8n), defaults', peer: true },
	httpRequestBatched: { id: 'httpRequestBatched', label: 'HTTP Request (n8n), batching 10 / 1 s', peer: true },
	highLevelPlusHttp: {
		id: 'highLevelPlusHttp',
		label: 'HighLevel (tasks) + HTTP Request (notes), batching 10 / 1 s',
		peer: true,
	},
	reference: { id: 'reference', label: "n8n's request helper alone (reference)", peer: false },
};

/**
 * n8n's own remedy for rate limits on both peers ("Batching" under the node's options): 10 items
 * per 1,000 ms is GHL's 100 per 10 s spread evenly. Requests of a batch go out together and the
 * node does not wait for their answers before the next batch.
 */
const BATCHING = { batching: { batch: { batchSize: 10, batchInterval: 1000 } } };

export const GHL_CREDENTIAL = { id: 'ghl-oauth', name: 'GHL sandbox OAuth2' };
export const HIGHLEVEL_CREDENTIAL = { id: 'highlevel-oauth', name: 'HighLevel sandbox OAuth2' };

export interface ScenarioInput {
	locationId: string;
	httpRequestVersion: number;
}

interface SubjectNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, NodeParameterValueType>;
	credentials: INode['credentials'];
}

function ours(name: string, parameters: Record<string, NodeParameterValueType>): SubjectNode {
	return {
		name,
		type: `${PACKAGE}.ghlContacts`,
		typeVersion: 1,
		parameters: { authentication: 'oAuth2', ...parameters },
		credentials: { ghlOAuth2Api: GHL_CREDENTIAL },
	};
}

function highLevel(name: string, parameters: Record<string, NodeParameterValueType>, batched: boolean): SubjectNode {
	return {
		name,
		type: HIGHLEVEL_TYPE,
		typeVersion: 2,
		parameters: { ...parameters, ...(batched ? { requestOptions: BATCHING } : {}) },
		credentials: { highLevelOAuth2Api: HIGHLEVEL_CREDENTIAL },
	};
}

function http(
	name: string,
	input: ScenarioInput,
	request: { method: string; path: string; body?: IDataObject; qs?: Record<string, string> },
	options: IDataObject,
): SubjectNode {
	const parameters: Record<string, NodeParameterValueType> = {
		method: request.method,
		url: `=${GHL_ORIGIN}${request.path}`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'highLevelOAuth2Api',
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Version', value: '2021-07-28' }] },
		options: options as NodeParameterValueType,
	};
	if (request.qs) {
		parameters.sendQuery = true;
		parameters.queryParameters = {
			parameters: Object.entries(request.qs).map(([key, value]) => ({ name: key, value })),
		};
	}
	if (request.body) {
		parameters.sendBody = true;
		parameters.specifyBody = 'json';
		parameters.jsonBody = JSON.stringify(request.body);
	}
	return {
		name,
		type: HTTP_REQUEST_TYPE,
		typeVersion: input.httpRequestVersion,
		parameters,
		credentials: { highLevelOAuth2Api: HIGHLEVEL_CREDENTIAL },
	};
}

const contactId = { __rl: true, mode: 'id', value: '={{ $json.id }}' };
const TAG = 'bench';

/** The node(s) a contestant runs for a scenario, or undefined when it cannot do the job. */
export function subjectsFor(scenario: ScenarioId, contestant: ContestantId, input: ScenarioInput): SubjectNode[] | undefined {
	const batched = contestant.endsWith('Batched') || contestant === 'highLevelPlusHttp';
	const httpOptions = batched ? BATCHING : {};
	const isHighLevel = contestant === 'highLevel' || contestant === 'highLevelBatched' || contestant === 'highLevelLoop';
	const isHttp = contestant === 'httpRequest' || contestant === 'httpRequestBatched';
	switch (scenario) {
		case 'sustained':
		case 'overhead':
			if (contestant === 'ours') return [ours('Get Contact', { resource: 'contact', operation: 'get', contactId })];
			if (contestant === 'reference')
				return [
					{
						name: 'Get Contact',
						type: REFERENCE_TYPE,
						typeVersion: 1,
						parameters: { contactId: '={{ $json.id }}' },
						credentials: { ghlOAuth2Api: GHL_CREDENTIAL },
					},
				];
			if (isHighLevel)
				return [highLevel('Get Contact', { resource: 'contact', operation: 'get', contactId: '={{ $json.id }}' }, batched)];
			if (isHttp) return [http('Get Contact', input, { method: 'GET', path: '/contacts/{{ $json.id }}' }, httpOptions)];
			return undefined;
		case 'writes':
			if (contestant === 'ours') return [ours('Add Tag', { resource: 'tag', operation: 'add', contactId, tags: TAG })];
			if (contestant === 'oursBulk')
				return [ours('Add Tag', { resource: 'tag', operation: 'addBulk', contactId, tags: TAG })];
			// The official node has no "add tag": Update with Tags is its one-request way to tag a
			// contact (it replaces the contact's tags instead of adding one).
			if (isHighLevel)
				return [
					highLevel(
						'Add Tag',
						{ resource: 'contact', operation: 'update', contactId: '={{ $json.id }}', updateFields: { tags: TAG } },
						batched,
					),
				];
			if (isHttp)
				return [
					http('Add Tag', input, { method: 'POST', path: '/contacts/{{ $json.id }}/tags', body: { tags: [TAG] } }, httpOptions),
				];
			return undefined;
		case 'returnAll':
			if (contestant === 'ours')
				return [ours('Get Many', { resource: 'contact', operation: 'getMany', returnAll: true })];
			if (contestant === 'highLevel')
				return [highLevel('Get Many', { resource: 'contact', operation: 'getAll', returnAll: true }, false)];
			if (contestant === 'httpRequest')
				return [
					http(
						'Get Many',
						input,
						{ method: 'GET', path: '/contacts/', qs: { locationId: input.locationId, limit: '100' } },
						{
							pagination: {
								pagination: {
									paginationMode: 'updateAParameterInEachRequest',
									parameters: {
										parameters: [
											{ type: 'qs', name: 'startAfterId', value: '={{ $response.body.meta.startAfterId }}' },
											{ type: 'qs', name: 'startAfter', value: '={{ $response.body.meta.startAfter }}' },
										],
									},
									paginationCompleteWhen: 'other',
									completeExpression: '={{ !$response.body.meta.startAfterId }}',
								},
							},
						},
					),
				];
			return undefined;
		case 'daily':
			if (contestant === 'ours')
				return [
					ours('Notes', { resource: 'note', operation: 'getMany', contactId, returnAll: true }),
					ours('Tasks', { resource: 'task', operation: 'getMany', contactId, returnAll: true }),
				];
			// The official node reads tasks but has no notes operation; its users add an HTTP
			// Request node for those.
			if (contestant === 'highLevelPlusHttp')
				return [
					http('Notes', input, { method: 'GET', path: '/contacts/{{ $json.id }}/notes' }, BATCHING),
					highLevel('Tasks', { resource: 'task', operation: 'getAll', contactId: '={{ $json.id }}', returnAll: true }, true),
				];
			if (contestant === 'httpRequestBatched')
				return [
					http('Notes', input, { method: 'GET', path: '/contacts/{{ $json.id }}/notes' }, BATCHING),
					http('Tasks', input, { method: 'GET', path: '/contacts/{{ $json.id }}/tasks' }, BATCHING),
				];
			return undefined;
	}
}

/** What differs from the scenario's job for a contestant, shown next to its figures. */
export function noteFor(scenario: ScenarioId, contestant: ContestantId): string | undefined {
	if (scenario === 'writes' && contestant === 'oursBulk') return 'one request per 100 contacts';
	if (scenario === 'writes' && contestant.startsWith('highLevel')) {
		return 'no Add Tag operation: Update with Tags (replaces the tags)';
	}
	if (scenario === 'returnAll' && contestant === 'highLevel') return 'page 2 is sent without locationId and limit';
	if (scenario === 'returnAll' && contestant === 'httpRequest') return 'pagination set up by hand; one item per page';
	if (scenario === 'daily' && contestant === 'highLevelPlusHttp') return 'no notes operation: notes by HTTP Request';
	if (scenario === 'daily' && contestant !== 'ours') return 'each node paces itself; the budget is shared';
	return undefined;
}

/**
 * Start node → every subject node (parallel branches run one after another). The loop contestant
 * runs its node inside Loop Over Items with one item per batch: n8n's way to send one request at
 * a time, each after the previous one's answer.
 */
export function workflowOf(subjects: SubjectNode[], items: IDataObject[], contestant: ContestantId): WorkflowJson {
	const start: INode = {
		id: 'start',
		name: 'Start',
		type: 'test.items',
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: JSON.stringify(items) },
	};
	const nodes: INode[] = subjects.map((subject, index) => ({
		id: `subject-${index}`,
		name: subject.name,
		type: subject.type,
		typeVersion: subject.typeVersion,
		position: [200, index * 200],
		parameters: subject.parameters as INode['parameters'],
		credentials: subject.credentials,
		// Failed items stay in the output, so they can be counted.
		onError: 'continueRegularOutput',
	}));
	if (contestant === 'highLevelLoop') {
		const loop: INode = {
			id: 'loop',
			name: 'Loop Over Items',
			type: LOOP_TYPE,
			typeVersion: 3,
			position: [100, 0],
			parameters: { batchSize: 1, options: {} },
		};
		const [subject] = subjects;
		return {
			nodes: [start, loop, ...nodes],
			connections: {
				Start: { main: [[{ node: loop.name, type: 'main', index: 0 }]] },
				// Output 0 is "done", output 1 "loop".
				[loop.name]: { main: [[], [{ node: subject.name, type: 'main', index: 0 }]] },
				[subject.name]: { main: [[{ node: loop.name, type: 'main', index: 0 }]] },
			},
		};
	}
	return {
		nodes: [start, ...nodes],
		connections: {
			Start: { main: [subjects.map((subject) => ({ node: subject.name, type: 'main' as const, index: 0 }))] },
		},
	};
}
