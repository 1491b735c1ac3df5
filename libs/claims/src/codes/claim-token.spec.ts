import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { CLAIM_TOKEN_VERSION, signClaimToken, verifyClaimToken } from './claim-token';
import { formatCode, generateCode } from './claim-code';

const secret = randomBytes(32);
const otherSecret = randomBytes(32);
const BASE64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('claim QR tokens', () => {
  it('round-trips a claim id, with a version prefix and only URL-safe characters', () => {
    fc.assert(
      fc.property(fc.uuid(), (claimId) => {
        const token = signClaimToken(claimId, secret);
        expect(token.startsWith(`${CLAIM_TOKEN_VERSION}.`)).toBe(true);
        expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
        expect(verifyClaimToken(token, secret)).toEqual({ ok: true, claimId });
      }),
    );
  });

  it('accepts string secrets and is deterministic', () => {
    const textSecret = 'x'.repeat(40);
    const claimId = randomUUID();
    expect(signClaimToken(claimId, textSecret)).toBe(signClaimToken(claimId, textSecret));
    expect(verifyClaimToken(signClaimToken(claimId, textSecret), textSecret)).toEqual({ ok: true, claimId });
  });

  it('never contains the claim code, in any spelling', () => {
    const code = generateCode();
    const token = signClaimToken(randomUUID(), secret);
    expect(token).not.toContain(code);
    expect(token).not.toContain(formatCode(code));
    expect(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).not.toContain(code);
  });

  it('rejects a token signed with another secret', () => {
    const token = signClaimToken(randomUUID(), otherSecret);
    expect(verifyClaimToken(token, secret)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects every single-character change anywhere in the token', () => {
    const token = signClaimToken(randomUUID(), secret);
    for (let i = 0; i < token.length; i += 1) {
      for (const c of `${BASE64URL_CHARS}.=+/`) {
        if (c === token.charAt(i)) continue;
        const tampered = token.slice(0, i) + c + token.slice(i + 1);
        expect(verifyClaimToken(tampered, secret).ok).toBe(false);
      }
    }
  });

  it('rejects a signature moved onto another claim id', () => {
    const [version, , mac] = signClaimToken(randomUUID(), secret).split('.');
    const [, payload] = signClaimToken(randomUUID(), secret).split('.');
    expect(verifyClaimToken(`${version}.${payload}.${mac}`, secret)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('rejects a forged token with a plain HMAC of the id (no domain separation)', () => {
    const payload = Buffer.from(randomUUID()).toString('base64url');
    const mac = createHmac('sha256', secret).update(`v1.${payload}`).digest('base64url');
    expect(verifyClaimToken(`v1.${payload}.${mac}`, secret)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a token with the signature cut off, extended or re-padded', () => {
    const token = signClaimToken(randomUUID(), secret);
    const [version, payload, mac] = token.split('.') as [string, string, string];
    expect(verifyClaimToken(`${version}.${payload}.${mac.slice(0, -1)}`, secret).ok).toBe(false);
    expect(verifyClaimToken(`${version}.${payload}.${mac}A`, secret).ok).toBe(false);
    expect(verifyClaimToken(`${token}=`, secret).ok).toBe(false);
    expect(verifyClaimToken(`${version}.${payload}.`, secret)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['', 'malformed'],
    ['v1', 'malformed'],
    ['v1..', 'malformed'],
    ['v1.a.b.c', 'malformed'],
    ['v2.YWJj.' + 'A'.repeat(43), 'unsupported_version'],
    ['V1.YWJj.' + 'A'.repeat(43), 'unsupported_version'],
    ['v1.YW Jj.' + 'A'.repeat(43), 'malformed'],
    ['v1.YWJj.' + 'A'.repeat(43), 'bad_signature'],
    ['v1.' + 'A'.repeat(600) + '.' + 'A'.repeat(43), 'malformed'],
  ])('rejects %j as %s', (token, reason) => {
    expect(verifyClaimToken(token, secret)).toEqual({ ok: false, reason });
  });

  it('refuses weak secrets and unusable claim ids', () => {
    expect(() => signClaimToken(randomUUID(), 'short')).toThrow(RangeError);
    expect(() => verifyClaimToken('v1.a.b', randomBytes(16))).toThrow(RangeError);
    expect(() => signClaimToken('', secret)).toThrow(RangeError);
    expect(() => signClaimToken('x'.repeat(129), secret)).toThrow(RangeError);
  });
});
