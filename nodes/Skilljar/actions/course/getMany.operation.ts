import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { limitOf, returnAllFields } from '../../descriptions/common';
import { listPublishedCourses } from '../../helpers/courses';
import type { SkilljarConnection } from '../../transport';

const properties: INodeProperties[] = [...returnAllFields(10_000)];

export const description = updateDisplayOptions(
	{ show: { resource: ['course'], operation: ['getMany'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	conn: SkilljarConnection,
) {
	const courses = await listPublishedCourses(this, conn, limitOf(this, itemIndex), itemIndex);
	return courses.map((course) => ({ json: course }));
}
