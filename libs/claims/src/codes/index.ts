/** Claim code format, brand pool codes and QR tokens: pure functions, no database. */
export {
  CODE_ALPHABET,
  CODE_DATA_LENGTH,
  CODE_LENGTH,
  checkSymbol,
  foldCodeInput,
  formatCode,
  generateCode,
  hasValidCheck,
  isWellFormed,
  normaliseCode,
  parseCode,
} from './claim-code';
export type { CodeRejection, ParsedCode, RandomFill } from './claim-code';
export { POOL_CODE_MAX_LENGTH, POOL_CODE_MIN_LENGTH, dedupePoolCodes, normalisePoolCode } from './pool-code';
export type { NormalisedPoolCode, PoolCodeBatch, PoolCodeRejection } from './pool-code';
export { CLAIM_TOKEN_VERSION, signClaimToken, verifyClaimToken } from './claim-token';
export type { ClaimTokenRejection, ClaimTokenSecret, VerifiedClaimToken } from './claim-token';
