/**
 * Why a member may not claim a campaign now, as one refusal code of the API plus every failing
 * eligibility reason. Built on the campaigns context's checkEligibility — the very function the
 * perk feed explains itself with — so a perk shown as eligible is never refused for another reason.
 */
import {
  type CampaignState,
  checkEligibility,
  type EligibilityCampaign,
  type EligibilityMember,
  type EligibilityReason,
  type FundingStatus,
} from '@perkrank/campaigns';

export type ClaimAttemptRefusal =
  'campaign_not_active' | 'score_not_available' | 'below_score_threshold' | 'not_eligible' | 'sold_out';

export interface ClaimTarget extends EligibilityCampaign {
  status: CampaignState;
  fundingStatus: FundingStatus;
}

export interface ClaimRefusalResult {
  code: ClaimAttemptRefusal;
  reasons: EligibilityReason[];
}

/** Reasons that are about the member, not the campaign's state or stock. */
const PROFILE_REASONS: readonly EligibilityReason[] = [
  'topic_mismatch',
  'location_mismatch',
  'network_missing',
];

/**
 * The first refusal in the order a member can act on: a campaign that is not running, then the
 * score, then the rest of the profile, then stock (already_claimed is decided by the database).
 */
export function claimRefusal(
  campaign: ClaimTarget,
  member: EligibilityMember,
  now: Date,
): ClaimRefusalResult | undefined {
  const { reasons } = checkEligibility(campaign, member, now);
  const has = (reason: EligibilityReason): boolean => reasons.includes(reason);
  const funded = campaign.fundingStatus === 'funded' || campaign.fundingStatus === 'not_required';
  if (campaign.status !== 'approved' || !funded || has('not_started') || has('ended'))
    return { code: 'campaign_not_active', reasons };
  if (has('score_not_available')) return { code: 'score_not_available', reasons };
  if (has('below_score_threshold')) return { code: 'below_score_threshold', reasons };
  if (PROFILE_REASONS.some(has)) return { code: 'not_eligible', reasons };
  if (has('sold_out')) return { code: 'sold_out', reasons };
  return undefined;
}
