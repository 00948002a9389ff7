import type { INodeProperties } from 'n8n-workflow';

/** A course picked from the school's list, or given as its ID or title (e.g. from an expression). */
export const courseLocator: INodeProperties = {
	displayName: 'Course',
	name: 'courseId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The OnlineCourseHost course to enroll the student in',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchCourses', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. rkUNIGXTgtrPCz130A2D',
			hint: 'The 20-character ID that Course → Get Many returns',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^[^\\s/?#]+$',
						errorMessage: 'A course ID has no spaces, "/", "?" or "#"',
					},
				},
			],
		},
		{
			displayName: 'By Title',
			name: 'title',
			type: 'string',
			placeholder: 'e.g. How to win friends',
			hint: 'The course title as OnlineCourseHost shows it; capitals and extra spaces do not matter',
		},
	],
};
