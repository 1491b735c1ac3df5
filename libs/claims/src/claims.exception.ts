import { exceptionFor, type ErrorTable } from '@perkrank/core';

/** Every error the claims context raises, with its HTTP kind. The filter maps kinds to statuses. */
const CODES = {
  // Claiming (docs/api.md "Claims and the front desk").
  sold_out: 'conflict',
  already_claimed: 'conflict',
  below_score_threshold: 'forbidden',
  not_eligible: 'forbidden',
  campaign_not_active: 'conflict',
  score_not_available: 'forbidden',
  claim_not_found: 'not_found',
  claim_not_redeemed: 'conflict',
  // Codes and the front desk (docs/api.md "Claims and the front desk").
  code_not_found: 'not_found',
  code_already_redeemed: 'conflict',
  claim_expired: 'conflict',
  claim_cancelled: 'conflict',
  claim_revoked: 'conflict',
  codes_not_accepted: 'conflict',
  concurrent_update: 'conflict',
} as const satisfies ErrorTable;

export type ClaimErrorCode = keyof typeof CODES;

export class ClaimException extends exceptionFor(CODES) {
  static claimNotFound(): ClaimException {
    return new ClaimException('claim_not_found', 'No claim with this id was found.');
  }

  static codeNotFound(): ClaimException {
    return new ClaimException(
      'code_not_found',
      'No claim of this brand has this code. Check it for typos, or scan the QR code.',
    );
  }

  /** Conditional writes kept losing races; safe to retry. */
  static busy(): ClaimException {
    return new ClaimException('concurrent_update', 'The claim changed while this request ran; try again.');
  }
}
