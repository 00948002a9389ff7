import type { INodePropertyOptions } from 'n8n-workflow';

/** The HighLevel webhook events this trigger can start on, by what they are about. */
export const CONTACT_EVENTS = [
	'ContactCreate',
	'ContactUpdate',
	'ContactDelete',
	'ContactTagUpdate',
	'ContactDndUpdate',
] as const;
export const NOTE_EVENTS = ['NoteCreate', 'NoteUpdate', 'NoteDelete'] as const;
export const TASK_EVENTS = ['TaskCreate', 'TaskComplete', 'TaskDelete'] as const;
export const APPOINTMENT_EVENTS = [
	'AppointmentCreate',
	'AppointmentUpdate',
	'AppointmentDelete',
] as const;

export type GhlEvent =
	| (typeof CONTACT_EVENTS)[number]
	| (typeof NOTE_EVENTS)[number]
	| (typeof TASK_EVENTS)[number]
	| (typeof APPOINTMENT_EVENTS)[number];

export type EventSubject = 'contact' | 'note' | 'task' | 'appointment';

export function subjectOf(event: string): EventSubject | undefined {
	if ((CONTACT_EVENTS as readonly string[]).includes(event)) return 'contact';
	if ((NOTE_EVENTS as readonly string[]).includes(event)) return 'note';
	if ((TASK_EVENTS as readonly string[]).includes(event)) return 'task';
	if ((APPOINTMENT_EVENTS as readonly string[]).includes(event)) return 'appointment';
	return undefined;
}

export const eventOptions: INodePropertyOptions[] = [
	{ name: 'Appointment Created', value: 'AppointmentCreate', description: 'AppointmentCreate' },
	{ name: 'Appointment Deleted', value: 'AppointmentDelete', description: 'AppointmentDelete' },
	{ name: 'Appointment Updated', value: 'AppointmentUpdate', description: 'AppointmentUpdate' },
	{ name: 'Contact Created', value: 'ContactCreate', description: 'ContactCreate' },
	{ name: 'Contact Deleted', value: 'ContactDelete', description: 'ContactDelete' },
	{
		name: 'Contact DND Changed',
		value: 'ContactDndUpdate',
		description: 'ContactDndUpdate: do-not-disturb settings changed',
	},
	{
		name: 'Contact Tags Changed',
		value: 'ContactTagUpdate',
		description: 'ContactTagUpdate: a tag was added or removed',
	},
	{ name: 'Contact Updated', value: 'ContactUpdate', description: 'ContactUpdate' },
	{ name: 'Note Created', value: 'NoteCreate', description: 'NoteCreate' },
	{ name: 'Note Deleted', value: 'NoteDelete', description: 'NoteDelete' },
	{ name: 'Note Updated', value: 'NoteUpdate', description: 'NoteUpdate' },
	{ name: 'Task Completed', value: 'TaskComplete', description: 'TaskComplete' },
	{ name: 'Task Created', value: 'TaskCreate', description: 'TaskCreate' },
	{ name: 'Task Deleted', value: 'TaskDelete', description: 'TaskDelete' },
];
