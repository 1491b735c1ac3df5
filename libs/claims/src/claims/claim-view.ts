import { perkDetails, placeOf } from '@perkrank/campaigns';
import { formatCode } from '../codes';
import type {
  CampaignClaimResponse,
  ClaimContentView,
  ClaimCreatedResponse,
  ClaimPerkView,
  MemberClaimResponse,
  RedemptionResponse,
} from './claim.dto';
import type { ClaimRow, ReservedClaim } from './claim.repository';
import { effectiveStatus } from './claim-state';

/** What a member is told to do when the brand requires disclosure. */
export const DISCLOSURE_NOTE =
  'Mark your post about this perk as an ad (e.g. #ad or the platform’s paid-partnership label) and name the brand.';

/** Generated codes are shown grouped; a brand's pool codes as they issued them (normalised). */
export function displayCode(claim: Pick<ClaimRow, 'code' | 'codeKind'>): string {
  return claim.codeKind === 'generated' ? formatCode(claim.code) : claim.code;
}

export function createdView(
  claim: Omit<ReservedClaim, 'remaining' | 'brandId' | 'memberId'>,
  now: Date,
): ClaimCreatedResponse {
  return {
    id: claim.id,
    campaignId: claim.campaignId,
    code: displayCode(claim),
    status: effectiveStatus(claim, now),
    reservedAt: claim.reservedAt,
    expiresAt: claim.expiresAt,
    scoreAtClaim: claim.scoreAtClaim,
  };
}

function perkView(row: ClaimRow): ClaimPerkView {
  return { title: row.title, ...perkDetails(row) };
}

function contentView(row: ClaimRow): ClaimContentView | null {
  return row.contentUrl !== null && row.contentSubmittedAt !== null
    ? { url: row.contentUrl, submittedAt: row.contentSubmittedAt }
    : null;
}

export function memberView(row: ClaimRow, now: Date): MemberClaimResponse {
  return {
    ...createdView(row, now),
    redeemedAt: row.redeemedAt,
    perk: perkView(row),
    brand: { id: row.brandId, name: row.brandName },
    location: placeOf(row),
    disclosureRequired: row.disclosureRequired,
    disclosure: row.disclosureRequired ? DISCLOSURE_NOTE : null,
    content: contentView(row),
  };
}

export function campaignClaimView(row: ClaimRow, now: Date): CampaignClaimResponse {
  return {
    id: row.id,
    code: displayCode(row),
    status: effectiveStatus(row, now),
    member: { displayName: row.memberName },
    scoreAtClaim: row.scoreAtClaim,
    reservedAt: row.reservedAt,
    expiresAt: row.expiresAt,
    redeemedAt: row.redeemedAt,
    content: contentView(row),
  };
}

export function redemptionView(row: ClaimRow, now: Date): RedemptionResponse {
  return {
    claim: {
      id: row.id,
      campaignId: row.campaignId,
      code: displayCode(row),
      status: effectiveStatus(row, now),
      reservedAt: row.reservedAt,
      expiresAt: row.expiresAt,
      redeemedAt: row.redeemedAt,
      scoreAtClaim: row.scoreAtClaim,
      disclosureRequired: row.disclosureRequired,
    },
    member: { displayName: row.memberName, scoreAtClaim: row.scoreAtClaim, scoreNow: row.scoreNow },
    perk: { campaignId: row.campaignId, ...perkView(row) },
  };
}
