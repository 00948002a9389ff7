import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type INode, type IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { searchCourses } from '../../nodes/OnlineCourseHost/methods/listSearch';
import { nodeTypes, PACKAGE } from '../harness/engine';
import { OCH_CREDENTIAL_ID, OCH_NODE, startOchTestBed, type OchTestBed } from '../harness/och';

/** A load-options context as the editor creates one when the course dropdown opens. */
function editorContext(bed: OchTestBed) {
	const node: INode = {
		id: 'subject',
		name: OCH_NODE,
		type: `${PACKAGE}.onlineCourseHost`,
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource: 'student', operation: 'enroll' },
		credentials: { onlineCourseHostApi: { id: OCH_CREDENTIAL_ID, name: 'OCH sandbox' } },
	};
	const workflow = new Workflow({
		id: 'load-options',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: false,
	});
	const additionalData = {
		credentialsHelper: bed.credentials,
		currentNodeParameters: node.parameters,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters.courseId');
}

describe('Course → Get Many', () => {
	let bed: OchTestBed;

	beforeAll(async () => {
		bed = await startOchTestBed();
		bed.sandbox.addCourse('Photography for Beginners', 'Ph0t0gr4phyB3g1nn3rs');
	});
	afterAll(async () => await bed.close());
	beforeEach(() => bed.sandbox.clearRequests());

	test("lists every course of the school as OCH gives it, with the token in OCH's header", async () => {
		const result = await bed.run({ resource: 'course', operation: 'getMany' });

		expect(result.output(OCH_NODE).map((item) => item.json)).toEqual([
			{ id: 'rkUNIGXTgtrPCz130A2D', course: 'How to win friends' },
			{ id: 'Qm3xV9pLc2WnTb7YhK4s', course: 'Email Marketing Foundations' },
			{ id: 'Ph0t0gr4phyB3g1nn3rs', course: 'Photography for Beginners' },
		]);
		const [request] = bed.sandbox.requests;
		expect(request).toMatchObject({
			method: 'GET',
			path: '/api/pabbly-tenant-courses',
			status: 200,
		});
		expect(request.headers['x-integration-token']).toBe(bed.token);
	});

	test('Limit and Title Contains narrow the list', async () => {
		const limited = await bed.run({
			resource: 'course',
			operation: 'getMany',
			returnAll: false,
			limit: 2,
		});
		expect(limited.output(OCH_NODE).map((item) => item.json.id)).toEqual([
			'rkUNIGXTgtrPCz130A2D',
			'Qm3xV9pLc2WnTb7YhK4s',
		]);

		const filtered = await bed.run({
			resource: 'course',
			operation: 'getMany',
			titleContains: 'MARKETING',
		});
		expect(filtered.output(OCH_NODE).map((item) => item.json.course)).toEqual([
			'Email Marketing Foundations',
		]);
	});

	test('the course dropdown lists the courses by title, sorted, and filters as the user types', async () => {
		const all = await searchCourses.call(editorContext(bed));
		expect(all.results).toEqual([
			{ name: 'Email Marketing Foundations', value: 'Qm3xV9pLc2WnTb7YhK4s' },
			{ name: 'How to win friends', value: 'rkUNIGXTgtrPCz130A2D' },
			{ name: 'Photography for Beginners', value: 'Ph0t0gr4phyB3g1nn3rs' },
		]);
		const filtered = await searchCourses.call(editorContext(bed), 'friends');
		expect(filtered.results).toEqual([
			{ name: 'How to win friends', value: 'rkUNIGXTgtrPCz130A2D' },
		]);
		expect(
			bed.sandbox.requests.every((request) => request.path === '/api/pabbly-tenant-courses'),
		).toBe(true);
	});

	test('a list read that meets a 5xx or a connection reset is sent again and succeeds', async () => {
		bed.sandbox.setFaults({
			schedule: [
				{ atRequest: 1, kind: '5xx' },
				{ atRequest: 2, kind: 'reset' },
			],
		});
		const result = await bed.run({ resource: 'course', operation: 'getMany' });
		bed.sandbox.setFaults({});
		expect(result.error(OCH_NODE)).toBeUndefined();
		expect(result.output(OCH_NODE)).toHaveLength(3);
		expect(bed.sandbox.requests.map((request) => request.fault ?? request.status)).toEqual([
			'5xx',
			'reset',
			200,
		]);
	});
});
