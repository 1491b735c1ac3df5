import { Injectable } from '@nestjs/common';
import { JobProcessor, Processor } from '@perkrank/core';
import { SOCIAL_VERIFY, SocialAccountService } from './social-account.service';

export interface SocialVerifyJob {
  accountId: string;
  attempt: number;
}

/** Checks a pending account again later (Bluesky's public AppView answers from a cache). */
@Injectable()
@Processor({ name: SOCIAL_VERIFY, retryLimit: 1 })
export class SocialVerifyProcessor implements JobProcessor<SocialVerifyJob, { outcome: string }> {
  constructor(private readonly accounts: SocialAccountService) {}

  async handle(data: SocialVerifyJob): Promise<{ outcome: string }> {
    if (typeof data?.accountId !== 'string') return { outcome: 'invalid' };
    const attempt = Number.isInteger(data.attempt) && data.attempt > 0 ? data.attempt : 1;
    return { outcome: await this.accounts.recheck(data.accountId, attempt) };
  }
}
