import { contactRecordGet } from '../../helpers/contactRecords';

export const { description, execute } = contactRecordGet({
	resource: 'task',
	idName: 'taskId',
	idLabel: 'Task ID',
	placeholder: 'e.g. lJpzYrWdpkC2hX6t2yue',
	path: '/contacts/{contactId}/tasks/{taskId}',
	key: 'task',
});
