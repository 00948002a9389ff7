// Skilljar's course webhooks as the templates' Skilljar Triggers receive them: the sandbox acts as
// a learner (its /__sandbox/enroll and /progress routes), sends the webhooks, and one activated
// Skilljar Trigger turns each delivery into the normalised items a template starts from.
import type { INodeExecutionData } from 'n8n-workflow';

import type { TestCredentialsHelper } from './engine';
import { API_KEY_CREDENTIAL_ID, type SkilljarTestBed } from './skilljar';
import { TriggerHarness } from './trigger';

export interface SkilljarLearner {
	/** Enrolls the learner; the COURSE_ENROLLMENT items (none when already enrolled). */
	enroll: (body: Record<string, unknown>) => Promise<INodeExecutionData[]>;
	/** Records progress; the COURSE_COMPLETION items when it completes the course. */
	progress: (body: Record<string, unknown>) => Promise<INodeExecutionData[]>;
}

/** `credentials` must hold the Skilljar key of `skilljar` under API_KEY_CREDENTIAL_ID. */
export async function skilljarLearner(
	skilljar: SkilljarTestBed,
	credentials: TestCredentialsHelper,
): Promise<SkilljarLearner> {
	const trigger = new TriggerHarness(credentials, {
		type: 'skilljarTrigger',
		parameters: { events: ['COURSE_ENROLLMENT', 'COURSE_COMPLETION'] },
		credentials: { skilljarApi: { id: API_KEY_CREDENTIAL_ID, name: 'Skilljar sandbox key' } },
	});
	await trigger.activate();
	let received: INodeExecutionData[] = [];
	skilljar.sandbox.setDeliveryTransport(async (request) => {
		const result = await trigger.deliver({ headers: request.headers, body: request.body });
		received.push(...result.items);
		return { status: result.status };
	});
	const act = async (route: 'enroll' | 'progress', body: Record<string, unknown>) => {
		received = [];
		const response = await fetch(`${skilljar.sandbox.urls.inspect}/${route}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (response.status >= 300)
			throw new Error(`${route}: ${response.status} ${await response.text()}`);
		return received;
	};
	return {
		enroll: async (body) => await act('enroll', body),
		progress: async (body) => await act('progress', body),
	};
}
