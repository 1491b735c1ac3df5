import { Injectable, Logger } from '@nestjs/common';
import { Clock, DomainEvents, JobProcessor, Processor } from '@perkrank/core';
import { CampaignRepository } from '../campaigns/campaign.repository';
import { CAMPAIGN_STATES, transition } from '../rules';

export const CAMPAIGNS_EXPIRE = 'campaigns.expire';

/** The states the scheduler may end, read from the state machine rather than repeated here. */
const EXPIRABLE = CAMPAIGN_STATES.filter((state) => transition(state, 'expire', 'system').ok);

/**
 * Ends live and paused campaigns whose window has closed, every minute. Claimability never waits
 * for this job (the window is checked on every read); it only makes the stored status catch up.
 */
@Injectable()
@Processor({ name: CAMPAIGNS_EXPIRE, cron: '* * * * *', retryLimit: 2, expireInSeconds: 300 })
export class CampaignExpiryProcessor implements JobProcessor<unknown, { ended: number }> {
  private readonly logger = new Logger('CampaignExpiry');

  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async handle(): Promise<{ ended: number }> {
    // Ending and its consequences (pro-rata refunds, say) commit together.
    const ended = await this.campaigns.transaction(async (manager) => {
      const rows = await this.campaigns.endExpired(EXPIRABLE, 'ended', this.clock.now(), manager);
      for (const row of rows) {
        await this.events.publish(
          { type: 'campaign.ended', payload: { campaignId: row.id, brandId: row.brandId, action: 'expire' } },
          manager,
        );
      }
      return rows.map((row) => row.id);
    });
    if (ended.length > 0)
      this.logger.log({ campaigns: ended }, `ended ${ended.length} campaign(s) past their window`);
    return { ended: ended.length };
  }
}
