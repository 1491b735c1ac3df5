import fc from 'fast-check';
import { POOL_CODE_MAX_LENGTH, POOL_CODE_MIN_LENGTH, dedupePoolCodes, normalisePoolCode } from './pool-code';

describe('normalisePoolCode', () => {
  it.each([
    ['summer-2026', 'SUMMER2026'],
    ['  vip  0042 ', 'V1P0042'],
    ['hello', 'HE110'],
    ['HE110', 'HE110'],
    ['uuuu', 'UUUU'],
    ['abc–def', 'ABCDEF'],
    ['a'.repeat(POOL_CODE_MAX_LENGTH), 'A'.repeat(POOL_CODE_MAX_LENGTH)],
  ])('normalises %j to %s', (input, code) => {
    expect(normalisePoolCode(input)).toEqual({ ok: true, code });
  });

  it.each([
    ['', 'too_short'],
    ['ab-c', 'too_short'],
    ['   ', 'too_short'],
    ['a'.repeat(POOL_CODE_MAX_LENGTH + 1), 'too_long'],
    ['-'.repeat(10_000), 'too_long'],
    ['ABCD!', 'invalid_symbol'],
    ['ABCD_EF', 'invalid_symbol'],
    ['ÄBCDE', 'invalid_symbol'],
    ['straße', 'invalid_symbol'],
  ])('rejects %j as %s', (input, reason) => {
    expect(normalisePoolCode(input)).toEqual({ ok: false, reason });
  });

  it('folds the same way for any casing, separators and O/I/L look-alikes, and is idempotent', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTUVWXYZ'),
          minLength: POOL_CODE_MIN_LENGTH,
          maxLength: 40,
        }),
        fc.boolean(),
        (code, spaced) => {
          const typed = [...code]
            .map((c) => (c === '0' ? 'o' : c === '1' ? 'l' : c.toLowerCase()))
            .join(spaced ? ' ' : '-');
          expect(normalisePoolCode(typed)).toEqual({ ok: true, code });
          expect(normalisePoolCode(code)).toEqual({ ok: true, code });
        },
      ),
    );
  });
});

describe('dedupePoolCodes', () => {
  it('reports repeats after folding and invalid entries by index', () => {
    const result = dedupePoolCodes(
      ['ROOM-0001', 'room 0001', 'R00M0001', 'ab', 'SUITE-1', 'suite-i', 'ok!!'],
      new Set(),
    );
    expect(result).toEqual({
      accepted: ['R00M0001', 'SU1TE1'],
      duplicates: ['R00M0001', 'R00M0001', 'SU1TE1'],
      invalid: [
        { index: 3, reason: 'too_short' },
        { index: 6, reason: 'invalid_symbol' },
      ],
    });
  });

  it('treats codes already in the pool as duplicates', () => {
    expect(dedupePoolCodes(['abcd', 'efgh'], new Set(['ABCD']))).toEqual({
      accepted: ['EFGH'],
      duplicates: ['ABCD'],
      invalid: [],
    });
  });

  it('puts every input in exactly one bucket and accepts each folded code once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom(...'abAB01oOiIl- !'), maxLength: 8 }), { maxLength: 60 }),
        (inputs) => {
          const { accepted, duplicates, invalid } = dedupePoolCodes(inputs);
          expect(accepted.length + duplicates.length + invalid.length).toBe(inputs.length);
          expect(new Set(accepted).size).toBe(accepted.length);
          for (const code of duplicates) expect(accepted).toContain(code);
          for (const { index, reason } of invalid)
            expect(normalisePoolCode(inputs[index] ?? '')).toEqual({ ok: false, reason });
          const valid = inputs.flatMap((input) => {
            const result = normalisePoolCode(input);
            return result.ok ? [result.code] : [];
          });
          expect(accepted).toEqual([...new Set(valid)]);
        },
      ),
    );
  });
});
