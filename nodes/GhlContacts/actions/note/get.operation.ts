import { contactRecordGet } from '../../helpers/contactRecords';

export const { description, execute } = contactRecordGet({
	resource: 'note',
	idName: 'noteId',
	idLabel: 'Note ID',
	placeholder: 'e.g. HGPcayliwcdoUFzvbTok',
	path: '/contacts/{contactId}/notes/{noteId}',
	key: 'note',
});
