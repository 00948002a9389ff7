// Deterministic bulk data: the same options and seed always produce the same ids, names and dates.
import { withDerivedNames } from './model';
import { intBetween, mulberry32, pick, seededHexId, seededId, type Rng } from './random';
import type { GhlStore } from './store';
import type { Contact, CustomFieldDataType, CustomFieldDefinition, CustomFieldValue } from './types';

export interface SeedLocation {
	id: string;
	name?: string;
	allowDuplicateContact?: boolean;
}

export interface CustomFieldSeed {
	name: string;
	dataType?: CustomFieldDataType;
	fieldKey?: string;
	picklistOptions?: string[];
}

export interface SeedOptions {
	/** Locations to create (or update) and fill; default: the sandbox's default location. */
	locations?: SeedLocation[];
	/** Contacts per location. */
	contacts?: number;
	/** Averages per contact; fractions are honoured (0.25 → about one contact in four). */
	tasksPerContact?: number;
	notesPerContact?: number;
	appointmentsPerContact?: number;
	/** Businesses per location; about a third of the contacts get one. */
	businesses?: number;
	/** Tag pool contacts draw from. */
	tags?: string[];
	/** Custom field definitions added to every seeded location; seeded contacts get values for about half. */
	customFields?: CustomFieldSeed[];
	/**
	 * Give each location the standard workflows, campaigns and users (default true; fixed ids,
	 * no draw from the PRNG, so contact ids stay as they were).
	 */
	automation?: boolean;
	/** PRNG seed (default 1). */
	seed?: number;
	/** dateAdded of the first contact of each location (default 2024-01-01T00:00:00.000Z). */
	startDate?: string;
}

export interface SeedResult {
	locationIds: string[];
	contacts: number;
	tasks: number;
	notes: number;
	appointments: number;
	businesses: number;
	customFields: CustomFieldDefinition[];
}

const FIRST_NAMES = ['Ava', 'Liam', 'Olivia', 'Noah', 'Emma', 'Mateo', 'Sofia', 'Lucas', 'Mia', 'Ethan', 'Zoe', 'Omar', 'Priya', 'Chen', 'Fatima', 'Jonas'];
const LAST_NAMES = ['Smith', 'Garcia', 'Nguyen', 'Müller', 'Okafor', 'Rossi', 'Kowalski', 'Tanaka', 'Silva', 'Johnson', 'Haddad', 'Larsen', 'Patel', 'Brown'];
const CITIES = [
	{ city: 'Austin', state: 'TX', postalCode: '73301', country: 'US', timezone: 'America/Chicago' },
	{ city: 'Denver', state: 'CO', postalCode: '80202', country: 'US', timezone: 'America/Denver' },
	{ city: 'Toronto', state: 'ON', postalCode: 'M5H 2N2', country: 'CA', timezone: 'America/Toronto' },
	{ city: 'London', state: 'England', postalCode: 'EC1A 1BB', country: 'GB', timezone: 'Europe/London' },
	{ city: 'Berlin', state: 'Berlin', postalCode: '10115', country: 'DE', timezone: 'Europe/Berlin' },
];
const SOURCES = ['public api', 'website form', 'facebook lead ad', 'import', 'skilljar'];
const COMPANIES = ['Acme Learning', 'Globex', 'Initech', 'Umbrella Academy', 'Stark Training'];
const DEFAULT_TAGS = ['lead', 'customer', 'newsletter', 'vip', 'student', 'course-completed'];
const TASK_TITLES = ['Call back', 'Send course invite', 'Follow up on payment', 'Check enrolment'];
const NOTE_BODIES = ['Asked about the advanced course.', 'Prefers email contact.', 'Completed onboarding call.'];
const USER_IDS = ['SandboxUser000000001', 'SandboxUser000000002', 'SandboxUser000000003'];

