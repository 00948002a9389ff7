import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { assertEmail } from '../../../shared/validation';
import { findLearnerByEmail } from '../../helpers/learner';
import type { SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. jane@example.com',
		default: '',
		required: true,
		description: 'Matched case-insensitively',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['learner'], operation: ['findByEmail'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const email = assertEmail(
		this.getNode(),
		'Email',
		this.getNodeParameter('email', itemIndex) as string,
		itemIndex,
	);
	const learner = await findLearnerByEmail(this, conn, email, itemIndex);
	return [{ json: learner ? { found: true, ...learner } : { found: false, email } }];
}
