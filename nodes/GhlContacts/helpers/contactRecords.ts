import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { GhlItemOperation } from '../actions/types';
import { contactLocator, idField, returnAllFields } from '../descriptions/common';
import { ghlRequest, type GhlConnection } from '../transport';
import { perContactProperties, type PerContactOutput } from './perContact';

/**
 * Get Many for a contact's notes, tasks or appointments. These endpoints have no paging: they
 * always answer with every record of the contact, so Limit trims the answer.
 */
export function contactRecordList(options: {
	resource: string;
	path: string;
	/** The answer's list key (`notes`, `tasks`, `events`). */
	key: string;
	/** Offers "One Item per Contact": the input item with the records and their summary. */
	perContact?: PerContactOutput;
}): GhlItemOperation {
	const properties: INodeProperties[] = [
		contactLocator(),
		...returnAllFields(1000),
		...(options.perContact ? perContactProperties(options.perContact) : []),
	];
	return {
		description: updateDisplayOptions(
			{ show: { resource: [options.resource], operation: ['getMany'] } },
			properties,
		),
		async execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
			const contactId = this.getNodeParameter('contactId', itemIndex, '', {
				extractValue: true,
			}) as string;
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll
				? Infinity
				: (this.getNodeParameter('limit', itemIndex, 50) as number);
			const answer = await ghlRequest<Record<string, IDataObject[] | undefined>>(this, conn, {
				method: 'GET',
				path: options.path,
				pathParams: { contactId: { label: 'Contact', value: contactId } },
				itemIndex,
				expects: { [options.key]: 'list' },
			});
			const records = (answer[options.key] ?? []).slice(0, limit);
			const { perContact } = options;
			if (!perContact || this.getNodeParameter('output', itemIndex, 'perRecord') !== 'perContact')
				return records.map((record) => ({ json: record }));
			const maxLength = this.getNodeParameter('summaryMaxLength', itemIndex, 1000) as number;
			return [
				{
					json: {
						...this.getInputData()[itemIndex].json,
						...perContact.summarise(records, maxLength),
					},
				},
			];
		},
	};
}

/** Get one of a contact's notes or tasks by its id. */
export function contactRecordGet(options: {
	resource: string;
	/** Parameter name and label of the record's id, e.g. `noteId` / `Note ID`. */
	idName: string;
	idLabel: string;
	placeholder: string;
	path: string;
	/** The answer's record key (`note`, `task`). */
	key: string;
}): GhlItemOperation {
	const properties: INodeProperties[] = [
		contactLocator(),
		{
			...idField(options.idName, options.idLabel, options.placeholder),
			description: `The ${options.resource} to get`,
		},
	];
	return {
		description: updateDisplayOptions(
			{ show: { resource: [options.resource], operation: ['get'] } },
			properties,
		),
		async execute(this: IExecuteFunctions, itemIndex: number, conn: GhlConnection) {
			const contactId = this.getNodeParameter('contactId', itemIndex, '', {
				extractValue: true,
			}) as string;
			const recordId = this.getNodeParameter(options.idName, itemIndex, '') as string;
			const answer = await ghlRequest<Record<string, IDataObject>>(this, conn, {
				method: 'GET',
				path: options.path,
				pathParams: {
					contactId: { label: 'Contact', value: contactId },
					[options.idName]: { label: options.idLabel, value: recordId },
				},
				itemIndex,
				expects: { [options.key]: 'object' },
			});
			return [{ json: answer[options.key] }];
		},
	};
}
