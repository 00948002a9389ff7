import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { assertEmail, truncate } from '../../../shared/validation';
import { courseLocator } from '../../descriptions/common';
import { courseByTitle } from '../../helpers/courseByTitle';
import { generatePassword } from '../../helpers/password';
import { ochRequest, type OchConnection } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName:
			'If the email is new, OnlineCourseHost creates the student account with a strong random password that this node generates and never shows. The student sets their own with "Forgot password" on the school\'s login page. An existing student keeps their account and password.',
		name: 'passwordNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: "The student's email address; it identifies the account in OnlineCourseHost",
	},
	{
		displayName: 'Name Format',
		name: 'nameFormat',
		type: 'options',
		options: [
			{ name: 'First and Last Name', value: 'firstAndLast' },
			{ name: 'Full Name', value: 'full' },
		],
		default: 'firstAndLast',
		description:
			'Whether the name comes as separate first and last names (as in HighLevel contacts) or as one full name',
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Ada',
		displayOptions: { show: { nameFormat: ['firstAndLast'] } },
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Lovelace',
		displayOptions: { show: { nameFormat: ['firstAndLast'] } },
	},
	{
		displayName: 'Full Name',
		name: 'fullName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Ada Lovelace',
		displayOptions: { show: { nameFormat: ['full'] } },
	},
	courseLocator,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['student'], operation: ['enroll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: OchConnection) {
	const node = this.getNode();
	const email = assertEmail(
		node,
		'Email',
		String(this.getNodeParameter('email', itemIndex, '') ?? ''),
		itemIndex,
	).toLowerCase();
	const courseId = await courseIdOf(this, conn, itemIndex);
	const names = namesOf(this, itemIndex);

	const body: IDataObject = { email, courseId, ...names, password: generatePassword() };
	// Retry-safe: OCH matches the student by email, so a repeat after a lost answer enrolls the
	// same account in the same course again instead of creating a second account. The repeat
	// carries the same password, which OCH uses only when it creates the account.
	const answer = await ochRequest<IDataObject>(this, conn, {
		method: 'POST',
		path: '/api/zapier-enroll-student-action-webhook',
		body,
		itemIndex,
		retrySafe: true,
		// OCH confirms with `{status: "success", message}`; without a status nothing is confirmed.
		expects: { status: 'value' },
	});
	const output: IDataObject = typeof answer === 'object' && answer !== null ? { ...answer } : {};
	delete output.password;
	return [{ json: { ...output, email, courseId } }];
}

async function courseIdOf(
	ctx: IExecuteFunctions,
	conn: OchConnection,
	itemIndex: number,
): Promise<string> {
	const locator = ctx.getNodeParameter('courseId', itemIndex, '') as unknown;
	const mode = (locator as { mode?: unknown } | null)?.mode;
	const value: unknown = ctx.getNodeParameter('courseId', itemIndex, '', { extractValue: true });
	const courseId =
		typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	const fail = (problem: string) =>
		new NodeOperationError(ctx.getNode(), `Course ${problem}`, {
			itemIndex,
			description:
				'Pick the course from the list, give its ID as Course → Get Many returns it (e.g. rkUNIGXTgtrPCz130A2D), or its title By Title.',
		});
	if (courseId === '') throw fail('is empty');
	if (mode === 'title') return (await courseByTitle(ctx, conn, courseId, itemIndex)).id;
	// It travels in the JSON body, but OCH looks the course up by it: what could never be an id
	// (a path, "..", control characters) is refused here rather than sent.
	if (/[\s/?#\\%\u0000-\u001f\u007f]/.test(courseId) || courseId === '.' || courseId === '..') {
		throw fail(`"${truncate(courseId)}" is not a course ID`);
	}
	if (courseId.length > 128) throw fail('ID is longer than 128 characters');
	return courseId;
}

/**
 * OCH has been seen to take `name` (one field) and `first_name` / `last_name`. Both are sent when
 * the parts are known; a full name is sent as `name` only, never split by guesswork.
 */
function namesOf(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const text = (name: string) => String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (ctx.getNodeParameter('nameFormat', itemIndex, 'firstAndLast') === 'full') {
		const fullName = text('fullName').replace(/\s+/g, ' ');
		return fullName ? { name: fullName } : {};
	}
	const firstName = text('firstName');
	const lastName = text('lastName');
	const name = [firstName, lastName].filter(Boolean).join(' ');
	return {
		...(name ? { name } : {}),
		...(firstName ? { first_name: firstName } : {}),
		...(lastName ? { last_name: lastName } : {}),
	};
}
