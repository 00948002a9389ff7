import { createPublicKey, verify, type KeyObject } from 'crypto';
import { NodeOperationError, type INode } from 'n8n-workflow';

/** HighLevel's published key for `X-GHL-Signature` (Ed25519, the current scheme). */
export const HIGHLEVEL_ED25519_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=
-----END PUBLIC KEY-----`;

/** HighLevel's published key for `X-WH-Signature` (RSA-SHA256, legacy, being retired in 2026). */
export const HIGHLEVEL_RSA_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----`;

export const ED25519_SIGNATURE_HEADER = 'x-ghl-signature';
export const RSA_SIGNATURE_HEADER = 'x-wh-signature';

export interface SignatureKeys {
	/** PEM; empty means HighLevel's built-in key. */
	ed25519?: string;
	rsa?: string;
	/** Refuse deliveries that carry only the legacy RSA signature. */
	refuseRsaOnly?: boolean;
}

export type SignatureCheck =
	{ valid: true; scheme: 'ed25519' | 'rsa' } | { valid: false; reason: string };

/** A header's value, or undefined when it is missing or says the delivery is unsigned (`N/A`). */
function signatureHeader(headers: Record<string, unknown>, name: string): string | undefined {
	const raw = headers[name];
	const value = (Array.isArray(raw) ? raw[0] : raw) as unknown;
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' || trimmed.toUpperCase() === 'N/A' ? undefined : trimmed;
}

/** A replacement key (or HighLevel's own when empty), checked to be a PEM key of the right type. */
function publicKey(
	node: INode,
	pem: string | undefined,
	fallback: string,
	type: 'ed25519' | 'rsa',
	field: string,
): KeyObject {
	const given = pem?.trim();
	let key: KeyObject;
	try {
		key = createPublicKey(given || fallback);
	} catch {
		throw new NodeOperationError(node, `${field} is not a valid PEM public key`, {
			description:
				'Paste the whole key, from "-----BEGIN PUBLIC KEY-----" to "-----END PUBLIC KEY-----", or leave the field empty to use HighLevel\'s key.',
		});
	}
	if (key.asymmetricKeyType !== type) {
		throw new NodeOperationError(node, `${field} is a ${key.asymmetricKeyType} key, not ${type}`, {
			description: `Paste the ${type === 'ed25519' ? 'Ed25519' : 'RSA'} public key that matches this header, or leave the field empty.`,
		});
	}
	return key;
}

/** Fails, naming the field, when a replacement key is not a usable public key. */
export function assertPublicKeys(node: INode, keys: SignatureKeys): void {
	publicKey(node, keys.ed25519, HIGHLEVEL_ED25519_PUBLIC_KEY, 'ed25519', 'Ed25519 Public Key');
	publicKey(node, keys.rsa, HIGHLEVEL_RSA_PUBLIC_KEY, 'rsa', 'RSA Public Key');
}

/**
 * Checks HighLevel's signature over the exact bytes received: `X-GHL-Signature` (Ed25519) when
 * present, else `X-WH-Signature` (RSA-SHA256), never RSA when the Ed25519 header is there (the
 * retiring scheme must not rescue a delivery that fails the current one). Both are base64.
 * A missing header or `N/A` means the delivery is unsigned, which fails the check.
 */
export function checkSignature(
	node: INode,
	headers: Record<string, unknown>,
	rawBody: Buffer,
	keys: SignatureKeys,
): SignatureCheck {
	const ed25519 = signatureHeader(headers, ED25519_SIGNATURE_HEADER);
	const rsa = signatureHeader(headers, RSA_SIGNATURE_HEADER);
	if (ed25519 === undefined && rsa === undefined) {
		return { valid: false, reason: 'The delivery is not signed' };
	}
	if (ed25519 === undefined && keys.refuseRsaOnly) {
		return {
			valid: false,
			reason: 'Only the legacy X-WH-Signature was sent; this trigger requires X-GHL-Signature',
		};
	}
	// A malformed signature or key error inside verify() means "not verified", never a crash.
	const verified = (check: () => boolean) => {
		try {
			return check();
		} catch {
			return false;
		}
	};
	if (ed25519 !== undefined) {
		const key = publicKey(
			node,
			keys.ed25519,
			HIGHLEVEL_ED25519_PUBLIC_KEY,
			'ed25519',
			'Ed25519 Public Key',
		);
		const ok = verified(() => verify(null, rawBody, key, Buffer.from(ed25519, 'base64')));
		return ok ? { valid: true, scheme: 'ed25519' } : { valid: false, reason: 'Invalid signature' };
	}
	const key = publicKey(node, keys.rsa, HIGHLEVEL_RSA_PUBLIC_KEY, 'rsa', 'RSA Public Key');
	const ok = verified(() => verify('sha256', rawBody, key, Buffer.from(rsa as string, 'base64')));
	return ok ? { valid: true, scheme: 'rsa' } : { valid: false, reason: 'Invalid signature' };
}
