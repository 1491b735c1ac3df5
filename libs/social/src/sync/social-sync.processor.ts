import { Injectable } from '@nestjs/common';
import { JobProcessor, Processor } from '@perkrank/core';
import { SocialSyncService, type AccountSyncOutcome } from './social-sync.service';

import { SOCIAL_SYNC, type SocialSyncJob } from './social-sync.job';

export { SOCIAL_SYNC, type SocialSyncJob } from './social-sync.job';
/** Accounts per job run; the schedule comes back every 15 minutes for the rest. */
const BATCH = 100;

@Injectable()
@Processor({ name: SOCIAL_SYNC, cron: '*/15 * * * *', retryLimit: 1, expireInSeconds: 45 * 60 })
export class SocialSyncProcessor implements JobProcessor<SocialSyncJob, { synced: number; failed: number }> {
  constructor(private readonly sync: SocialSyncService) {}

  async handle(data: SocialSyncJob): Promise<{ synced: number; failed: number }> {
    const outcomes: AccountSyncOutcome[] = [];
    if (typeof data?.accountId === 'string') {
      const one = await this.sync.syncById(data.accountId);
      if (one) outcomes.push(one);
    } else {
      outcomes.push(...(await this.sync.syncDue(BATCH)));
    }
    return { synced: outcomes.filter((o) => o.ok).length, failed: outcomes.filter((o) => !o.ok).length };
  }
}
