/**
 * What the claims context announces (DomainEvents, inside the transaction of the change): other
 * contexts react without claims importing them — @perkrank/notifications mails the member and
 * writes the brand's webhook events.
 */
export const CLAIM_CREATED = 'claim.created';
export const CLAIM_REDEEMED = 'claim.redeemed';
export const CLAIM_CANCELLED = 'claim.cancelled';
export const CLAIM_EXPIRED = 'claim.expired';
export const CLAIM_CONTENT_SUBMITTED = 'claim.content_submitted';
/** An open reservation expires within 24 hours (announced by the claims.remind job, maybe more than once). */
export const CLAIM_EXPIRING_SOON = 'claim.expiring_soon';
/** A claim took the campaign's last unit (published by claims, which moves the stock). */
export const CAMPAIGN_SOLD_OUT = 'campaign.sold_out';

/** The claim as it stands after the change: its facts, the timestamps as ISO 8601. */
export interface ClaimEventPayload extends Record<string, unknown>, AsJson<ClaimFactsRow> {}

/** A row as JSON carries it: each instant an ISO 8601 string. */
type AsJson<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

export interface CampaignSoldOutPayload extends Record<string, unknown> {
  campaignId: string;
  brandId: string;
}

/** The columns every changing statement returns, for the event it publishes. */
export const CLAIM_FACTS = `id AS "claimId", campaign_id AS "campaignId", brand_id AS "brandId",
  member_id AS "memberId", code, code_kind AS "codeKind", status, reserved_at AS "reservedAt",
  expires_at AS "expiresAt", redeemed_at AS "redeemedAt", released_at AS "releasedAt",
  content_url AS "contentUrl"`;

export interface ClaimFactsRow {
  claimId: string;
  campaignId: string;
  brandId: string;
  memberId: string | null;
  code: string;
  codeKind: string;
  status: string;
  reservedAt: Date;
  expiresAt: Date;
  redeemedAt: Date | null;
  releasedAt: Date | null;
  contentUrl: string | null;
}

const iso = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

export function claimEventPayload(row: ClaimFactsRow): ClaimEventPayload {
  return {
    claimId: row.claimId,
    campaignId: row.campaignId,
    brandId: row.brandId,
    memberId: row.memberId,
    code: row.code,
    codeKind: row.codeKind,
    status: row.status,
    contentUrl: row.contentUrl,
    reservedAt: iso(row.reservedAt) ?? '',
    expiresAt: iso(row.expiresAt) ?? '',
    redeemedAt: iso(row.redeemedAt),
    releasedAt: iso(row.releasedAt),
  };
}
