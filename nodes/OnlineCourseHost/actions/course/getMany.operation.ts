import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { listCourses } from '../../helpers/courses';
import type { OchConnection } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Title Contains',
		name: 'titleContains',
		type: 'string',
		default: '',
		placeholder: 'e.g. marketing',
		description:
			'Only return courses whose title contains this text (not case-sensitive). Leave empty for all.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['course'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number, conn: OchConnection) {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, true) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	const titleContains = (this.getNodeParameter('titleContains', itemIndex, '') as string)
		.trim()
		.toLowerCase();
	const courses = (await listCourses(this, conn, itemIndex)).filter(
		(course) => titleContains === '' || course.course.toLowerCase().includes(titleContains),
	);
	return (returnAll ? courses : courses.slice(0, limit)).map((course) => ({ json: course }));
}
