// In-memory state of one sandbox: locations, contacts and their children, plus the lagging search view.
import { AutomationStore } from './automation';
import { applyContactWrite, normalizeEmail, normalizePhone, normalizeTags, withDerivedNames } from './model';
import { randomId } from './random';
import type {
	Appointment,
	Business,
	Contact,
	ContactWrite,
	CustomFieldDefinition,
	Location,
	Note,
	Task,
} from './types';

const DEFAULT_COMPANY_ID = 'SandboxCompany000001';

export type MatchingField = 'email' | 'phone';
export interface DuplicateMatch {
	contact: Contact;
	matchingField: MatchingField;
}

export type TaskInput = Omit<Task, 'id' | 'contactId'>;
export type NoteInput = Omit<Note, 'id' | 'contactId' | 'dateAdded'>;

/** A change HighLevel would announce by webhook; `previous` is the record before an update. */
export type StoreChange =
	| { kind: 'contact'; action: 'create' | 'update' | 'delete'; contact: Contact; previous?: Contact }
	/** Tags added or removed through the tag endpoints (HighLevel sends only ContactTagUpdate then). */
	| { kind: 'contact'; action: 'tags'; contact: Contact; previous: Contact }
	| { kind: 'note'; action: 'create' | 'update' | 'delete'; note: Note }
	| { kind: 'task'; action: 'create' | 'update' | 'delete'; task: Task; previous?: Task }
	| { kind: 'appointment'; action: 'create'; appointment: Appointment };

export type ChangeListener = (change: StoreChange) => void;

/** Order of GET /contacts/: dateAdded, then id, so equal timestamps still page stably. */
function compareByDateAdded(a: Contact, b: Contact): number {
	if (a.dateAdded !== b.dateAdded) return a.dateAdded < b.dateAdded ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Index of `contact` (or where it would go) in an array sorted by compareByDateAdded. */
export function sortedPosition(list: readonly Contact[], contact: Pick<Contact, 'dateAdded' | 'id'>): number {
	let low = 0;
	let high = list.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (compareByDateAdded(list[mid], contact as Contact) < 0) low = mid + 1;
		else high = mid;
	}
	return low;
}

/** Multi-valued key → ids map, first-inserted id first (the oldest contact wins a duplicate match). */
class KeyIndex {
	private readonly ids = new Map<string, Set<string>>();

	add(key: string, id: string): void {
		const set = this.ids.get(key) ?? new Set<string>();
		set.add(id);
		this.ids.set(key, set);
	}

	delete(key: string, id: string): void {
		const set = this.ids.get(key);
		set?.delete(id);
		if (set?.size === 0) this.ids.delete(key);
	}

	first(key: string, exceptId?: string): string | undefined {
		for (const id of this.ids.get(key) ?? []) if (id !== exceptId) return id;
		return undefined;
	}
}

interface PendingIndexUpdate {
	locationId: string;
	id: string;
	contact: Contact | null;
	visibleAt: number;
}

export class GhlStore {
	/** Writes reach POST /contacts/search only after this delay, as on the live (Elasticsearch-backed) API. */
	searchLagMs: number;
	readonly defaultLocationId: string;
	/** Workflows, campaigns and users per location, and each contact's memberships and followers. */
	readonly automation = new AutomationStore(() => this.nowIso());

	private readonly locations = new Map<string, Location>();
	private readonly contacts = new Map<string, Contact>();
	private readonly sortedByLocation = new Map<string, Contact[]>();
	private readonly byEmail = new KeyIndex();
	private readonly byPhone = new KeyIndex();
	private readonly tasks = new Map<string, Map<string, Task>>();
	private readonly notes = new Map<string, Map<string, Note>>();
	private readonly appointments = new Map<string, Appointment[]>();
	private readonly businesses = new Map<string, Business>();
	private readonly customFields = new Map<string, CustomFieldDefinition[]>();
	private readonly searchView = new Map<string, Map<string, Contact>>();
	private pendingIndex: PendingIndexUpdate[] = [];
	private readonly listeners: ChangeListener[] = [];
	/** > 0 while seeding: seeded data is history, not news, so no webhooks. */
	private quiet = 0;

	constructor(
		private readonly clock: () => number,
		options: { searchLagMs?: number; defaultLocation?: Partial<Location> } = {},
	) {
		this.searchLagMs = options.searchLagMs ?? 0;
		this.defaultLocationId = this.addLocation({ id: 'SandboxLocation00001', name: 'Sandbox Location', ...options.defaultLocation }).id;
	}

	private nowIso(): string {
		return new Date(this.clock()).toISOString();
	}

	// --- change notifications (the webhook sender listens) ---------------------------------------

	onChange(listener: ChangeListener): void {
		this.listeners.push(listener);
	}

