import { randomInt } from 'crypto';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '-_.!';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;
const LENGTH = 24;

/**
 * A strong random password for an account OnlineCourseHost may create. Nobody ever sees it: the
 * student sets their own through OCH's password-reset email. It has every character class, so it
 * passes any complexity rule a school might set (about 140 bits of entropy).
 */
export function generatePassword(): string {
	const chars = [LOWER, UPPER, DIGITS, SYMBOLS].map((set) => set[randomInt(set.length)]);
	while (chars.length < LENGTH) chars.push(ALL[randomInt(ALL.length)]);
	for (let i = chars.length - 1; i > 0; i--) {
		const j = randomInt(i + 1);
		[chars[i], chars[j]] = [chars[j], chars[i]];
	}
	return chars.join('');
}
