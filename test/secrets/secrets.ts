// What the secrets tests need: recognisable secrets, everything the nodes and n8n produce during a
// run (outputs, errors, answers, static data, and whatever is printed), and a scan of all of it.
//
// Import this module first: n8n's logger reads its level when it is first created, and here it
// prints everything it would at its most talkative level (debug, as JSON with its metadata), so
// the scan also reads what an n8n instance would write to its log.
process.env.N8N_LOG_LEVEL = 'debug';
process.env.N8N_LOG_FORMAT = 'json';
process.env.N8N_LOG_OUTPUT = 'console';

import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';

/** A value whose any appearance is a leak, in the forms it could take on its way out. */
interface Registered {
	name: string;
	forms: string[];
}

const registered: Registered[] = [];
/** Everything printed while a run was captured, for the summary check. */
let printedSoFar = '';
let scanned = 0;

/**
 * Registers a secret under a name. Its forms: as is, JSON-escaped, URL-encoded, base64 (also as
 * the start of a longer encoded text, such as `key:` in a basic-auth header), and its first and
 * last 16 characters when it is long enough for those to be telling (a cut secret still leaks).
 */
export function secret(name: string, value: string): string {
	if (value.length < 8) throw new Error(`${name} is too short to scan for`);
	const whole = value.slice(0, value.length - (value.length % 3));
	const forms = new Set([
		value,
		JSON.stringify(value).slice(1, -1),
		encodeURIComponent(value),
		Buffer.from(value).toString('base64'),
		Buffer.from(whole).toString('base64'),
	]);
	if (value.length >= 24) {
		forms.add(value.slice(0, 16));
		forms.add(value.slice(-16));
	}
	registered.push({ name, forms: [...forms].filter((form) => form.length >= 8) });
	return value;
}

/** A basic-auth pair: besides each half, the encoded pair as an Authorization header carries it. */
export function basicAuthPair(name: string, user: string, password: string): void {
	secret(name, password);
	registered.push({ name: `${name} (Authorization header)`, forms: [Buffer.from(`${user}:${password}`).toString('base64')] });
}

/** Names of the registered secrets found in the text. */
export function leaksIn(text: string): string[] {
	// A fragment shared by several secrets (a JWT's header, say) tells nothing: only whole values
	// and fragments unique to one secret count.
	const owners = new Map<string, Set<string>>();
	for (const { name, forms } of registered) {
		for (const form of forms) owners.set(form, (owners.get(form) ?? new Set()).add(name));
	}
	const found = new Set<string>();
	for (const { name, forms } of registered) {
		for (const form of forms) {
			if (owners.get(form)!.size === 1 && text.includes(form)) found.add(name);
		}
	}
	return [...found].sort();
}

/** Everything a value shows when serialised or inspected: JSON, and Node's view with hidden fields. */
function everythingIn(value: unknown): string {
	if (typeof value === 'string') return value;
	let json = '';
	try {
		json = JSON.stringify(value) ?? '';
	} catch {
		json = '';
	}
	return `${json}\n${inspect(value, { depth: 12, showHidden: true, getters: true, maxArrayLength: null, maxStringLength: null })}`;
}

/** Names of the registered secrets found anywhere in these values, serialised or inspected. */
export function leaksInValues(...values: unknown[]): string[] {
	return leaksIn(values.map(everythingIn).join('\n'));
}

/** Fails, naming what and where, when any registered secret appears in `value`. */
export function expectNoSecrets(where: string, ...values: unknown[]): void {
	scanned++;
	expect({ where, leaked: leaksInValues(...values) }).toEqual({ where, leaked: [] });
}

/** How many scans ran, the kinds of secret and how many values, and the characters printed. */
export function scanSummary(): { scans: number; secrets: string[]; values: number; printedChars: number } {
	return { scans: scanned, secrets: [...new Set(registered.map(({ name }) => name))], values: registered.length, printedChars: printedSoFar.length };
}

/** Captures in progress; runs may overlap (a sandbox delivering two webhooks at once). */
const captures = new Set<{ text: string }>();
let uncapture: (() => void) | undefined;

/** Sends console output (which n8n's logger writes to) and process stdout and stderr to the captures. */
function startCapturing(): () => void {
	const record = (chunk: unknown) => {
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
		for (const capture of captures) capture.text += text;
	};
	const sink = new Writable({
		write(chunk: Buffer | string, _encoding, callback) {
			record(chunk);
			callback();
		},
	});
	const console = global.console;
	const stdout = process.stdout.write;
	const stderr = process.stderr.write;
	const write = ((chunk: unknown) => {
		record(chunk);
		return true;
	}) as typeof process.stdout.write;
	global.console = new Console({ stdout: sink, stderr: sink });
	process.stdout.write = write;
	process.stderr.write = write;
	return () => {
		global.console = console;
		process.stdout.write = stdout;
		process.stderr.write = stderr;
	};
}

/**
 * Runs `body` with everything printed captured instead of shown: console (which n8n's logger
 * writes to), and process stdout and stderr. Returns what was printed with the body's result.
 */
export async function capturingOutput<T>(body: () => Promise<T>): Promise<{ result: T; printed: string }> {
	const capture = { text: '' };
	if (captures.size === 0) uncapture = startCapturing();
	captures.add(capture);
	try {
		const result = await body();
		return { result, printed: capture.text };
	} finally {
		captures.delete(capture);
		if (captures.size === 0) uncapture?.();
		printedSoFar += capture.text;
	}
}

export interface Observed<T> {
	result?: T;
	error?: unknown;
	printed: string;
}

/**
 * Runs `body` captured, then scans what it returned or threw, what was printed meanwhile, and
 * what else the run left behind (`more`, read after it: static data, answers). Returns all of it
 * for the test's own assertions about what happened.
 */
export async function observe<T>(where: string, body: () => Promise<T>, more: () => unknown[] = () => []): Promise<Observed<T>> {
	const { result, printed } = await capturingOutput(async () => {
		try {
			return { result: await body() };
		} catch (error) {
			return { error };
		}
	});
	expectNoSecrets(`${where}: what it returned`, result.result);
	if (result.error !== undefined) {
		const error = result.error as Error & { description?: unknown };
		expectNoSecrets(`${where}: what it threw`, error, error.message, error.description, error.stack);
	}
	expectNoSecrets(`${where}: what was printed`, printed);
	expectNoSecrets(`${where}: what it left behind`, ...more());
	return { ...result, printed };
}

/**
 * observe() for a call that must succeed: an error it swallowed fails the test here, instead of
 * leaving `result` undefined for an optional chain to read as "nothing wrong".
 */
export async function observeSuccess<T>(where: string, body: () => Promise<T>, more: () => unknown[] = () => []): Promise<T> {
	const { error, result } = await observe(where, body, more);
	expect({ where, error }).toEqual({ where, error: undefined });
	return result as T;
}
