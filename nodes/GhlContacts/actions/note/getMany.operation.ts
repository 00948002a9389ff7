import { contactRecordList } from '../../helpers/contactRecords';

export const { description, execute } = contactRecordList({
	resource: 'note',
	path: '/contacts/{contactId}/notes',
	key: 'notes',
});
