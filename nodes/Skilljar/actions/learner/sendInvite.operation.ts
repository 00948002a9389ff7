import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { learnerLocator } from '../../descriptions/common';
import { resolveLearner } from '../../helpers/learner';
import { requireApi, skilljarRequest, type SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Needs the API Key (v1) credential: Skilljar API v2 has no invitations.',
		name: 'v1Notice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['oAuth2'] } },
	},
	learnerLocator(
		"The learner to invite; they must be a member of the credential's training domain",
	),
	{
		displayName: 'Send Email',
		name: 'sendEmail',
		type: 'boolean',
		default: true,
		description:
			'Whether Skilljar emails the invitation. Off: the invitation is only created and its link returned, for sending it yourself.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['learner'], operation: ['sendInvite'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	requireApi(this, conn, 'v1', 'Send Invite', 'Skilljar API v2 has no invitations.', itemIndex);
	const { id } = await resolveLearner(this, conn, itemIndex);
	const sendEmail = this.getNodeParameter('sendEmail', itemIndex, true) as boolean;
	const invite = await skilljarRequest(this, conn, {
		method: 'POST',
		path: '/v1/domains/{domain}/users/{id}/invites',
		pathParams: { id: { label: 'Learner', value: id } },
		body: { send_email: sendEmail },
		itemIndex,
	});
	return [{ json: { learner_id: id, ...invite } }];
}
