import type { GhlRequest } from '../../transport';

/** POST and DELETE share the path; both ids are checked before anything is sent. */
export function workflowPath(
	contactId: string,
	workflowId: string,
): Pick<GhlRequest, 'path' | 'pathParams'> {
	return {
		path: '/contacts/{contactId}/workflow/{workflowId}',
		pathParams: {
			contactId: { label: 'Contact', value: contactId },
			workflowId: { label: 'Workflow', value: workflowId },
		},
	};
}
