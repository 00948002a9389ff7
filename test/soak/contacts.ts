// The soak's GHL contacts: the same list in every run (names, emails, phones, tags, notes and
// tasks follow from the index), so the fault-free and the faulty run can be compared.

export interface SoakNote {
	body: string;
	dateAdded: string;
}

export interface SoakTask {
	title: string;
	dueDate: string;
	completed: boolean;
}

export interface SoakContact {
	index: number;
	firstName: string;
	lastName: string;
	email?: string;
	phone?: string;
	tags: string[];
	notes: SoakNote[];
	tasks: SoakTask[];
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Barbara', 'Edsger', 'Frances', 'Donald', 'Radia'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Liskov', 'Dijkstra', 'Allen', 'Knuth', 'Perlman'];
/** Tags 01 syncs to groups are `vip` and `lms` (groups "GHL: vip", "GHL: lms"); the others have no group. */
const TAG_SETS = [['vip'], ['lms'], ['vip', 'lms'], ['newsletter'], [], ['lms', 'beta']];
const DAY = 24 * 3600 * 1000;

/**
 * `count` contacts. One in twenty has no email (01 skips it, 02 filters it out); two in three have
 * a phone. Notes are dated days before `today`, tasks due days around it (overdue, open, done), so
 * both runs summarise them alike as long as they run on the same day.
 */
export function soakContacts(count: number, today: number): SoakContact[] {
	const contacts: SoakContact[] = [];
	for (let index = 0; index < count; index++) {
		const number = String(index).padStart(5, '0');
		const notes: SoakNote[] = [];
		for (let k = 0; k < index % 4; k++) {
			notes.push({
				body: `Note ${k + 1} about contact ${number}`,
				dateAdded: new Date(today - (k + 1 + (index % 7)) * DAY + 36e5).toISOString(),
			});
		}
		const tasks: SoakTask[] = [];
		for (let k = 0; k < index % 3; k++) {
			const kind = (index + k) % 3;
			tasks.push({
				title: `Task ${k + 1} for ${number}`,
				dueDate: new Date(today + (kind === 2 ? 10 : -10 - k) * DAY + 12 * 36e5).toISOString(),
				completed: kind === 0,
			});
		}
		contacts.push({
			index,
			firstName: FIRST[index % FIRST.length],
			lastName: `${LAST[Math.floor(index / FIRST.length) % LAST.length]}-${number}`,
			email: index % 20 === 7 ? undefined : `learner.${number}@soak.example.com`,
			phone: index % 3 === 0 ? undefined : `+1415${String(5_000_000 + index).padStart(7, '0')}`,
			tags: TAG_SETS[index % TAG_SETS.length],
			notes,
			tasks,
		});
	}
	return contacts;
}
