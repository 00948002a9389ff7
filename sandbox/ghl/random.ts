import { randomBytes, randomUUID } from 'node:crypto';

export type Rng = () => number;

/** mulberry32: tiny seeded PRNG so seeding and fault sequences repeat run after run. */
export function mulberry32(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

export function pick<T>(rng: Rng, items: readonly T[]): T {
	return items[Math.floor(rng() * items.length)];
}

export function intBetween(rng: Rng, min: number, max: number): number {
	return min + Math.floor(rng() * (max - min + 1));
}

/** GHL ids are 20 alphanumerics (e.g. "seD4PfOuKoVMLkEZqohJ"). */
export function seededId(rng: Rng, length = 20, alphabet = ALNUM): string {
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
	return out;
}

/** Mongo-style 24-hex ids, as GHL uses for businesses. */
export function seededHexId(rng: Rng): string {
	return seededId(rng, 24, HEX);
}

/** Ids for objects created through the API: unpredictable, so they never collide with seeded ones. */
export function randomId(length = 20): string {
	const bytes = randomBytes(length);
	let out = '';
	for (const byte of bytes) out += ALNUM[byte % ALNUM.length];
	return out;
}

export function randomHex(bytes: number): string {
	return randomBytes(bytes).toString('hex');
}

export function randomToken(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

export const uuid = randomUUID;
