import { contactRecordList } from '../../helpers/contactRecords';

// Calendar events come back as they are: the live API spells one field `appoinmentStatus`.
export const { description, execute } = contactRecordList({
	resource: 'appointment',
	path: '/contacts/{contactId}/appointments',
	key: 'events',
});
