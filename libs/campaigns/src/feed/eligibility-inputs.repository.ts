import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pgPool, statementName } from '@perkrank/core';
import { DataSource } from 'typeorm';
import type { CodeMode } from '../campaigns/campaign.entity';
import type { CampaignState, EligibilityCampaign, EligibilityMember, FundingStatus } from '../rules';

/** A submitted campaign as a claim sees it: what eligibility and claimability need, never null. */
export interface ClaimCampaignInput extends EligibilityCampaign {
  id: string;
  brandId: string;
  status: CampaignState;
  fundingStatus: FundingStatus;
  topics: string[];
  countries: string[];
  cities: string[];
  networks: string[];
  perUser: number;
  codesMode: CodeMode;
  claimTtlHours: number;
}

/** The campaign's columns and the member's, side by side in one row. */
type InputsRow = ClaimCampaignInput & {
  memberExists: boolean;
  score: number | null;
  memberTopics: string[] | null;
  memberCountry: string | null;
  memberCity: string | null;
  memberNetworks: string[] | null;
};

export interface EligibilityInputs {
  campaign: ClaimCampaignInput;
  /** Undefined when no such user exists. */
  member: EligibilityMember | undefined;
}

/**
 * The inputs of checkEligibility for one member and one campaign, read in one statement — the same
 * member profile the perk feed reads (the score only while they consent, topics, place, verified
 * networks), so a claim is judged exactly as the feed showed it. Drafts are not returned (their
 * fields may still be empty).
 */
@Injectable()
export class EligibilityInputsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async load(campaignId: string, memberId: string): Promise<EligibilityInputs | undefined> {
    const { rows } = await pgPool(this.db).query<InputsRow>({
      // Named, so pg plans it once per connection: it runs before every claim of a flash crowd
      // (unless a transaction-mode pooler that does not track prepared statements sits in between).
      name: statementName(this.db, 'campaigns_eligibility_inputs'),
      text: `SELECT c.id, c.brand_id AS "brandId", c.status, c.funding_status AS "fundingStatus",
              c.min_score AS "minScore", c.topics, c.networks, c.countries, c.cities,
              c.inventory_remaining AS "remaining", c.inventory_per_user AS "perUser",
              c.codes_mode AS "codesMode", c.starts_at AS "startsAt", c.ends_at AS "endsAt",
              c.claim_ttl_hours AS "claimTtlHours",
              u.id IS NOT NULL AS "memberExists", s.score, u.topics AS "memberTopics",
              u.country AS "memberCountry", u.city AS "memberCity",
              ARRAY(SELECT DISTINCT a.network FROM verified_social_accounts_v a
                     WHERE a.user_id = u.id) AS "memberNetworks"
         FROM campaigns c
         LEFT JOIN member_profiles_v u ON u.id = $2
         LEFT JOIN published_scores_v s ON s.user_id = u.id
        WHERE c.id = $1 AND c.status <> 'draft'`,
      values: [campaignId, memberId],
    });
    const row = rows[0];
    if (!row) return undefined;
    const { memberExists, score, memberTopics, memberCountry, memberCity, memberNetworks, ...campaign } = row;
    return {
      campaign,
      member: memberExists
        ? {
            score,
            topics: memberTopics ?? [],
            country: memberCountry,
            city: memberCity,
            verifiedNetworks: memberNetworks ?? [],
          }
        : undefined,
    };
  }
}
