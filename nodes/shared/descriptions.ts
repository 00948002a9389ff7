import type { INodeProperties } from 'n8n-workflow';

export function returnAllFields(maxLimit: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1, maxValue: maxLimit },
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	default: 5,
	typeOptions: { minValue: 1, maxValue: 20 },
	description: 'How many input items are worked on at once. Output keeps the input order.',
};

/**
 * The Request Options every action node offers (the router reads Concurrency from it); a node
 * adjusts Concurrency's default, bounds or description for its service.
 */
export function requestOptionsField(concurrency: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Request Options',
		name: 'requestOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [{ ...concurrencyOption, ...concurrency }],
	};
}
