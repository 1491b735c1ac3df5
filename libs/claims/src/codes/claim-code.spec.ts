import fc from 'fast-check';
import {
  CODE_ALPHABET,
  CODE_DATA_LENGTH,
  CODE_LENGTH,
  checkSymbol,
  formatCode,
  generateCode,
  hasValidCheck,
  isWellFormed,
  normaliseCode,
  parseCode,
} from './claim-code';

const SYMBOLS = [...CODE_ALPHABET];
const valueOf = (symbol: string): number => CODE_ALPHABET.indexOf(symbol);
const symbolOf = (value: number): string => CODE_ALPHABET.charAt(value);
/** Symbol-wise XOR of two equal-length strings: addition in GF(32)^n. */
const add = (x: string, y: string): string =>
  [...x].map((symbol, i) => symbolOf(valueOf(symbol) ^ valueOf(y.charAt(i)))).join('');
const replaceAt = (code: string, i: number, symbol: string): string =>
  code.slice(0, i) + symbol + code.slice(i + 1);
const swapAt = (code: string, i: number): string =>
  code.slice(0, i) + code.charAt(i + 1) + code.charAt(i) + code.slice(i + 2);

const dataArb = fc.string({
  unit: fc.constantFrom(...SYMBOLS),
  minLength: CODE_DATA_LENGTH,
  maxLength: CODE_DATA_LENGTH,
});
/** Valid codes built from arbitrary random bytes, so fast-check can shrink them. */
const codeArb = fc
  .uint8Array({ minLength: CODE_DATA_LENGTH, maxLength: CODE_DATA_LENGTH })
  .map((bytes) => generateCode((target) => target.set(bytes)));

describe('claim code check symbol', () => {
  const zeroCode = '0'.repeat(CODE_LENGTH);

  it('is linear, so the valid codes form a subspace and an error is caught on every code or on none', () => {
    expect(checkSymbol('0'.repeat(CODE_DATA_LENGTH))).toBe('0');
    fc.assert(
      fc.property(dataArb, dataArb, (x, y) => {
        expect(checkSymbol(add(x, y))).toBe(add(checkSymbol(x), checkSymbol(y)));
      }),
      { numRuns: 2000 },
    );
  });

  it('catches every single-symbol error pattern at every position (exhaustive)', () => {
    // By linearity, code ⊕ e is valid iff e is; the zero code is valid, so e itself is the test.
    expect(hasValidCheck(zeroCode)).toBe(true);
    for (let i = 0; i < CODE_LENGTH; i += 1) {
      for (const symbol of SYMBOLS.slice(1))
        expect(hasValidCheck(replaceAt(zeroCode, i, symbol))).toBe(false);
    }
  });

  it('catches every adjacent-transposition error pattern (exhaustive)', () => {
    // Swapping a ≠ b at i, i+1 adds d = a ⊕ b at both positions; d ranges over all 31 non-zero values.
    for (let i = 0; i < CODE_LENGTH - 1; i += 1) {
      for (const d of SYMBOLS.slice(1)) {
        expect(hasValidCheck(replaceAt(replaceAt(zeroCode, i, d), i + 1, d))).toBe(false);
      }
    }
  });

  it('also catches swaps at any distance and twin errors (aa → bb), as the header claims', () => {
    // Both add the same non-zero d at two positions i < j.
    for (let i = 0; i < CODE_LENGTH; i += 1) {
      for (let j = i + 1; j < CODE_LENGTH; j += 1) {
        for (const d of SYMBOLS.slice(1)) {
          expect(hasValidCheck(replaceAt(replaceAt(zeroCode, i, d), j, d))).toBe(false);
        }
      }
    }
  });

  it('accepts every generated code', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        expect(code).toHaveLength(CODE_LENGTH);
        expect(hasValidCheck(code)).toBe(true);
        expect(parseCode(code)).toEqual({ ok: true, code });
      }),
      { numRuns: 5000 },
    );
    for (let n = 0; n < 1000; n += 1) expect(hasValidCheck(generateCode())).toBe(true);
  });

  it('rejects every single-symbol typo of sampled codes (positions × alphabet)', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        // Collected rather than asserted one by one: 372 expect() calls per code dominate the run time.
        const missed: string[] = [];
        for (let i = 0; i < CODE_LENGTH; i += 1) {
          for (const symbol of SYMBOLS) {
            if (symbol === code.charAt(i)) continue;
            const typo = replaceAt(code, i, symbol);
            const result = parseCode(typo);
            if (result.ok || result.reason !== 'check_failed') missed.push(typo);
          }
        }
        expect(missed).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects every adjacent swap of different symbols in sampled codes', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        for (let i = 0; i < CODE_LENGTH - 1; i += 1) {
          if (code.charAt(i) === code.charAt(i + 1)) continue;
          expect(parseCode(swapAt(code, i))).toEqual({ ok: false, reason: 'check_failed' });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a swap of every ordered pair of different symbols at every data position', () => {
    const rest = 'Q7X2M9K4T1B';
    for (let i = 0; i < CODE_DATA_LENGTH - 1; i += 1) {
      for (const a of SYMBOLS) {
        for (const b of SYMBOLS) {
          if (a === b) continue;
          const data = replaceAt(replaceAt(rest, i, a), i + 1, b);
          expect(hasValidCheck(swapAt(data + checkSymbol(data), i))).toBe(false);
        }
      }
    }
    // The last data symbol against the check symbol: every value of the last data symbol.
    for (const a of SYMBOLS) {
      const data = replaceAt(rest, CODE_DATA_LENGTH - 1, a);
      const code = data + checkSymbol(data);
      if (a !== code.charAt(CODE_LENGTH - 1))
        expect(hasValidCheck(swapAt(code, CODE_DATA_LENGTH - 1))).toBe(false);
    }
  });

  it('refuses to compute a check for data of the wrong length or alphabet', () => {
    expect(() => checkSymbol('0123456789')).toThrow(RangeError);
    expect(() => checkSymbol('0123456789U')).toThrow(RangeError);
  });
});

