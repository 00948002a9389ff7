import type { IDataObject } from 'n8n-workflow';

import { toList } from '../shared/validation';

/** Options of the trigger's "Options" collection. */
export interface TriggerOptions {
	ed25519PublicKey?: string;
	rsaPublicKey?: string;
	locationIds?: string;
	replayWindowSeconds?: number;
	refuseLegacyRsa?: boolean;
}

export type ParsedBody = { body: IDataObject } | { problem: string };

/** The body as a JSON object, parsed from the exact bytes that were signed. */
export function parseJsonObject(raw: Buffer): ParsedBody {
	const text = raw.toString('utf8').trim();
	if (text === '') return { problem: 'The request body is empty' };
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return { problem: 'The request body is not JSON' };
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return { problem: 'The request body is not a JSON object' };
	}
	return { body: parsed as IDataObject };
}

/** Whether the contact has one of the wanted tags (HighLevel tags are case-insensitive). */
export function hasOneOfTags(tags: unknown, wanted: string): boolean {
	const wantedTags = toList(wanted).map((tag) => tag.toLowerCase());
	if (wantedTags.length === 0) return true;
	return toList(tags).some((tag) => wantedTags.includes(tag.toLowerCase()));
}

/** A header or query value as one string (Node gives repeated headers as arrays). */
export function firstValue(value: unknown): string | undefined {
	const first = (Array.isArray(value) ? value[0] : value) as unknown;
	return typeof first === 'string' ? first : undefined;
}
