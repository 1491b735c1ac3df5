import { Injectable } from '@nestjs/common';
import { AppException } from '@perkrank/core';
import { type AuthUser, BrandAccess, type BrandRole } from '@perkrank/identity';
import { CampaignException } from '../campaign.exception';
import type { Campaign } from './campaign.entity';
import { CampaignRepository } from './campaign.repository';

export const BRAND_READERS: readonly BrandRole[] = ['owner', 'manager', 'staff'];
/** Staff exist to look up and redeem codes; campaigns are the owners' and managers' work. */
export const BRAND_EDITORS: readonly BrandRole[] = ['owner', 'manager'];

/**
 * Loads a campaign for a brand member. Someone outside the brand gets the very answer an unknown
 * id gets, so a campaign's existence never leaks across brands.
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
    roles: readonly BrandRole[],
    options: { withBrand?: boolean } = {},
  ): Promise<{ campaign: Campaign; role: BrandRole }> {
    const campaign = options.withBrand
      ? await this.campaigns.findWithBrand(id)
      : await this.campaigns.findById(id);
    if (!campaign) throw CampaignException.campaignNotFound();
    try {
      const role = await this.brands.require(caller, campaign.brandId, roles);
      return { campaign, role };
    } catch (error) {
      if (error instanceof AppException && error.kind === 'not_found')
        throw CampaignException.campaignNotFound();
      throw error;
    }
  }
}
