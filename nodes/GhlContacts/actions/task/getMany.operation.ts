import type { IDataObject } from 'n8n-workflow';

import { contactRecordList } from '../../helpers/contactRecords';
import { cut, dayOf, oneLine } from '../../helpers/perContact';

type TaskStatus = 'open' | 'overdue' | 'completed';

/** Overdue: not completed and due before now. */
function statusOf(task: IDataObject, now: number): TaskStatus {
	if (task.completed === true) return 'completed';
	const due = typeof task.dueDate === 'string' ? Date.parse(task.dueDate) : NaN;
	return due < now ? 'overdue' : 'open';
}

/**
 * Each task with its status, the counts, and
 * `1 open, 1 overdue, 0 completed | overdue: Send syllabus (due 2026-11-28); open: …` by due date.
 */
function summariseTasks(tasks: IDataObject[], maxLength: number): IDataObject {
	const now = Date.now();
	const byDueDate = [...tasks]
		.sort(
			(a, b) =>
				String(a.dueDate ?? '').localeCompare(String(b.dueDate ?? '')) ||
				String(a.id).localeCompare(String(b.id)),
		)
		.map((task): IDataObject & { status: TaskStatus } => ({
			...task,
			status: statusOf(task, now),
		}));
	const taskCounts = { open: 0, overdue: 0, completed: 0 };
	for (const task of byDueDate) taskCounts[task.status] += 1;
	const lines = byDueDate.map(
		(task) =>
			`${task.status}: ${oneLine(task.title)}${task.dueDate ? ` (due ${dayOf(task.dueDate)})` : ''}`,
	);
	const summary =
		tasks.length === 0
			? 'No tasks'
			: `${taskCounts.open} open, ${taskCounts.overdue} overdue, ${taskCounts.completed} completed | ${lines.join('; ')}`;
	return { tasks: byDueDate, taskCounts, tasksSummary: cut(summary, maxLength) };
}

export const { description, execute } = contactRecordList({
	resource: 'task',
	path: '/contacts/{contactId}/tasks',
	key: 'tasks',
	perContact: {
		noun: 'task',
		adds: 'its tasks by due date in "tasks" (each with a status: open, overdue = not completed and past due, or completed), the counts in "taskCounts" and in "tasksSummary" a text such as "1 open, 1 overdue, 0 completed | overdue: Send syllabus (due 2026-11-28); open: Follow up (due 2026-12-09)" (dates in UTC), or "No tasks"',
		summarise: summariseTasks,
	},
});
