import { Injectable } from '@nestjs/common';
import { Clock, ValidationFailedException } from '@perkrank/core';
import { CampaignAccess, type CampaignState } from '@perkrank/campaigns';
import type { AuthUser } from '@perkrank/identity';
import { ClaimException } from '../claims.exception';
import type { PoolCodesResponse } from '../claims/claim.dto';
import { dedupePoolCodes } from '../codes';
import { PoolCodeRepository } from './pool-code.repository';

/** A campaign that can no longer hand out codes has no use for more. */
const CLOSED: readonly CampaignState[] = ['rejected', 'ended', 'removed'];

/** Brand pool codes: uploads for campaigns that hand out the brand's own codes. */
@Injectable()
export class PoolCodeService {
  constructor(
    private readonly access: CampaignAccess,
    private readonly pool: PoolCodeRepository,
    private readonly clock: Clock,
  ) {}

  async add(caller: AuthUser, campaignId: string, codes: readonly string[]): Promise<PoolCodesResponse> {
    const { campaign } = await this.access.load(caller, campaignId, 'claims.manage');
    if (campaign.codesMode !== 'pool') {
      throw new ClaimException(
        'codes_not_accepted',
        'This campaign generates its codes; switch codes.mode to "pool" to upload your own.',
        { details: { codesMode: campaign.codesMode } },
      );
    }
    if (CLOSED.includes(campaign.status)) {
      throw new ClaimException(
        'campaign_not_active',
        `A campaign that is ${campaign.status} takes no more codes.`,
        {
          details: { status: campaign.status },
        },
      );
    }
    const batch = dedupePoolCodes(codes);
    if (batch.invalid.length > 0) {
      // All or nothing: a file with bad lines is fixed and sent again, never half-imported.
      const fields: Record<string, string[]> = {};
      for (const { index, reason } of batch.invalid) fields[`codes.${index}`] = [reason.replace('_', ' ')];
      throw new ValidationFailedException(fields);
    }
    const { added, poolSize } = await this.pool.add(
      campaignId,
      campaign.brandId,
      batch.accepted,
      this.clock.now(),
    );
    return { added, duplicates: codes.length - added, poolSize };
  }
}
