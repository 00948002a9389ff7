import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ghlRequest, type GhlConnection } from '../../transport';

export type OnlyIfMissing = 'off' | 'sameText' | 'sameTextBeforeDate';

export const onlyIfMissingField: INodeProperties = {
	displayName: 'Only If Missing',
	name: 'onlyIfMissing',
	type: 'options',
	options: [
		{ name: 'Off', value: 'off', description: 'Always create the note' },
		{
			name: 'No Note With the Same Text',
			value: 'sameText',
			description:
				'Skip when the contact has a note with exactly this text (spaces at the ends and doubled spaces aside)',
		},
		{
			name: 'No Note With the Same Text Before the Date',
			value: 'sameTextBeforeDate',
			description:
				'Skip when a note has the same text up to its first date (YYYY-MM-DD): "Enrolled in Photography on 2025-03-01" is found for "Enrolled in Photography on 2025-04-02", "Enrolled in Photography on a Budget on …" is not',
		},
	],
	default: 'off',
	description:
		'Whether to skip the note when the contact already has it, so that a repeated run adds no second one. The output says "created": true or false; when skipped it is the note found.',
};

const DATE = /\d{4}-\d{2}-\d{2}/;

/** What two notes must share to be "the same" under the rule. */
export function noteKey(text: string, rule: OnlyIfMissing): string {
	const compared = rule === 'sameTextBeforeDate' ? text.split(DATE)[0] : text;
	return compared.trim().replace(/\s+/g, ' ');
}

/** The notes items of one node run are creating or found, by contact and note key. */
const notesOfRun = new WeakMap<IExecuteFunctions, Map<string, Promise<IDataObject>>>();

/**
 * The note found, or else the one `create` makes. Items of one run that look for the same note
 * of the same contact wait for the first one, so two equal items create the note once.
 */
export async function findOrCreate(
	ctx: IExecuteFunctions,
	key: string,
	find: () => Promise<IDataObject | undefined>,
	create: () => Promise<IDataObject>,
): Promise<{ note: IDataObject; created: boolean }> {
	let notes = notesOfRun.get(ctx);
	if (!notes) {
		notes = new Map();
		notesOfRun.set(ctx, notes);
	}
	const earlier = notes.get(key);
	const earlierNote = earlier ? await earlier.catch(() => undefined) : undefined;
	if (earlierNote) return { note: earlierNote, created: false };

	const outcome = (async () => {
		const found = await find();
		return found ? { note: found, created: false } : { note: await create(), created: true };
	})();
	const shared = outcome.then(({ note }) => note);
	// Its failure is this item's to report; a later item only sees that there is no note.
	shared.catch(() => undefined);
	notes.set(key, shared);
	return await outcome;
}

/** The contact's note that is the same as `text` under the rule, if any. */
export async function existingNote(
	ctx: IExecuteFunctions,
	conn: GhlConnection,
	contactId: string,
	text: string,
	rule: OnlyIfMissing,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const { notes } = await ghlRequest<{ notes?: IDataObject[] }>(ctx, conn, {
		method: 'GET',
		path: '/contacts/{contactId}/notes',
		pathParams: { contactId: { label: 'Contact', value: contactId } },
		itemIndex,
	});
	const wanted = noteKey(text, rule);
	return (notes ?? []).find(
		(note) => typeof note.body === 'string' && noteKey(note.body, rule) === wanted,
	);
}
