import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listGroups } from '../helpers/groups';
import { getConnection } from '../transport';

const MAX_RESULTS = 1_000;

/** Groups for the "From List" mode of group pickers, narrowed by the text typed. */
export async function searchGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const conn = await getConnection(this);
	const text = (filter ?? '').trim();
	const groups = await listGroups(
		this,
		conn,
		0,
		MAX_RESULTS,
		conn.api === 'v2' && text ? text : undefined,
	);
	return {
		results: groups
			.filter((group) => group.name.toLowerCase().includes(text.toLowerCase()))
			.map((group) => ({ name: group.name, value: group.id }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}
