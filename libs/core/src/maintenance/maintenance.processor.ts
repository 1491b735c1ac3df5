import { Injectable } from '@nestjs/common';
import { IdempotencyRepository } from '../idempotency/idempotency.repository';
import { Processor, JobProcessor } from '../jobs/job.decorator';
import { RateLimiter } from '../rate-limit/rate-limiter.service';
import { Clock } from '../time/clock';

export const MAINTENANCE_PURGE = 'maintenance.purge';

/** Hourly clean-up of short-lived rows: expired idempotency keys and finished rate-limit windows. */
@Injectable()
@Processor({ name: MAINTENANCE_PURGE, cron: '17 * * * *', retryLimit: 2 })
export class MaintenanceProcessor implements JobProcessor<
  unknown,
  { idempotencyKeys: number; rateLimitBuckets: number }
> {
  constructor(
    private readonly idempotency: IdempotencyRepository,
    private readonly rateLimiter: RateLimiter,
    private readonly clock: Clock,
  ) {}

  async handle(): Promise<{ idempotencyKeys: number; rateLimitBuckets: number }> {
    const idempotencyKeys = await this.idempotency.purgeExpired(this.clock.now());
    const rateLimitBuckets = await this.rateLimiter.purge(24 * 3600);
    return { idempotencyKeys, rateLimitBuckets };
  }
}
