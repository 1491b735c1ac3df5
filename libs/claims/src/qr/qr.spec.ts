import fc from 'fast-check';
import { decodeQrDataUrl } from '../../../../test/support/qr';
import { signClaimToken } from '../codes';
import { claimQrDataUrl } from '.';

describe('claimQrDataUrl', () => {
  it('draws a PNG data URL that an independent decoder reads as exactly the signed token', async () => {
    const token = signClaimToken('0192f3a4-5b6c-7d8e-9f01-23456789abcd', 'k'.repeat(40));
    expect(decodeQrDataUrl(await claimQrDataUrl(token))).toBe(token);
  });

  // Every token has the same shape (uuid claim ids, 32-byte MACs), so a few runs cover it; drawing
  // and decoding an image is slow enough on a busy machine that many would only burn time.
  it('round-trips any claim id and key through an independent decoder', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), fc.string({ minLength: 32, maxLength: 64 }), async (id, key) => {
        const token = signClaimToken(id, key);
        expect(decodeQrDataUrl(await claimQrDataUrl(token))).toBe(token);
      }),
      { numRuns: 4 },
    );
  }, 120_000);
});