	/** Runs `work` without announcing its changes. */
	quietly<T>(work: () => T): T {
		this.quiet++;
		try {
			return work();
		} finally {
			this.quiet--;
		}
	}

	private announce(change: StoreChange): void {
		if (this.quiet > 0) return;
		for (const listener of this.listeners) listener(change);
	}

	// --- locations -------------------------------------------------------------------------------

	/** Creates a location, or updates the settings of an existing one. */
	addLocation(input: Partial<Location> = {}): Location {
		const id = input.id ?? randomId();
		const existing = this.locations.get(id);
		const location: Location = {
			id,
			companyId: input.companyId ?? existing?.companyId ?? DEFAULT_COMPANY_ID,
			name: input.name ?? existing?.name ?? `Location ${id}`,
			allowDuplicateContact: input.allowDuplicateContact ?? existing?.allowDuplicateContact ?? false,
		};
		this.locations.set(id, location);
		if (!this.sortedByLocation.has(id)) this.sortedByLocation.set(id, []);
		return location;
	}

	getLocation(id: string): Location | undefined {
		return this.locations.get(id);
	}

	listLocations(): Location[] {
		return [...this.locations.values()];
	}

	// --- contacts --------------------------------------------------------------------------------

	getContact(id: string): Contact | undefined {
		return this.contacts.get(id);
	}

	/** All contacts of a location in GET /contacts/ order. Treat as read-only. */
	listContacts(locationId: string): readonly Contact[] {
		return this.sortedByLocation.get(locationId) ?? [];
	}

	/** Direct insert for tests: no duplicate check, missing fields defaulted. */
	addContact(partial: Partial<Contact> = {}): Contact {
		const now = this.nowIso();
		const contact = withDerivedNames({
			type: 'lead',
			dnd: false,
			customFields: [],
			dateAdded: now,
			dateUpdated: now,
			...partial,
			id: partial.id ?? randomId(),
			locationId: partial.locationId ?? this.defaultLocationId,
			tags: normalizeTags(partial.tags ?? []),
			...(partial.email ? { email: normalizeEmail(partial.email) } : {}),
		});
		this.insert(contact);
		this.announce({ kind: 'contact', action: 'create', contact });
		return contact;
	}

	createContact(locationId: string, input: ContactWrite): Contact {
		const contact = applyContactWrite(undefined, input, {
			id: randomId(),
			locationId,
			now: this.nowIso(),
			fieldDefs: this.listCustomFields(locationId),
		});
		this.insert(contact);
		this.announce({ kind: 'contact', action: 'create', contact });
		return contact;
	}

	updateContact(id: string, input: ContactWrite): Contact {
		const previous = this.requireContact(id);
		const next = applyContactWrite(previous, input, {
			id,
			locationId: previous.locationId,
			now: this.nowIso(),
			fieldDefs: this.listCustomFields(previous.locationId),
		});
		this.replace(previous, next);
		this.announce({ kind: 'contact', action: 'update', contact: next, previous });
		return next;
	}

	addTags(id: string, tags: readonly string[]): Contact {
		const previous = this.requireContact(id);
		const next = { ...previous, tags: normalizeTags([...previous.tags, ...tags]), dateUpdated: this.nowIso() };
		this.replace(previous, next);
		this.announce({ kind: 'contact', action: 'tags', contact: next, previous });
		return next;
	}

	removeTags(id: string, tags: readonly string[]): Contact {
		const previous = this.requireContact(id);
		const removed = new Set(normalizeTags(tags));
		const next = { ...previous, tags: previous.tags.filter((tag) => !removed.has(tag)), dateUpdated: this.nowIso() };
		this.replace(previous, next);
		this.announce({ kind: 'contact', action: 'tags', contact: next, previous });
		return next;
	}

	/** The contact's business, or none (null), as POST /contacts/bulk/business sets it. */
	setBusiness(id: string, businessId: string | null): Contact {
		const previous = this.requireContact(id);
		const { businessId: _old, ...rest } = previous;
		const next: Contact = { ...rest, ...(businessId === null ? {} : { businessId }), dateUpdated: this.nowIso() };
		this.replace(previous, next);
		this.announce({ kind: 'contact', action: 'update', contact: next, previous });
		return next;
	}

	deleteContact(id: string): boolean {
		const contact = this.contacts.get(id);
		if (!contact) return false;
		this.contacts.delete(id);
		const list = this.sortedByLocation.get(contact.locationId) ?? [];
		list.splice(sortedPosition(list, contact), 1);
		this.unindexKeys(contact);
		this.tasks.delete(id);
		this.notes.delete(id);
		this.appointments.delete(id);
		this.automation.forget(id);
		this.queueSearchUpdate(contact.locationId, id, null);
		this.announce({ kind: 'contact', action: 'delete', contact });
		return true;
	}

