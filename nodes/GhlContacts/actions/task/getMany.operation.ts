import { contactRecordList } from '../../helpers/contactRecords';

export const { description, execute } = contactRecordList({
	resource: 'task',
	path: '/contacts/{contactId}/tasks',
	key: 'tasks',
});
