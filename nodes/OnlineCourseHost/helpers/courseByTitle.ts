import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { truncate } from '../../shared/validation';
import type { OchConnection } from '../transport';
import { listCourses, type OchCourse } from './courses';

/** One course list per node run, shared by its items (the run's context is the key). */
const listsOfRun = new WeakMap<IExecuteFunctions, Promise<OchCourse[]>>();

/** A title as it is compared: trimmed, inner spaces collapsed, lower case. */
const normalise = (title: string) => title.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The course whose title is `title` (case and spacing ignored). No match or two matches is an
 * error for this item that names the title and what there is instead.
 */
export async function courseByTitle(
	ctx: IExecuteFunctions,
	conn: OchConnection,
	title: string,
	itemIndex: number,
): Promise<OchCourse> {
	let list = listsOfRun.get(ctx);
	if (!list) {
		list = listCourses(ctx, conn, itemIndex);
		listsOfRun.set(ctx, list);
	}
	const courses = await list;
	const wanted = normalise(title);
	const matches = courses.filter((course) => normalise(course.course) === wanted);
	if (matches.length === 1) return matches[0];

	const shown = `"${truncate(title.trim())}"`;
	if (matches.length > 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${matches.length} OnlineCourseHost courses are titled ${shown}`,
			{
				itemIndex,
				description: `Their IDs: ${matches.map((course) => course.id).join(', ')}. Rename one in OnlineCourseHost, or choose the course By ID.`,
			},
		);
	}
	const close = courses.filter((course) => isClose(normalise(course.course), wanted));
	const titles = (list: OchCourse[]) =>
		list
			.map((course) => `"${course.course}"`)
			.sort()
			.slice(0, 10)
			.join(', ');
	throw new NodeOperationError(ctx.getNode(), `No OnlineCourseHost course is titled ${shown}`, {
		itemIndex,
		description:
			close.length > 0
				? `Close titles: ${titles(close)}.`
				: courses.length > 0
					? `Courses: ${titles(courses)}${courses.length > 10 ? ', …' : ''}.`
					: 'The school has no courses.',
	});
}

/** One title contains the other, or they differ by a few typed characters. */
function isClose(title: string, wanted: string): boolean {
	if (title.includes(wanted) || wanted.includes(title)) return true;
	return editDistance(title, wanted) <= Math.max(2, Math.floor(wanted.length / 6));
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(
				previous[j] + 1,
				current[j - 1] + 1,
				previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
			);
		}
		previous = current;
	}
	return previous[b.length];
}
