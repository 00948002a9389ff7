import type { IDataObject } from 'n8n-workflow';

import { contactRecordList } from '../../helpers/contactRecords';
import { cut, dayOf, oneLine } from '../../helpers/perContact';

/** `2 notes | 2026-12-01: Prefers email | 2026-11-30: Asked about…`, newest first; `No notes`. */
function summariseNotes(notes: IDataObject[], maxLength: number): IDataObject {
	const newestFirst = [...notes].sort(
		(a, b) =>
			String(b.dateAdded ?? '').localeCompare(String(a.dateAdded ?? '')) ||
			String(a.id).localeCompare(String(b.id)),
	);
	const lines = newestFirst.map((note) => `${dayOf(note.dateAdded)}: ${oneLine(note.body)}`);
	const summary =
		notes.length === 0
			? 'No notes'
			: `${notes.length} note${notes.length === 1 ? '' : 's'} | ${lines.join(' | ')}`;
	return { notes: newestFirst, notesSummary: cut(summary, maxLength) };
}

export const { description, execute } = contactRecordList({
	resource: 'note',
	path: '/contacts/{contactId}/notes',
	key: 'notes',
	perContact: {
		noun: 'note',
		adds: 'its notes (newest first) in "notes" and in "notesSummary" a text such as "2 notes | 2026-12-01: Prefers email | 2026-11-30: Asked about the spring cohort" (dates in UTC), or "No notes"',
		summarise: summariseNotes,
	},
});