	/** Existing contact with the same email, else the same phone (GHL's default priority). */
	findDuplicate(locationId: string, keys: { email?: string | null; phone?: string | null }, exceptId?: string): DuplicateMatch | undefined {
		const byEmail = keys.email ? this.byEmail.first(`${locationId} ${normalizeEmail(keys.email)}`, exceptId) : undefined;
		if (byEmail) return { contact: this.requireContact(byEmail), matchingField: 'email' };
		const phone = keys.phone ? normalizePhone(keys.phone) : '';
		const byPhone = phone ? this.byPhone.first(`${locationId} ${phone}`, exceptId) : undefined;
		if (byPhone) return { contact: this.requireContact(byPhone), matchingField: 'phone' };
		return undefined;
	}

	/** Bulk insert for seeding: one sort per location instead of one binary insert per contact. */
	importContacts(batch: readonly Contact[]): void {
		const touched = new Set<string>();
		for (const contact of batch) {
			this.contacts.set(contact.id, contact);
			this.indexKeys(contact);
			this.viewOf(contact.locationId).set(contact.id, contact);
			this.listOf(contact.locationId).push(contact);
			touched.add(contact.locationId);
		}
		for (const locationId of touched) this.listOf(locationId).sort(compareByDateAdded);
	}

	/** The contacts POST /contacts/search can see now (writes younger than searchLagMs are not there yet). */
	searchableContacts(locationId: string): Contact[] {
		const now = this.clock();
		const due = this.pendingIndex.filter((update) => update.visibleAt <= now);
		if (due.length > 0) {
			this.pendingIndex = this.pendingIndex.filter((update) => update.visibleAt > now);
			for (const update of due) this.applySearchUpdate(update);
		}
		return [...this.viewOf(locationId).values()];
	}

	/** Whether POST /contacts/search shows every write made so far (none is younger than searchLagMs). */
	searchShowsAllWrites(): boolean {
		const now = this.clock();
		return this.pendingIndex.every((update) => update.visibleAt <= now);
	}

	tagsOf(locationId: string): string[] {
		const tags = new Set<string>();
		for (const contact of this.listContacts(locationId)) for (const tag of contact.tags) tags.add(tag);
		return [...tags].sort();
	}

	private requireContact(id: string): Contact {
		const contact = this.contacts.get(id);
		if (!contact) throw new Error(`sandbox store: no contact ${id}`);
		return contact;
	}

	private listOf(locationId: string): Contact[] {
		let list = this.sortedByLocation.get(locationId);
		if (!list) this.sortedByLocation.set(locationId, (list = []));
		return list;
	}

	private viewOf(locationId: string): Map<string, Contact> {
		let view = this.searchView.get(locationId);
		if (!view) this.searchView.set(locationId, (view = new Map()));
		return view;
	}

	private insert(contact: Contact): void {
		const list = this.listOf(contact.locationId);
		list.splice(sortedPosition(list, contact), 0, contact);
		this.contacts.set(contact.id, contact);
		this.indexKeys(contact);
		this.queueSearchUpdate(contact.locationId, contact.id, contact);
	}

	/** Swaps in a new version; the old object stays untouched so the lagging search view can keep serving it. */
	private replace(previous: Contact, next: Contact): void {
		const list = this.listOf(previous.locationId);
		list[sortedPosition(list, previous)] = next;
		this.contacts.set(next.id, next);
		this.unindexKeys(previous);
		this.indexKeys(next);
		this.queueSearchUpdate(next.locationId, next.id, next);
	}

	private indexKeys(contact: Contact): void {
		if (contact.email) this.byEmail.add(`${contact.locationId} ${contact.email}`, contact.id);
		if (contact.phone) this.byPhone.add(`${contact.locationId} ${normalizePhone(contact.phone)}`, contact.id);
	}

	private unindexKeys(contact: Contact): void {
		if (contact.email) this.byEmail.delete(`${contact.locationId} ${contact.email}`, contact.id);
		if (contact.phone) this.byPhone.delete(`${contact.locationId} ${normalizePhone(contact.phone)}`, contact.id);
	}

	private queueSearchUpdate(locationId: string, id: string, contact: Contact | null): void {
		const update = { locationId, id, contact, visibleAt: this.clock() + this.searchLagMs };
		if (this.searchLagMs <= 0) this.applySearchUpdate(update);
		else this.pendingIndex.push(update);
	}

	private applySearchUpdate(update: PendingIndexUpdate): void {
		const view = this.viewOf(update.locationId);
		if (update.contact) view.set(update.id, update.contact);
		else view.delete(update.id);
	}

	// --- tasks -----------------------------------------------------------------------------------

