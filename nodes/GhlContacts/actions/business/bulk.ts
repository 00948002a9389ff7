import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runInBatches } from '../../../shared/batch';
import { encodePathSegment } from '../../../shared/validation';
import { batchSizeOf, bulkContactIdOf, contactFailure } from '../../helpers/bulk';
import { ghlRequest, resolveLocationId, type GhlConnection } from '../../transport';

export type BusinessChange = 'add' | 'remove';

interface BusinessInput {
	contactId: string;
	/** null takes the contact out of its business. */
	businessId: string | null;
	locationId: string;
}

/** ContactsBulkUpateResponse: `ids` are the contacts HighLevel updated. */
interface BusinessAnswer {
	success?: boolean;
	ids?: unknown[];
}

/** ContactsBusinessUpdate allows contact ids of at most 50 characters. */
const MAX_CONTACT_ID_LENGTH = 50;

/**
 * POST /contacts/bulk/business: items with the same business (and location) share requests of
 * up to Batch Size contacts; a contact HighLevel leaves out of the answer's ids fails its items.
 */
export async function setBusinessInBulk(
	ctx: IExecuteFunctions,
	conn: GhlConnection,
	concurrency: number,
	change: BusinessChange,
): Promise<INodeExecutionData[]> {
	const batchSize = batchSizeOf(ctx);
	return await runInBatches<BusinessInput>(ctx, {
		read: (itemIndex) => ({
			contactId: contactIdOf(ctx, itemIndex),
			businessId: change === 'add' ? businessIdOf(ctx, itemIndex) : null,
			locationId: resolveLocationId(ctx, conn, itemIndex),
		}),
		groupOf: ({ locationId, businessId }) => JSON.stringify([locationId, businessId]),
		entryOf: ({ contactId }) => contactId,
		batchSize,
		concurrency,
		send: async ({ number, entries }) => {
			const { businessId, locationId } = entries[0].input;
			const answer = await ghlRequest<BusinessAnswer>(ctx, conn, {
				method: 'POST',
				path: '/contacts/bulk/business',
				body: { locationId, ids: entries.map((entry) => entry.input.contactId), businessId },
				locationId,
				// Setting or clearing the same business again changes nothing.
				retrySafe: true,
				itemIndex: entries[0].itemIndexes[0],
				expects: { ids: 'list' },
			});
			const updated = new Set((answer.ids ?? []).filter((id) => typeof id === 'string'));
			return entries.map(({ input, itemIndexes }) => {
				if (updated.has(input.contactId)) {
					return { contactId: input.contactId, businessId, batch: number };
				}
				const what =
					change === 'add'
						? `add contact ${input.contactId} to business ${businessId}`
						: `remove contact ${input.contactId} from its business`;
				return contactFailure(
					ctx,
					`HighLevel did not ${what}`,
					"HighLevel left this contact out of the answer's ids (the contacts it updated); the others of the request were updated. Check the contact ID: it may be deleted or belong to another location.",
					itemIndexes[0],
					{ success: answer.success ?? null, contactId: input.contactId },
				);
			});
		},
	});
}

function contactIdOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const contactId = bulkContactIdOf(ctx, itemIndex);
	if (contactId.length > MAX_CONTACT_ID_LENGTH) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Contact is longer than ${MAX_CONTACT_ID_LENGTH} characters`,
			{
				itemIndex,
				description: 'HighLevel contact IDs are 20 characters, e.g. ocQHyuzHvysMo5N5VsXc.',
			},
		);
	}
	return contactId;
}

function businessIdOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const value: unknown = ctx.getNodeParameter('businessId', itemIndex, '');
	encodePathSegment(ctx.getNode(), { label: 'Business ID', value }, itemIndex);
	return String(value);
}
