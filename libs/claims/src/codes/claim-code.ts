/**
 * Claim codes: what a member reads out or types at a front desk, so the format is built to survive
 * humans. 11 random symbols + 1 check symbol over a Crockford-style base-32 alphabet, shown as
 * `XXXX-XXXX-XXXX`. The check symbol rejects a mistyped code before any database lookup.
 *
 * Why this check and not Crockford's mod-37: mod 37 needs five extra check symbols (*~$=U) that
 * break the 32-symbol alphabet, and a weighted sum modulo 31 (or any modulus other than a prime
 * ≥ 32) cannot tell some symbols apart. Instead every symbol is read as an element of the finite
 * field GF(32) = GF(2)[x]/(x^5 + x^2 + 1), and a code x_0 … x_11 is valid iff
 *
 *     S(x) = Σ_{i=0..11} x_i · α^(11−i) = 0        (α = the class of x, a generator of GF(32)*)
 *
 * Proof that every single substitution and every adjacent transposition is caught:
 * - S is additive (GF(2)-linear), so S(x ⊕ e) = S(x) ⊕ S(e): a valid code stays valid after an
 *   error pattern e exactly when S(e) = 0, whatever the code was.
 * - Substitution a → b at position i: e has the single non-zero entry d = a ⊕ b at i, so
 *   S(e) = d · α^(11−i), a product of non-zero field elements, hence non-zero.
 * - Swap of neighbours a ≠ b at positions i, i+1: e = d at both, d = a ⊕ b ≠ 0, so
 *   S(e) = d · α^(10−i) · (α ⊕ 1), non-zero because α ≠ 1.
 * - Bonus, same argument: α has order 31 > 12, so swaps at any distance and "twin" errors
 *   (aa → bb) at neighbouring positions are caught too.
 * claim-code.spec.ts checks the field, then enumerates every such error pattern (which, by the
 * linearity above, covers every code), then checks sampled codes directly.
 */
import { randomFillSync } from 'node:crypto';

/** Crockford's base-32 digits: no I, L, O (read as 1, 1, 0) and no U (accidental obscenity). */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_DATA_LENGTH = 11;
export const CODE_LENGTH = CODE_DATA_LENGTH + 1;
const GROUP_SIZE = 4;

export type CodeRejection = 'wrong_length' | 'invalid_symbol' | 'check_failed';
export type ParsedCode = { ok: true; code: string } | { ok: false; reason: CodeRejection };

/** Fills `target` with cryptographically strong random bytes; injectable so tests can be deterministic. */
export type RandomFill = (target: Uint8Array) => void;

const SYMBOL_VALUE: ReadonlyMap<string, number> = new Map(
  [...CODE_ALPHABET].map((symbol, value) => [symbol, value]),
);

/** Multiplies a GF(32) element by α: a shift, reduced by x^5 + x^2 + 1 when it overflows 5 bits. */
function timesAlpha(value: number): number {
  const shifted = value << 1;
  return shifted & 0b100000 ? shifted ^ 0b100101 : shifted;
}

/** Horner evaluation of Σ v_i · α^(n−1−i); callers guarantee every symbol is in the alphabet. */
function weightedSum(symbols: string): number {
  let acc = 0;
  for (const symbol of symbols) acc = timesAlpha(acc) ^ (SYMBOL_VALUE.get(symbol) ?? 0);
  return acc;
}

function isInAlphabet(symbols: string): boolean {
  for (const symbol of symbols) if (!SYMBOL_VALUE.has(symbol)) return false;
  return true;
}

/** The check symbol that makes `data` (11 alphabet symbols) a valid code. */
export function checkSymbol(data: string): string {
  if (data.length !== CODE_DATA_LENGTH || !isInAlphabet(data)) {
    throw new RangeError(`checkSymbol needs ${CODE_DATA_LENGTH} symbols from the code alphabet`);
  }
  // Appending c turns the sum into α·S(data) ⊕ c, which is zero exactly for c = α·S(data).
  return CODE_ALPHABET.charAt(timesAlpha(weightedSum(data)));
}

/** True when a normalised 12-symbol code carries a correct check symbol. */
export function hasValidCheck(normalised: string): boolean {
  return normalised.length === CODE_LENGTH && isInAlphabet(normalised) && weightedSum(normalised) === 0;
}

// randomFillSync costs ~5 µs per call whatever the size, so draw a batch and hand it out.
// Every byte is handed out once and then dropped, never reused.
const BATCH_BYTES = CODE_DATA_LENGTH * 512;
let batch = new Uint8Array(0);
let batchOffset = 0;

const defaultFill: RandomFill = (target) => {
  if (batchOffset + target.length > batch.length) {
    batch = new Uint8Array(Math.max(BATCH_BYTES, target.length));
    randomFillSync(batch);
    batchOffset = 0;
  }
  target.set(batch.subarray(batchOffset, batchOffset + target.length));
  batch.fill(0, batchOffset, batchOffset + target.length);
  batchOffset += target.length;
};

/**
 * A fresh normalised code (no hyphens). 11 × 5 = 55 random bits: uniqueness is still enforced by
 * the database, this only makes collisions and guessing rare.
 */
export function generateCode(fill: RandomFill = defaultFill): string {
  const bytes = new Uint8Array(CODE_DATA_LENGTH);
  fill(bytes);
  let data = '';
  // 256 is a multiple of 32, so the low five bits of a uniform byte are exactly uniform:
  // no modulo bias, hence no rejection sampling needed.
  for (const byte of bytes) data += CODE_ALPHABET.charAt(byte & 0b11111);
  return data + checkSymbol(data);
}

// Hyphens and dashes people paste from documents, and any whitespace (incl. no-break spaces).
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]+/g;

/**
 * Folds what a person typed into the stored form: ASCII case folded, separators dropped, O → 0,
 * I/L → 1. Only ASCII is folded on purpose: `toUpperCase()` would turn 'ı' into 'I' and 'ß' into
 * 'SS', letting non-ASCII look-alikes pass as valid symbols. Shared with brand pool codes.
 */
export function foldCodeInput(input: string): string {
  return input
    .replace(SEPARATORS, '')
    .replace(/[a-z]/g, (letter) => letter.toUpperCase())
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** The stored form of a typed claim code; invalid symbols (e.g. U) are kept for parseCode to reject. */
export function normaliseCode(input: string): string {
  return foldCodeInput(input);
}

/** `XXXX-XXXX-XXXX` for display; throws for anything that is not a normalised code. */
export function formatCode(normalised: string): string {
  if (normalised.length !== CODE_LENGTH || !isInAlphabet(normalised)) {
    throw new RangeError('formatCode needs a normalised 12-symbol claim code');
  }
  const groups: string[] = [];
  for (let i = 0; i < CODE_LENGTH; i += GROUP_SIZE) groups.push(normalised.slice(i, i + GROUP_SIZE));
  return groups.join('-');
}

// Far above any honest spelling of a 12-symbol code, and keeps absurd input cheap to refuse.
const MAX_INPUT_LENGTH = 100;

/** Normalises and validates typed input; a rejection names the first thing wrong with it. */
export function parseCode(input: string): ParsedCode {
  if (input.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'wrong_length' };
  const code = normaliseCode(input);
  if (code.length !== CODE_LENGTH) return { ok: false, reason: 'wrong_length' };
  if (!isInAlphabet(code)) return { ok: false, reason: 'invalid_symbol' };
  if (weightedSum(code) !== 0) return { ok: false, reason: 'check_failed' };
  return { ok: true, code };
}

export function isWellFormed(input: string): boolean {
  return parseCode(input).ok;
}
