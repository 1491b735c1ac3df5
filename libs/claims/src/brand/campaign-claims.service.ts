import { Injectable } from '@nestjs/common';
import { CampaignAccess } from '@perkrank/campaigns';
import { Clock, Page, keyAt, readPage } from '@perkrank/core';
import type { AuthUser } from '@perkrank/identity';
import type { CampaignClaimResponse, CampaignStatsResponse } from '../claims/claim.dto';
import { ClaimRepository } from '../claims/claim.repository';
import type { ClaimStatus } from '../claims/claim-state';
import { campaignClaimView } from '../claims/claim-view';

/** The brand's view of a campaign's claims: who claimed, what was redeemed and posted. */
@Injectable()
export class CampaignClaimsService {
  constructor(
    private readonly access: CampaignAccess,
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {}

  async list(
    caller: AuthUser,
    campaignId: string,
    query: { limit: number; cursor?: string; status?: ClaimStatus },
  ): Promise<Page<CampaignClaimResponse>> {
    await this.access.load(caller, campaignId, 'claims.manage');
    const now = this.clock.now();
    return readPage(
      query,
      (limit, after) => this.claims.listForCampaign(campaignId, limit, after, query.status),
      keyAt('reservedAt'),
      (row) => campaignClaimView(row, now),
    );
  }

  async stats(caller: AuthUser, campaignId: string): Promise<CampaignStatsResponse> {
    const { campaign } = await this.access.load(caller, campaignId, 'claims.manage');
    const counts = await this.claims.stats(campaignId, this.clock.now());
    return { total: campaign.inventoryTotal ?? 0, remaining: campaign.inventoryRemaining ?? 0, ...counts };
  }
}
