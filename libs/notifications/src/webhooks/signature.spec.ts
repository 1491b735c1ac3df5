import { createHmac, timingSafeEqual } from 'node:crypto';
import fc from 'fast-check';
import { newWebhookSecret, signatureHeader, verifySignature } from './signature';
import { checkWebhookUrl, isPrivateAddress } from './target';
import { maxAttempts, nextAttemptAt, totalSpanMs, WEBHOOK_RETRIES, MAIL_RETRIES } from '../dispatch/backoff';

/** The receiver's check exactly as docs/notifications.md prints it. */
function verifyPerkRank(rawBody: string, header: string, secret: string, toleranceSeconds = 300): boolean {
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of String(header).split(',')) {
    const [key, value] = part.split('=');
    if (key === 't') t = Number(value);
    if (key === 'v1') signatures.push(value);
  }
  if (t === undefined || !Number.isInteger(t) || signatures.length === 0) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const match = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match && Math.abs(Date.now() / 1000 - t) <= toleranceSeconds;
}

describe('webhook signatures', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('verifies what it signed, with the library and with the documented sample', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (body, key) => {
        const secret = `whsec_${key}`;
        const header = signatureHeader([secret], now(), body);
        return verifySignature(header, body, secret).ok && verifyPerkRank(body, header, secret);
      }),
    );
  });

  it('detects any change to the body, the signature or the secret', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (body, at, ch) => {
          const secret = newWebhookSecret();
          const header = signatureHeader([secret], now(), body);
          const i = at % body.length;
          fc.pre(body[i] !== ch);
          const tampered = body.slice(0, i) + ch + body.slice(i + 1);
          const flipped = header.replace(/v1=(.)/, (_m, c: string) => `v1=${c === '0' ? '1' : '0'}`);
          return (
            !verifySignature(header, tampered, secret).ok &&
            !verifyPerkRank(tampered, header, secret) &&
            !verifySignature(flipped, body, secret).ok &&
            !verifyPerkRank(body, flipped, secret) &&
            !verifySignature(header, body, newWebhookSecret()).ok
          );
        },
      ),
    );
  });

  it('accepts either secret during a rotation and refuses old timestamps', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const header = signatureHeader([b, a], now(), '{}');
    expect(verifySignature(header, '{}', a).ok).toBe(true);
    expect(verifyPerkRank('{}', header, b)).toBe(true);
    const old = signatureHeader([a], now() - 301, '{}');
    expect(verifySignature(old, '{}', a)).toEqual({ ok: false, reason: 'too_old' });
    expect(verifyPerkRank('{}', old, a)).toBe(false);
    expect(verifySignature(undefined, '{}', a)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature('t=abc,v1=zz', '{}', a)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('retry schedules', () => {
  it('webhooks: first retry within 10 s, growing gaps, giving up just under 3 days', () => {
    expect(WEBHOOK_RETRIES.delaysMs[0]).toBeLessThanOrEqual(10_000);
    for (let i = 1; i < WEBHOOK_RETRIES.delaysMs.length; i++)
      expect(WEBHOOK_RETRIES.delaysMs[i]).toBeGreaterThanOrEqual(WEBHOOK_RETRIES.delaysMs[i - 1]);
    expect(totalSpanMs(WEBHOOK_RETRIES)).toBeGreaterThan(70 * 3600_000);
    expect(totalSpanMs(WEBHOOK_RETRIES)).toBeLessThanOrEqual(72 * 3600_000);
    expect(maxAttempts(WEBHOOK_RETRIES)).toBe(12);
  });

  it('nextAttemptAt follows the schedule and ends after the last attempt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2, max: 20 }),
        fc.date({ min: new Date(0), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }),
        (attempts, now) => {
          for (const schedule of [WEBHOOK_RETRIES, MAIL_RETRIES]) {
            const next = nextAttemptAt(schedule, attempts, now);
            if (attempts >= 1 && attempts < maxAttempts(schedule))
              expect(next?.getTime()).toBe(now.getTime() + schedule.delaysMs[attempts - 1]);
            else expect(next).toBeUndefined();
          }
        },
      ),
    );
  });
});

describe('webhook targets', () => {
  it('refuses private and loopback addresses, IPv4 and IPv6 (mapped too)', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.8',
      '172.20.1.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ])
      expect(isPrivateAddress(a)).toBe(true);
    for (const a of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isPrivateAddress(a)).toBe(false);
  });

  it('allows only https to public hosts unless private targets are allowed', () => {
    expect(checkWebhookUrl('https://hooks.example.com/p?x=1', false).ok).toBe(true);
    for (const url of [
      'http://hooks.example.com/',
      'https://localhost/',
      'https://db.internal/',
      'https://[fd00::1]/',
      'ftp://x.example/',
      'https://u:p@hooks.example.com/',
      'not a url',
      'https://intranet/',
    ])
      expect(checkWebhookUrl(url, false).ok).toBe(false);
    expect(checkWebhookUrl('http://localhost:4000/hooks', true).ok).toBe(true);
    expect(checkWebhookUrl('ftp://x.example/', true).ok).toBe(false);
  });
});
