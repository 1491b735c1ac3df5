import { Injectable } from '@nestjs/common';
import { AppException } from '@perkrank/core';
import { type Campaign, CampaignException, CampaignRepository } from '@perkrank/campaigns';
import { type AuthUser, BrandAccess, type BrandRole } from '@perkrank/identity';

/** Claims and codes are the owners' and managers' work; staff only look up and redeem. */
export const CAMPAIGN_CLAIM_ROLES: readonly BrandRole[] = ['owner', 'manager'];

/**
 * Loads a campaign for a member of its brand. Outsiders get the answer an unknown id gets, so a
 * campaign's existence never leaks across brands (as in the campaigns context).
 */
@Injectable()
export class CampaignGate {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly brands: BrandAccess,
  ) {}

  async load(caller: AuthUser, id: string, roles: readonly BrandRole[]): Promise<Campaign> {
    const campaign = await this.campaigns.findById(id);
    if (!campaign) throw CampaignException.campaignNotFound();
    try {
      await this.brands.require(caller, campaign.brandId, roles);
    } catch (error) {
      if (error instanceof AppException && error.kind === 'not_found')
        throw CampaignException.campaignNotFound();
      throw error;
    }
    return campaign;
  }
}
