import { NodeApiError, type IDataObject, type JsonObject } from 'n8n-workflow';

import type { RequestContext } from '../../shared/transport/types';
import { ochRequest, type OchConnection } from '../transport';

/** A course as OnlineCourseHost lists it: a 20-character document id and its title. */
export interface OchCourse extends IDataObject {
	id: string;
	course: string;
}

/** Every course of the school, in OCH's order. OCH lists them all at once (no paging). */
export async function listCourses(
	ctx: RequestContext,
	conn: OchConnection,
	itemIndex = 0,
): Promise<OchCourse[]> {
	const answer = await ochRequest<unknown>(ctx, conn, {
		method: 'GET',
		path: '/api/pabbly-tenant-courses',
		itemIndex,
	});
	const list = Array.isArray(answer)
		? answer
		: Array.isArray((answer as IDataObject | null)?.courses)
			? ((answer as IDataObject).courses as unknown[])
			: undefined;
	if (!list) {
		throw new NodeApiError(ctx.getNode(), {} as JsonObject, {
			message: 'OnlineCourseHost answered the course list with something other than a list',
			description:
				'Check the API Base URL in the OnlineCourseHost API credential (normally https://api.onlinecoursehost.com).',
			itemIndex,
		});
	}
	return list
		.filter((entry): entry is IDataObject => typeof entry === 'object' && entry !== null)
		.map((entry) => ({ ...entry, id: String(entry.id ?? ''), course: String(entry.course ?? '') }));
}
