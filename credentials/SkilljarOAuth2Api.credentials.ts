import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

const READ_SCOPES = [
	'students:read',
	'enrollments:read',
	'student-groups:read',
	'signup-fields:read',
	'published-courses:read',
	'domains:read',
];

/**
 * Skilljar API v2: an API client's id and secret exchanged for short-lived access tokens with the
 * client-credentials grant; n8n fetches a new token whenever one expires. Scopes start at
 * read-only; each write scope is requested only when the user ticks it (least privilege).
 */
export class SkilljarOAuth2Api implements ICredentialType {
	name = 'skilljarOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Skilljar OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/Skilljar/skilljar.svg',
		dark: 'file:../nodes/Skilljar/skilljar.dark.svg',
	};

	documentationUrl =
		'https://support.gainsight.com/Skilljar/Develop_and_Customize/API/Getting_started_with_the_Skilljar_API';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'clientCredentials',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.skilljar.com',
			description: 'Change it only for a test stand-in; the token URL follows it',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: '={{ $self["baseUrl"].replace(/\\/+$/, "") + "/v2/auth/token" }}',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Allow Learner Changes',
			name: 'allowLearnerWrites',
			type: 'boolean',
			default: false,
			description:
				'Whether to request the students:write and students:deactivate scopes, needed to create, update and deactivate learners (and to create a new learner when enrolling by email)',
		},
		{
			displayName: 'Allow Enrollment Changes',
			name: 'allowEnrollmentWrites',
			type: 'boolean',
			default: false,
			description: 'Whether to request the enrollments:write scope, needed to enroll and unenroll',
		},
		{
			displayName: 'Allow Group Changes',
			name: 'allowGroupWrites',
			type: 'boolean',
			default: false,
			description:
				'Whether to request the student-groups:write scope, needed to create groups and change their members (Sync Tags to Groups)',
		},
		{
			displayName: 'Allow Profile Field Changes',
			name: 'allowProfileFieldWrites',
			type: 'boolean',
			default: false,
			description:
				'Whether to request the signup-fields:write scope, needed to set profile field values',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: `={{ ${JSON.stringify(READ_SCOPES)}.concat($self["allowLearnerWrites"] ? ["students:write", "students:deactivate"] : []).concat($self["allowEnrollmentWrites"] ? ["enrollments:write"] : []).concat($self["allowGroupWrites"] ? ["student-groups:write"] : []).concat($self["allowProfileFieldWrites"] ? ["signup-fields:write"] : []).join(" ") }}`,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// The spec puts client_id and client_secret in the token request body.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
