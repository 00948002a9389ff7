// The least a node can do for "get a contact per item" through n8n: resolve the item's contact id
// (an expression) and send one authenticated request with n8n's helper, five at a time. No
// validation, errors, retries, pacing or output shaping. The overhead scenario runs it next to
// ours: the difference is the CPU this package's code adds on top of n8n's own per-request cost.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { registerNodeType } from '../test/harness/engine';
import { GHL_ORIGIN } from './peers';

export const REFERENCE_TYPE = 'bench.requestHelperOnly';

class RequestHelperOnly implements INodeType {
	description = {
		displayName: 'Request Helper Only',
		name: 'requestHelperOnly',
		group: ['transform'],
		version: 1,
		description: 'Benchmark reference: one authenticated request per item, nothing else',
		defaults: { name: 'Request Helper Only' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'ghlOAuth2Api', required: true }],
		properties: [{ displayName: 'Contact ID', name: 'contactId', type: 'string', default: '' }],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const count = this.getInputData().length;
		const output: INodeExecutionData[] = new Array(count);
		let next = 0;
		const worker = async () => {
			while (next < count) {
				const itemIndex = next++;
				const contactId = this.getNodeParameter('contactId', itemIndex) as string;
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'ghlOAuth2Api', {
					url: `${GHL_ORIGIN}/contacts/${encodeURIComponent(contactId)}`,
					headers: { Version: '2021-07-28' },
					json: true,
				})) as { contact: IDataObject };
				output[itemIndex] = { json: response.contact, pairedItem: { item: itemIndex } };
			}
		};
		await Promise.all(Array.from({ length: Math.min(5, count) }, worker));
		return [output];
	}
}

export function registerReferenceNode(): void {
	registerNodeType(REFERENCE_TYPE, new RequestHelperOnly());
}
