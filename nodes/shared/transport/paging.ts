export interface Page<T, Cursor> {
	items: T[];
	/** Where the next page starts; undefined on the last page. */
	next?: Cursor;
}

/**
 * Reads pages until `limit` items are collected or the service has no more. Each page request is
 * built from the cursor alone, so whatever the caller keeps constant (location, page size, query)
 * is sent on every page, not only the first.
 */
export async function collectPages<T, Cursor>(
	fetchPage: (cursor: Cursor | undefined, remaining: number) => Promise<Page<T, Cursor>>,
	limit = Number.POSITIVE_INFINITY,
): Promise<T[]> {
	const collected: T[] = [];
	let cursor: Cursor | undefined;
	for (;;) {
		const page = await fetchPage(cursor, limit - collected.length);
		collected.push(...page.items.slice(0, limit - collected.length));
		if (collected.length >= limit || page.items.length === 0 || page.next === undefined) {
			return collected;
		}
		cursor = page.next;
	}
}