/** Names keep their accents; emails must stay valid ASCII addresses. */
function asciiEmail(address: string): string {
	return address.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Whole part always, fractional part by chance. */
function countFor(rng: Rng, average: number): number {
	const whole = Math.floor(average);
	return whole + (rng() < average - whole ? 1 : 0);
}

function sampleTags(rng: Rng, pool: readonly string[]): string[] {
	return pool.filter(() => rng() < 0.25).map((tag) => tag.toLowerCase());
}

function customValue(rng: Rng, def: CustomFieldDefinition): CustomFieldValue['value'] {
	switch (def.dataType) {
		case 'NUMERICAL':
		case 'MONETORY':
			return intBetween(rng, 1, 1000);
		case 'DATE':
			return new Date(Date.UTC(2024, intBetween(rng, 0, 11), intBetween(rng, 1, 28))).toISOString();
		case 'SINGLE_OPTIONS':
			return pick(rng, def.picklistOptions ?? ['a']);
		case 'MULTIPLE_OPTIONS':
		case 'CHECKBOX':
			return [pick(rng, def.picklistOptions ?? ['a'])];
		default:
			return `value-${seededId(rng, 6)}`;
	}
}

/** `round` distinguishes repeated seed() calls on one store so their ids do not collide. */
export function seedStore(store: GhlStore, options: SeedOptions, round: number): SeedResult {
	const rng = mulberry32((options.seed ?? 1) + round * 0x9e3779b9);
	const tags = options.tags ?? DEFAULT_TAGS;
	const locations = options.locations ?? [{ id: store.defaultLocationId }];
	const result: SeedResult = { locationIds: [], contacts: 0, tasks: 0, notes: 0, appointments: 0, businesses: 0, customFields: [] };
	const batch: Contact[] = [];
	let serial = round * 1_000_000;

	for (const seedLocation of locations) {
		const location = store.addLocation(seedLocation);
		result.locationIds.push(location.id);
		if (options.automation !== false) store.automation.seedStandard(location.id);
		const fieldDefs = (options.customFields ?? []).map((field) =>
			store.addCustomField({ ...field, id: seededId(rng), locationId: location.id }),
		);
		result.customFields.push(...fieldDefs);
		const businessIds: string[] = [];
		for (let i = 0; i < (options.businesses ?? 0); i++) {
			businessIds.push(store.addBusiness({ id: seededHexId(rng), locationId: location.id, name: `${pick(rng, COMPANIES)} ${i + 1}` }).id);
		}
		result.businesses += businessIds.length;

		let time = Date.parse(options.startDate ?? '2024-01-01T00:00:00.000Z');
		for (let i = 0; i < (options.contacts ?? 0); i++) {
			serial++;
			// One contact in ten shares its predecessor's timestamp, so paging must break ties by id.
			time += rng() < 0.1 ? 0 : intBetween(rng, 1, 600_000);
			const firstName = pick(rng, FIRST_NAMES);
			const lastName = pick(rng, LAST_NAMES);
			const place = pick(rng, CITIES);
			const contact: Contact = {
				id: seededId(rng),
				locationId: location.id,
				type: rng() < 0.3 ? 'customer' : 'lead',
				firstName,
				lastName,
				...(rng() < 0.9 ? { email: asciiEmail(`${firstName}.${lastName}.${serial}@example.com`) } : {}),
				...(rng() < 0.9 ? { phone: `+1${2_000_000_000 + serial}` } : {}),
				...place,
				source: pick(rng, SOURCES),
				...(rng() < 0.5 ? { companyName: pick(rng, COMPANIES) } : {}),
				...(businessIds.length > 0 && rng() < 0.33 ? { businessId: pick(rng, businessIds) } : {}),
				assignedTo: pick(rng, USER_IDS),
				dnd: rng() < 0.05,
				tags: sampleTags(rng, tags),
				customFields: fieldDefs.filter(() => rng() < 0.5).map((def) => ({ id: def.id, value: customValue(rng, def) })),
				dateAdded: new Date(time).toISOString(),
				dateUpdated: new Date(time + intBetween(rng, 0, 86_400_000)).toISOString(),
			};
			batch.push(withDerivedNames(contact));
			result.contacts++;

			for (let t = countFor(rng, options.tasksPerContact ?? 0); t > 0; t--, result.tasks++) {
				store.addTask(
					contact.id,
					{
						title: pick(rng, TASK_TITLES),
						body: `Seeded task for ${firstName}`,
						assignedTo: pick(rng, USER_IDS),
						dueDate: new Date(time + intBetween(rng, 1, 30) * 86_400_000).toISOString(),
						completed: rng() < 0.4,
					},
					seededId(rng),
				);
			}
			for (let n = countFor(rng, options.notesPerContact ?? 0); n > 0; n--, result.notes++) {
				store.addNote(contact.id, { body: pick(rng, NOTE_BODIES), userId: pick(rng, USER_IDS) }, seededId(rng), contact.dateAdded);
			}
			for (let a = countFor(rng, options.appointmentsPerContact ?? 0); a > 0; a--, result.appointments++) {
				const start = new Date(time + intBetween(rng, 1, 60) * 86_400_000);
				const end = new Date(start.getTime() + 30 * 60_000);
				const status = pick(rng, ['booked', 'confirmed', 'cancelled', 'showed']);
				store.addAppointment({
					id: seededId(rng),
					calendarId: `${location.id.slice(0, 12)}Calendar`,
					locationId: location.id,
					contactId: contact.id,
					status,
					title: `Consultation with ${firstName}`,
					appoinmentStatus: status,
					appointmentStatus: status,
					assignedUserId: pick(rng, USER_IDS),
					notes: '',
					startTime: start.toISOString().replace('T', ' ').slice(0, 19),
					endTime: end.toISOString().replace('T', ' ').slice(0, 19),
					address: 'Zoom',
					dateAdded: contact.dateAdded,
					dateUpdated: contact.dateAdded,
				});
			}
		}
	}
	store.importContacts(batch);
	return result;
}
