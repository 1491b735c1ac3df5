import { Injectable } from '@nestjs/common';
import { AppException } from '@perkrank/core';
import { type AuthUser, BrandAccess, type BrandPermission, type BrandRole } from '@perkrank/identity';
import { CampaignException } from '../campaign.exception';
import type { Campaign } from './campaign.entity';
import { CampaignRepository } from './campaign.repository';

/**
 * Loads a campaign for a brand member. Someone outside the brand gets the very answer an unknown
 * id gets, so a campaign's existence never leaks across brands. Used by every context that acts on
 * one campaign for its brand (campaigns, claims, pool codes).
 */
@Injectable()
export class CampaignAccess {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly brands: BrandAccess,
  ) {}

  async load(
    caller: AuthUser,
    id: string,
    permission: BrandPermission,
    options: { withBrand?: boolean } = {},
  ): Promise<{ campaign: Campaign; role: BrandRole }> {
    const campaign = options.withBrand
      ? await this.campaigns.findWithBrand(id)
      : await this.campaigns.findById(id);
    if (!campaign) throw CampaignException.campaignNotFound();
    try {
      const role = await this.brands.require(caller, campaign.brandId, permission);
      return { campaign, role };
    } catch (error) {
      if (error instanceof AppException && error.kind === 'not_found')
        throw CampaignException.campaignNotFound();
      throw error;
    }
  }
}
