/**
 * The token inside a claim's QR code: `v1.<claim id, base64url>.<HMAC-SHA256, base64url>`.
 * It names the claim, never the code, so a photographed QR does not leak a code that could be
 * typed elsewhere, and it cannot be forged or altered without the server's secret. The version
 * prefix lets the format or the key change later while old tokens are still told apart.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CLAIM_TOKEN_VERSION = 'v1';

export type ClaimTokenSecret = string | Uint8Array;
export type ClaimTokenRejection = 'malformed' | 'unsupported_version' | 'bad_signature';
export type VerifiedClaimToken = { ok: true; claimId: string } | { ok: false; reason: ClaimTokenRejection };

// HMAC-SHA256 keys shorter than the hash length weaken it; refuse them rather than sign weakly.
const MIN_SECRET_BYTES = 32;
const MAX_CLAIM_ID_LENGTH = 128;
const MAC_BYTES = 32;
// Keeps a token signed with the same secret for another purpose from ever verifying here.
const DOMAIN = 'perkrank/claim-qr-token';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 512;

function keyOf(secret: ClaimTokenSecret): Buffer {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (key.length < MIN_SECRET_BYTES) {
    throw new RangeError(`the claim token secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return key;
}

function macOf(key: Buffer, signed: string): Buffer {
  return createHmac('sha256', key).update(DOMAIN).update('\n').update(signed).digest();
}

/** Decodes base64url only when it is the one canonical spelling of its bytes. */
function decodeCanonical(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

export function signClaimToken(claimId: string, secret: ClaimTokenSecret): string {
  if (claimId.length === 0 || claimId.length > MAX_CLAIM_ID_LENGTH) {
    throw new RangeError(`a claim id must be 1–${MAX_CLAIM_ID_LENGTH} characters`);
  }
  const signed = `${CLAIM_TOKEN_VERSION}.${Buffer.from(claimId, 'utf8').toString('base64url')}`;
  return `${signed}.${macOf(keyOf(secret), signed).toString('base64url')}`;
}

export function verifyClaimToken(token: string, secret: ClaimTokenSecret): VerifiedClaimToken {
  const key = keyOf(secret);
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [version, payload, mac] = parts as [string, string, string];
  if (version !== CLAIM_TOKEN_VERSION) return { ok: false, reason: 'unsupported_version' };
  const given = decodeCanonical(mac);
  if (!BASE64URL.test(payload) || given === undefined || given.length !== MAC_BYTES) {
    return { ok: false, reason: 'malformed' };
  }
  if (!timingSafeEqual(given, macOf(key, `${version}.${payload}`)))
    return { ok: false, reason: 'bad_signature' };
  // Only reached for tokens we signed, so the payload is one signClaimToken produced.
  const claimId = decodeCanonical(payload)?.toString('utf8');
  if (claimId === undefined || claimId.length === 0) return { ok: false, reason: 'malformed' };
  return { ok: true, claimId };
}
