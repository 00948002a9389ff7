// Tasks of a contact.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { notFound } from '../errors';
import { contactFor } from '../guards';
import { createTaskBody, taskCompletedBody, updateTaskBody } from '../schemas';
import type { Task } from '../types';

type TaskParams = { Params: { contactId: string; taskId: string } };
type TaskBody = Partial<Pick<Task, 'title' | 'body' | 'dueDate' | 'completed' | 'assignedTo'>>;
const READ = { scope: 'contacts.readonly' };
const WRITE = { scope: 'contacts.write' };

/** Read back with milliseconds, like the API's examples ("2021-07-08T02:30:00.000Z"). */
function normalized(body: TaskBody): TaskBody {
	return body.dueDate ? { ...body, dueDate: new Date(body.dueDate).toISOString() } : body;
}

export function registerTaskRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { store } = ctx;

	function taskFor(request: FastifyRequest<TaskParams>): Task {
		const contact = contactFor(ctx, request, request.params.contactId);
		const task = store.getTask(contact.id, request.params.taskId);
		if (!task) throw notFound(`Task with id ${request.params.taskId} not found`);
		return task;
	}

	app.get<{ Params: { contactId: string } }>('/contacts/:contactId/tasks', { config: READ }, async (request) => ({
		tasks: store.listTasks(contactFor(ctx, request, request.params.contactId).id),
	}));

	app.get<TaskParams>('/contacts/:contactId/tasks/:taskId', { config: READ }, async (request) => ({ task: taskFor(request) }));

	app.post<{ Params: { contactId: string }; Body: Required<Pick<Task, 'title' | 'dueDate' | 'completed'>> & TaskBody }>(
		'/contacts/:contactId/tasks',
		{ config: WRITE, schema: { body: createTaskBody } },
		async (request, reply) => {
			const contact = contactFor(ctx, request, request.params.contactId);
			const input = normalized(request.body) as typeof request.body;
			return reply.code(201).send({ task: store.addTask(contact.id, input) });
		},
	);

	app.put<TaskParams & { Body: TaskBody }>('/contacts/:contactId/tasks/:taskId', { config: WRITE, schema: { body: updateTaskBody } }, async (request) => {
		const task = taskFor(request);
		return { task: store.updateTask(task.contactId, task.id, normalized(request.body)) };
	});

	app.put<TaskParams & { Body: { completed: boolean } }>(
		'/contacts/:contactId/tasks/:taskId/completed',
		{ config: WRITE, schema: { body: taskCompletedBody } },
		async (request) => {
			const task = taskFor(request);
			return { task: store.updateTask(task.contactId, task.id, { completed: request.body.completed }) };
		},
	);

	app.delete<TaskParams>('/contacts/:contactId/tasks/:taskId', { config: WRITE }, async (request) => {
		const task = taskFor(request);
		store.deleteTask(task.contactId, task.id);
		return { succeded: true };
	});
}