	listTasks(contactId: string): Task[] {
		return [...(this.tasks.get(contactId)?.values() ?? [])];
	}

	getTask(contactId: string, taskId: string): Task | undefined {
		return this.tasks.get(contactId)?.get(taskId);
	}

	addTask(contactId: string, input: TaskInput, id = randomId()): Task {
		const task: Task = { id, contactId, ...input };
		this.childMap(this.tasks, contactId).set(id, task);
		this.announce({ kind: 'task', action: 'create', task });
		return task;
	}

	updateTask(contactId: string, taskId: string, patch: Partial<TaskInput>): Task | undefined {
		const task = this.getTask(contactId, taskId);
		if (!task) return undefined;
		const next = { ...task, ...patch };
		this.childMap(this.tasks, contactId).set(taskId, next);
		this.announce({ kind: 'task', action: 'update', task: next, previous: task });
		return next;
	}

	deleteTask(contactId: string, taskId: string): boolean {
		const task = this.getTask(contactId, taskId);
		if (!task) return false;
		this.tasks.get(contactId)?.delete(taskId);
		this.announce({ kind: 'task', action: 'delete', task });
		return true;
	}

	// --- notes -----------------------------------------------------------------------------------

	listNotes(contactId: string): Note[] {
		return [...(this.notes.get(contactId)?.values() ?? [])];
	}

	getNote(contactId: string, noteId: string): Note | undefined {
		return this.notes.get(contactId)?.get(noteId);
	}

	addNote(contactId: string, input: NoteInput, id = randomId(), dateAdded = this.nowIso()): Note {
		const note: Note = { id, contactId, dateAdded, ...input };
		this.childMap(this.notes, contactId).set(id, note);
		this.announce({ kind: 'note', action: 'create', note });
		return note;
	}

	updateNote(contactId: string, noteId: string, patch: Partial<NoteInput>): Note | undefined {
		const note = this.getNote(contactId, noteId);
		if (!note) return undefined;
		const next = { ...note, ...patch };
		this.childMap(this.notes, contactId).set(noteId, next);
		this.announce({ kind: 'note', action: 'update', note: next });
		return next;
	}

	deleteNote(contactId: string, noteId: string): boolean {
		const note = this.getNote(contactId, noteId);
		if (!note) return false;
		this.notes.get(contactId)?.delete(noteId);
		this.announce({ kind: 'note', action: 'delete', note });
		return true;
	}

	private childMap<T>(maps: Map<string, Map<string, T>>, contactId: string): Map<string, T> {
		let map = maps.get(contactId);
		if (!map) maps.set(contactId, (map = new Map()));
		return map;
	}

	// --- appointments, businesses, custom fields -------------------------------------------------

	listAppointments(contactId: string): Appointment[] {
		return this.appointments.get(contactId) ?? [];
	}

	addAppointment(appointment: Appointment): Appointment {
		const list = this.appointments.get(appointment.contactId) ?? [];
		list.push(appointment);
		this.appointments.set(appointment.contactId, list);
		this.announce({ kind: 'appointment', action: 'create', appointment });
		return appointment;
	}

	addBusiness(business: Business): Business {
		this.businesses.set(business.id, business);
		return business;
	}

	listBusinesses(locationId: string): Business[] {
		return [...this.businesses.values()].filter((business) => business.locationId === locationId);
	}

	listCustomFields(locationId: string): CustomFieldDefinition[] {
		return this.customFields.get(locationId) ?? [];
	}

	addCustomField(input: Pick<CustomFieldDefinition, 'locationId' | 'name'> & Partial<CustomFieldDefinition>): CustomFieldDefinition {
		const list = this.customFields.get(input.locationId) ?? [];
		const slug = input.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
		const definition: CustomFieldDefinition = {
			id: randomId(),
			fieldKey: `contact.${slug}`,
			dataType: 'TEXT',
			placeholder: '',
			position: list.length * 50,
			model: 'contact',
			dateAdded: this.nowIso(),
			...input,
		};
		list.push(definition);
		this.customFields.set(input.locationId, list);
		return definition;
	}

	/** Counts for the inspection API. */
	summary(): Array<Location & { contacts: number; tasks: number; notes: number; appointments: number }> {
		return this.listLocations().map((location) => {
			const contacts = this.listContacts(location.id);
			const count = (maps: Map<string, Map<string, unknown>>) =>
				contacts.reduce((sum, contact) => sum + (maps.get(contact.id)?.size ?? 0), 0);
			return {
				...location,
				contacts: contacts.length,
				tasks: count(this.tasks),
				notes: count(this.notes),
				appointments: contacts.reduce((sum, contact) => sum + this.listAppointments(contact.id).length, 0),
			};
		});
	}
}
