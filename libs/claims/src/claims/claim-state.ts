/**
 * The claim life cycle as pure rules. A reservation holds one unit until it is redeemed at the
 * front desk, cancelled by the member, revoked (the campaign was taken down) or expires. Services
 * check these rules for the answer they give; the conditional UPDATEs (status = 'reserved' AND
 * expires_at > now) make the same decision again in the database, so racing moves cannot both win.
 */

export const CLAIM_STATUSES = ['reserved', 'redeemed', 'expired', 'cancelled', 'revoked'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const CODE_KINDS = ['generated', 'pool'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];

export const CLAIM_EVENT_TYPES = [
  'reserved',
  'redeemed',
  'cancelled',
  'expired',
  'revoked',
  'content_submitted',
] as const;
export type ClaimEventType = (typeof CLAIM_EVENT_TYPES)[number];

export const CLAIM_ACTOR_TYPES = ['member', 'brand_user', 'api_key', 'admin', 'system'] as const;
export type ClaimActorType = (typeof CLAIM_ACTOR_TYPES)[number];

export type ClaimAction = 'redeem' | 'cancel' | 'submit_content';

/** Why a claim cannot take an action; each is an error code the API answers (docs/api.md). */
export type ClaimRefusal =
  'code_already_redeemed' | 'claim_expired' | 'claim_cancelled' | 'claim_revoked' | 'claim_not_redeemed';

export interface ClaimClock {
  status: ClaimStatus;
  expiresAt: Date;
}

/**
 * The status a reader should see: a reservation past its deadline is expired at once, whether or
 * not the sweep has moved it yet. Written as a negation so an invalid date reads as expired.
 */
export function effectiveStatus(claim: ClaimClock, now: Date): ClaimStatus {
  if (claim.status === 'reserved' && !(now.getTime() < claim.expiresAt.getTime())) return 'expired';
  return claim.status;
}

/** The refusal for a claim that is no longer an open reservation (or undefined if it is one). */
function closed(status: ClaimStatus): ClaimRefusal | undefined {
  switch (status) {
    case 'reserved':
      return undefined;
    case 'redeemed':
      return 'code_already_redeemed';
    case 'expired':
      return 'claim_expired';
    case 'cancelled':
      return 'claim_cancelled';
    case 'revoked':
      return 'claim_revoked';
  }
}

export type ClaimCheck = { ok: true } | { ok: false; reason: ClaimRefusal };

/** May `action` be taken on `claim` now? */
export function checkClaimAction(claim: ClaimClock, action: ClaimAction, now: Date): ClaimCheck {
  const status = effectiveStatus(claim, now);
  if (action === 'submit_content') {
    // The post is made after the stay: only a redeemed perk has one to show.
    return status === 'redeemed' ? { ok: true } : { ok: false, reason: 'claim_not_redeemed' };
  }
  const refusal = closed(status);
  return refusal === undefined ? { ok: true } : { ok: false, reason: refusal };
}

/** Statuses that hold a unit of stock and count against the member's per-campaign limit. */
export function holdsUnit(status: ClaimStatus): boolean {
  return status === 'reserved' || status === 'redeemed';
}
