// Notes of a contact.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { notFound } from '../errors';
import { contactFor } from '../guards';
import { createNoteBody, updateNoteBody } from '../schemas';
import type { NoteInput } from '../store';
import type { Note } from '../types';

type NoteParams = { Params: { contactId: string; id: string } };
const READ = { scope: 'contacts.readonly' };
const WRITE = { scope: 'contacts.write' };

export function registerNoteRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;

	function noteFor(request: FastifyRequest<NoteParams>): Note {
		const contact = contactFor(ctx, request, request.params.contactId);
		const note = store.getNote(contact.id, request.params.id);
		if (!note) throw notFound(`Note with id ${request.params.id} not found`);
		return note;
	}

	app.get<{ Params: { contactId: string } }>('/contacts/:contactId/notes', { config: READ }, async (request) => ({
		notes: store.listNotes(contactFor(ctx, request, request.params.contactId).id),
	}));

	app.get<NoteParams>('/contacts/:contactId/notes/:id', { config: READ }, async (request) => ({ note: noteFor(request) }));

	app.post<{ Params: { contactId: string }; Body: NoteInput }>(
		'/contacts/:contactId/notes',
		{ config: WRITE, schema: { body: createNoteBody } },
		async (request, reply) => {
			const contact = contactFor(ctx, request, request.params.contactId);
			return reply.code(201).send({ note: store.addNote(contact.id, request.body) });
		},
	);

	app.put<NoteParams & { Body: Partial<NoteInput> }>('/contacts/:contactId/notes/:id', { config: WRITE, schema: { body: updateNoteBody } }, async (request) => {
		const note = noteFor(request);
		return { note: store.updateNote(note.contactId, note.id, request.body) };
	});

	app.delete<NoteParams>('/contacts/:contactId/notes/:id', { config: WRITE }, async (request) => {
		const note = noteFor(request);
		store.deleteNote(note.contactId, note.id);
		return { succeded: true };
	});
}
