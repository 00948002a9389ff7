import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * "One Item per Contact" for Note / Task → Get Many: the input item comes out once, with the
 * contact's records as a list and a ready summary, so a workflow can go on per contact (write the
 * summary somewhere) without regrouping the records in a Code node.
 */
export interface PerContactOutput {
	/** Name of the records in the option texts, e.g. `note`. */
	noun: string;
	/** The fields added to the input item, from the contact's records. */
	summarise: (records: IDataObject[], maxLength: number) => IDataObject;
	/** What the option's description says it adds. */
	adds: string;
}

export function perContactProperties(output: PerContactOutput): INodeProperties[] {
	// Apart from the parameter: its names depend on the resource, which the options lint rule cannot read.
	const outputOptions: INodePropertyOptions[] = [
		{
			name: `One Item per ${capitalise(output.noun)}`,
			value: 'perRecord',
			description: `Each ${output.noun} of the contact as its own item`,
		},
		{
			name: 'One Item per Contact',
			value: 'perContact',
			description: `The input item once, paired with it, with ${output.adds}`,
		},
	];
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: outputOptions,
			default: 'perRecord',
		},
		{
			displayName: 'Summary Max Length',
			name: 'summaryMaxLength',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 1000,
			description:
				'Longer summaries are cut to this many characters, the last one an ellipsis (…); 0 for no limit',
			displayOptions: { show: { output: ['perContact'] } },
		},
	];
}

/** Text cut to `max` characters (0: not cut), the last one an ellipsis when cut. */
export function cut(text: string, max: number): string {
	return max > 0 && text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The UTC calendar day of an ISO date, e.g. `2026-12-01`. */
export function dayOf(value: unknown): string {
	return typeof value === 'string' ? value.slice(0, 10) : '';
}

/** Text on one line: runs of white space (line breaks too) as one space. */
export function oneLine(value: unknown): string {
	return String(value ?? '')
		.replace(/\s+/g, ' ')
		.trim();
}

function capitalise(word: string): string {
	return word.charAt(0).toUpperCase() + word.slice(1);
}
