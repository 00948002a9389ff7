import {
	NodeOperationError,
	type IDisplayOptions,
	type IHookFunctions,
	type INodeProperties,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { parseDateInZone } from './dateTime';
import { assertStrongSecret, isStrongSecret, nodeWithoutSecrets, safeEqual } from './webhook';

/**
 * The longest an old webhook secret stays accepted. A secret is mostly rotated because it may
 * have leaked, and its sender (one HighLevel action, one OnlineCourseHost URL) is updated in
 * minutes: a day is the usual window. 30 days still covers a sender only an absent colleague can
 * change, while a forgotten Previous Secret cannot stay valid for good.
 */
export const MAX_PREVIOUS_SECRET_DAYS = 30;
const MAX_WINDOW_MS = MAX_PREVIOUS_SECRET_DAYS * 24 * 60 * 60 * 1000;

interface RotationLabels {
	secret: string;
	previous: string;
	validUntil: string;
}

/** The display names of the two fields, from the name of the secret they sit under. */
function labelsFor(secretLabel: string): RotationLabels {
	return {
		secret: secretLabel,
		previous: `Previous ${secretLabel}`,
		validUntil: `Previous ${secretLabel} Valid Until`,
	};
}

/** "Previous Secret" and "Previous Secret Valid Until", to be placed right under the secret. */
export function previousSecretProperties(
	secretLabel: string,
	hint: string,
	displayOptions: IDisplayOptions,
): INodeProperties[] {
	const labels = labelsFor(secretLabel);
	return [
		{
			displayName: labels.previous,
			name: 'previousSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'only during a rotation: the old value',
			description: `During a rotation: the secret the sender still uses. Accepted until ${labels.validUntil}, then refused.`,
			hint,
			displayOptions,
		},
		{
			displayName: labels.validUntil,
			name: 'previousSecretValidUntil',
			type: 'dateTime',
			default: '',
			description: `When ${labels.previous} stops being accepted. Required when ${labels.previous} is set; at most ${MAX_PREVIOUS_SECRET_DAYS} days ahead.`,
			hint: `E.g. a day from now, once the sender uses the new ${labels.secret}. A time without an offset is in the workflow's time zone. Clear both Previous fields when the rotation is over.`,
			displayOptions,
		},
	];
}

interface PreviousSecret {
	value: string;
	validUntil: unknown;
}

function previousSecretOf(ctx: IHookFunctions | IWebhookFunctions): PreviousSecret {
	return {
		value: String(ctx.getNodeParameter('previousSecret', '') ?? '').trim(),
		validUntil: ctx.getNodeParameter('previousSecretValidUntil', ''),
	};
}

function isUnset(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/**
 * Fails activation, naming the field, when a previous secret is set but weak, equal to the
 * current one, without an end, or kept longer than allowed. An end already past is fine: n8n
 * activates again on every start, and a rotation that is over must not stop the workflow.
 */
export function assertPreviousSecret(
	ctx: IHookFunctions,
	secretLabel: string,
	current: string,
): void {
	const node = nodeWithoutSecrets(ctx.getNode());
	const labels = labelsFor(secretLabel);
	const previous = previousSecretOf(ctx);
	if (previous.value === '') return;
	assertStrongSecret(node, labels.previous, previous.value);
	if (previous.value === current) {
		throw new NodeOperationError(node, `${labels.previous} is the same as ${labels.secret}`, {
			description: `During a rotation, "${labels.secret}" holds the new value and "${labels.previous}" the old one the sender still uses. Set the new value in "${labels.secret}", or clear "${labels.previous}".`,
		});
	}
	if (isUnset(previous.validUntil)) {
		throw new NodeOperationError(node, `${labels.validUntil} is empty`, {
			description: `Set when "${labels.previous}" stops being accepted, e.g. a day from now (at most ${MAX_PREVIOUS_SECRET_DAYS} days), or clear "${labels.previous}".`,
		});
	}
	const until = parseDateInZone(node, labels.validUntil, previous.validUntil, ctx.getTimezone(), 0);
	if (until.getTime() - Date.now() > MAX_WINDOW_MS) {
		throw new NodeOperationError(
			node,
			`${labels.validUntil} is more than ${MAX_PREVIOUS_SECRET_DAYS} days ahead`,
			{
				description: `An old secret is accepted for at most ${MAX_PREVIOUS_SECRET_DAYS} days, so a leaked or forgotten one does not stay valid. Set a time within ${MAX_PREVIOUS_SECRET_DAYS} days from now.`,
			},
		);
	}
}

/** Whether a previous secret is set, usable, and inside its window now. */
function previousIsValidNow(
	ctx: IWebhookFunctions,
	previous: PreviousSecret,
	current: string,
): boolean {
	if (!isStrongSecret(previous.value) || previous.value === current) return false;
	if (isUnset(previous.validUntil)) return false;
	let until: number;
	try {
		// The error is not shown: an unreadable end only means the previous secret is refused.
		until = parseDateInZone(
			ctx.getNode(),
			'previousSecretValidUntil',
			previous.validUntil,
			ctx.getTimezone(),
			0,
		).getTime();
	} catch {
		return false;
	}
	const left = until - Date.now();
	return left >= 0 && left <= MAX_WINDOW_MS;
}

/**
 * Whether a delivery's secret is the current one, or the previous one inside its window. The same
 * work runs whatever was sent: the window is read first, then both constant-time comparisons, so
 * the time taken tells neither which one matched nor that an expired one once was valid. The
 * current secret must already have been checked to be strong.
 */
export function isAcceptedSecret(
	ctx: IWebhookFunctions,
	given: string | undefined,
	current: string,
): boolean {
	const previous = previousSecretOf(ctx);
	const previousValid = previousIsValidNow(ctx, previous, current);
	const matchesCurrent = safeEqual(given ?? '', current);
	const matchesPrevious = safeEqual(given ?? '', previous.value);
	return given !== undefined && (matchesCurrent || (matchesPrevious && previousValid));
}
