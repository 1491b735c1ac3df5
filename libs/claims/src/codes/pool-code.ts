/**
 * Brand pool codes: codes a brand uploads (e.g. from its own booking system). They carry no check
 * symbol of ours, but they are folded exactly like claim codes so that the front desk can type them
 * with the same O/0 and I/L/1 confusions and still match.
 */
import { foldCodeInput } from './claim-code';

export const POOL_CODE_MIN_LENGTH = 4;
export const POOL_CODE_MAX_LENGTH = 64;

export type PoolCodeRejection = 'too_short' | 'too_long' | 'invalid_symbol';
export type NormalisedPoolCode = { ok: true; code: string } | { ok: false; reason: PoolCodeRejection };

export interface PoolCodeBatch {
  /** Normalised codes to add, in upload order. */
  accepted: string[];
  /** One normalised entry per rejected repeat, whether repeated within the upload or of `existing`. */
  duplicates: string[];
  invalid: { index: number; reason: PoolCodeRejection }[];
}

// Checked before folding so a huge entry costs nothing; separators may pad an honest code a bit.
const MAX_INPUT_LENGTH = POOL_CODE_MAX_LENGTH * 4;

export function normalisePoolCode(input: string): NormalisedPoolCode {
  if (input.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'too_long' };
  const code = foldCodeInput(input);
  if (code.length < POOL_CODE_MIN_LENGTH) return { ok: false, reason: 'too_short' };
  if (code.length > POOL_CODE_MAX_LENGTH) return { ok: false, reason: 'too_long' };
  if (!/^[0-9A-Z]+$/.test(code)) return { ok: false, reason: 'invalid_symbol' };
  return { ok: true, code };
}

/**
 * Splits an upload into codes to add, duplicates and invalid entries; every input lands in exactly
 * one of the three. `existing` holds the campaign's normalised pool so far (the database's unique
 * index stays the final word under concurrent uploads).
 */
export function dedupePoolCodes(
  inputs: readonly string[],
  existing: ReadonlySet<string> = new Set(),
): PoolCodeBatch {
  const batch: PoolCodeBatch = { accepted: [], duplicates: [], invalid: [] };
  const seen = new Set<string>();
  inputs.forEach((input, index) => {
    const result = normalisePoolCode(input);
    if (!result.ok) {
      batch.invalid.push({ index, reason: result.reason });
    } else if (seen.has(result.code) || existing.has(result.code)) {
      batch.duplicates.push(result.code);
    } else {
      seen.add(result.code);
      batch.accepted.push(result.code);
    }
  });
  return batch;
}