describe('generateCode', () => {
  it('maps random bytes to symbols without bias (each symbol from exactly 8 of 256 byte values)', () => {
    const counts = new Map<string, number>();
    for (let byte = 0; byte < 256; byte += 1) {
      const code = generateCode((target) => target.fill(byte));
      counts.set(code.charAt(0), (counts.get(code.charAt(0)) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    expect([...counts.values()].every((count) => count === 8)).toBe(true);
  });

  it('gives 1,000,000 distinct codes', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 1_000_000; n += 1) seen.add(generateCode());
    expect(seen.size).toBe(1_000_000);
  }, 60_000);
});

describe('normaliseCode / formatCode', () => {
  /** Spellings a person might type for the same code. */
  const variantArb = (code: string) =>
    fc
      .tuple(
        fc.array(fc.boolean(), { minLength: CODE_LENGTH, maxLength: CODE_LENGTH }),
        fc.array(fc.constantFrom('', '', '-', ' ', '  ', '\t', '\u2013', '\u00a0'), {
          minLength: CODE_LENGTH + 1,
          maxLength: CODE_LENGTH + 1,
        }),
        fc.array(fc.nat(), { minLength: CODE_LENGTH, maxLength: CODE_LENGTH }),
      )
      .map(
        ([lower, separators, pick]) =>
          [...code]
            .map((symbol, i) => {
              const lookalikes =
                symbol === '0' ? ['0', 'O', 'o'] : symbol === '1' ? ['1', 'I', 'i', 'L', 'l'] : [symbol];
              const typed = lookalikes[(pick[i] ?? 0) % lookalikes.length] ?? symbol;
              return (separators[i] ?? '') + (lower[i] ? typed.toLowerCase() : typed);
            })
            .join('') + (separators[CODE_LENGTH] ?? ''),
      );

  it('round-trips format → normalise → format', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        const formatted = formatCode(code);
        expect(formatted).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
        expect(normaliseCode(formatted)).toBe(code);
        expect(formatCode(normaliseCode(formatted))).toBe(formatted);
      }),
    );
  });

  it('folds case, separators and O/I/L look-alikes of a code to the same code', () => {
    const arb = codeArb.chain((code) => fc.tuple(fc.constant(code), variantArb(code)));
    fc.assert(
      fc.property(arb, ([code, typed]) => {
        expect(normaliseCode(typed)).toBe(code);
        expect(parseCode(typed)).toEqual({ ok: true, code });
        expect(isWellFormed(typed)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('folds the examples a front desk sees', () => {
    const code = '0001' + 'ABCD' + 'EFG';
    const valid = code + checkSymbol(code);
    const formatted = formatCode(valid);
    expect(normaliseCode(formatted.toLowerCase())).toBe(valid);
    expect(normaliseCode(` ${formatted.replace(/-/g, ' ')} `)).toBe(valid);
    expect(normaliseCode(formatted.replace('0001', 'OoOl'))).toBe(valid);
    expect(normaliseCode(formatted.replace('0001', '000I'))).toBe(valid);
  });

  it('refuses to format anything but a normalised code', () => {
    expect(() => formatCode('ABCD-EFGH-JKMN')).toThrow(RangeError);
    expect(() => formatCode('abcdefghjkmn')).toThrow(RangeError);
    expect(() => formatCode('ABCDEFGHJKM')).toThrow(RangeError);
  });
});

describe('parseCode', () => {
  const data = 'K7QX2M9T4BZ';
  const valid = data + checkSymbol(data);
  const wrongCheck = data + symbolOf((valueOf(checkSymbol(data)) + 1) % 32);

  it.each([
    ['', 'wrong_length'],
    ['ABCD-EFGH-JKM', 'wrong_length'],
    [`${valid}0`, 'wrong_length'],
    [`${valid.slice(0, 11)}-`, 'wrong_length'],
    [' '.repeat(200) + valid, 'wrong_length'],
    [`${valid.slice(0, 11)}U`, 'invalid_symbol'],
    [`U${valid.slice(1)}`, 'invalid_symbol'],
    [`${valid.slice(0, 11)}!`, 'invalid_symbol'],
    [`${valid.slice(0, 11)}_`, 'invalid_symbol'],
    // Non-ASCII look-alikes are not folded: 'ı'.toUpperCase() is 'I', which would pass as 1.
    [`${valid.slice(0, 11)}ı`, 'invalid_symbol'],
    [`${valid.slice(0, 11)}Ｋ`, 'invalid_symbol'],
    [wrongCheck, 'check_failed'],
  ])('rejects %j as %s', (input, reason) => {
    expect(parseCode(input)).toEqual({ ok: false, reason });
    expect(isWellFormed(input)).toBe(false);
  });

  it('accepts the formatted code and returns the normalised one', () => {
    expect(parseCode(formatCode(valid))).toEqual({ ok: true, code: valid });
  });

  it('never throws and only ever returns a well-formed normalised code', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        const result = parseCode(input);
        if (result.ok) {
          expect(hasValidCheck(result.code)).toBe(true);
          expect(formatCode(result.code)).toHaveLength(14);
        }
      }),
    );
  });
});
