import type { ClaimRefusalResult } from './claim-eligibility';
import type { ClaimRow } from './claim.repository';
import type { ClaimRefusal } from './claim-state';
import { ClaimException } from '../claims.exception';

/** The API error for a claim attempt the rules refused. */
export function attemptRefused(refusal: ClaimRefusalResult, context: { minScore: number }): ClaimException {
  const details = { reasons: refusal.reasons };
  switch (refusal.code) {
    case 'campaign_not_active':
      return new ClaimException('campaign_not_active', 'This perk is not open for claims right now.', {
        details,
      });
    case 'score_not_available':
      return new ClaimException(
        'score_not_available',
        'Claiming needs a published score: connect your accounts, keep scoring consent on and wait for the next scoring run.',
        { details },
      );
    case 'below_score_threshold':
      return new ClaimException(
        'below_score_threshold',
        `This perk needs a score of at least ${context.minScore}.`,
        { details: { ...details, minScore: context.minScore } },
      );
    case 'not_eligible':
      return new ClaimException('not_eligible', 'This perk is aimed at other members.', { details });
    case 'sold_out':
      return soldOut();
  }
}

export function soldOut(reason?: 'code_pool_exhausted'): ClaimException {
  return new ClaimException(
    'sold_out',
    'Every unit of this perk is taken.',
    reason ? { details: { reason } } : undefined,
  );
}

export function alreadyClaimed(perUser: number): ClaimException {
  return new ClaimException(
    'already_claimed',
    perUser === 1
      ? 'You already hold this perk.'
      : `You already hold ${perUser} units of this perk, the most one member may.`,
    { details: { perUser } },
  );
}

/** The API error for an action on a claim that is no longer an open reservation. */
export function claimRefused(
  reason: ClaimRefusal,
  claim: Pick<ClaimRow, 'redeemedAt' | 'expiresAt'>,
): ClaimException {
  switch (reason) {
    case 'code_already_redeemed':
      return new ClaimException('code_already_redeemed', 'This code was already redeemed.', {
        details: { redeemedAt: claim.redeemedAt?.toISOString() ?? null },
      });
    case 'claim_expired':
      return new ClaimException('claim_expired', 'This reservation has expired.', {
        details: { expiresAt: claim.expiresAt.toISOString() },
      });
    case 'claim_cancelled':
      return new ClaimException('claim_cancelled', 'This claim was cancelled.');
    case 'claim_revoked':
      return new ClaimException('claim_revoked', 'This claim was revoked: the campaign was taken down.');
    case 'claim_not_redeemed':
      return new ClaimException(
        'claim_not_redeemed',
        'Posts can be submitted once the perk has been redeemed at the venue.',
      );
  }
}
