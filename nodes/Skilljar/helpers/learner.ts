import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { assertEmail, encodePathSegment } from '../../shared/validation';
import {
	flatten,
	skilljarRequest,
	v1List,
	v2List,
	type JsonApiResource,
	type SkilljarConnection,
} from '../transport';

/** A learner as every operation outputs it, whichever API answered. */
export interface LearnerOutput extends IDataObject {
	id: string;
	email: string;
	first_name: string;
	last_name: string;
}

interface V1User {
	id: string;
	email: string;
	first_name?: string;
	last_name?: string;
	full_name?: string;
}

/** GET /v1/users items (`{user{…}, registration_count, …}`) and domain users (`{user{…}, active, …}`). */
export function fromV1(record: IDataObject): LearnerOutput {
	const { user, ...rest } = record as { user: V1User } & IDataObject;
	const { full_name: _fullName, ...fields } = user ?? ({} as V1User);
	const output: LearnerOutput = {
		id: String(fields.id ?? ''),
		email: String(fields.email ?? ''),
		first_name: String(fields.first_name ?? ''),
		last_name: String(fields.last_name ?? ''),
		...rest,
	};
	if ('inactive_at' in rest) output.is_inactive = rest.inactive_at !== null;
	return output;
}

export function fromV2(resource: JsonApiResource): LearnerOutput {
	const flat = flatten(resource);
	return {
		...flat,
		id: String(flat.id),
		email: String(flat.email ?? ''),
		first_name: String(flat.first_name ?? ''),
		last_name: String(flat.last_name ?? ''),
	};
}

/** The learner with this email, or undefined (v1 GET /v1/users?email=, v2 filter[email]). */
export async function findLearnerByEmail(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	email: string,
	itemIndex: number,
): Promise<LearnerOutput | undefined> {
	if (conn.api === 'v1') {
		const [found] = await v1List<IDataObject>(
			ctx,
			conn,
			{ path: '/v1/users', qs: { email }, itemIndex },
			1,
		);
		return found ? fromV1(found) : undefined;
	}
	const { data } = await v2List(
		ctx,
		conn,
		{ path: '/v2/students/', qs: { 'filter[email]': email }, itemIndex, scope: 'students:read' },
		1,
	);
	return data[0] ? fromV2(data[0]) : undefined;
}

export async function getLearner(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	id: string,
	itemIndex: number,
): Promise<LearnerOutput> {
	if (conn.api === 'v1') {
		const record = await skilljarRequest(ctx, conn, {
			method: 'GET',
			path: '/v1/users/{id}',
			pathParams: { id: { label: 'Learner', value: id } },
			itemIndex,
			expects: { user: 'object' },
		});
		return fromV1(record);
	}
	const { data } = await skilljarRequest<{ data: JsonApiResource }>(ctx, conn, {
		method: 'GET',
		path: '/v2/students/{id}',
		pathParams: { id: { label: 'Learner', value: id } },
		itemIndex,
		scope: 'students:read',
	});
	return fromV2(data);
}

export interface LearnerRef {
	id: string;
	/** Known when the learner was given by email. */
	email?: string;
}

/**
 * The learner a Learner parameter names: by ID as given, or by email looked up (one request).
 * Fails naming the parameter when the email is not a learner's.
 */
export async function resolveLearner(
	ctx: IExecuteFunctions,
	conn: SkilljarConnection,
	itemIndex: number,
	parameter = 'learner',
): Promise<LearnerRef> {
	const { mode, value } = learnerParameter(ctx, itemIndex, parameter);
	if (mode === 'id') {
		encodePathSegment(ctx.getNode(), { label: 'Learner ID', value }, itemIndex);
		return { id: value };
	}
	const email = assertEmail(ctx.getNode(), 'Learner email', value, itemIndex);
	const learner = await findLearnerByEmail(ctx, conn, email, itemIndex);
	if (!learner) {
		throw new NodeOperationError(ctx.getNode(), `No Skilljar learner has the email ${email}`, {
			itemIndex,
			description: 'Create the learner first (Learner → Create or Update), or check the email.',
		});
	}
	return { id: learner.id, email };
}

/** The mode ("email" or "id") and trimmed value of a learner locator. */
export function learnerParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter = 'learner',
): { mode: 'email' | 'id'; value: string } {
	const raw = ctx.getNodeParameter(parameter, itemIndex) as
		{ mode?: string; value?: unknown } | string;
	const locator = typeof raw === 'object' && raw !== null ? raw : { mode: 'id', value: raw };
	const value = String(locator.value ?? '').trim();
	if (value === '') {
		throw new NodeOperationError(ctx.getNode(), 'Learner is empty', {
			itemIndex,
			description: "Give the learner's email address or Skilljar ID.",
		});
	}
	// An email typed into "By ID" is meant as an email.
	const mode = locator.mode === 'email' || value.includes('@') ? 'email' : 'id';
	return { mode, value };
}
