import { Injectable, Logger } from '@nestjs/common';
import { Clock, DomainEvents, JobProcessor, Processor } from '@perkrank/core';
import { CLAIM_EXPIRED, claimEventPayload } from '../claims/claim-events';
import { ClaimRepository } from '../claims/claim.repository';

export const CLAIMS_EXPIRE = 'claims.expire';

/** Reservations expired per statement: bounded so one run never holds thousands of row locks. */
const BATCH = 500;
/** Statements per run; what is left waits for the next minute. */
const MAX_BATCHES = 100;

/**
 * Expires overdue reservations and returns their units to stock, every minute. Nobody waits for it
 * to be correct: a reservation past its deadline already reads as expired and is refused at the
 * desk; this only brings the stored status and the stock up to date.
 */
@Injectable()
@Processor({ name: CLAIMS_EXPIRE, cron: '* * * * *', retryLimit: 2, expireInSeconds: 300 })
export class ClaimExpiryProcessor implements JobProcessor<unknown, { expired: number }> {
  private readonly logger = new Logger('ClaimExpiry');

  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async handle(): Promise<{ expired: number }> {
    let expired = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      // The batch and its claim.expired events (mails, brand webhooks) commit together.
      const n = await this.claims.transaction(async (manager) => {
        const rows = await this.claims.expireDue(this.clock.now(), BATCH, manager);
        for (const row of rows)
          await this.events.publish({ type: CLAIM_EXPIRED, payload: claimEventPayload(row) }, manager);
        return rows.length;
      });
      expired += n;
      if (n < BATCH) break;
    }
    if (expired > 0) this.logger.log({ expired }, `expired ${expired} reservation(s), units back in stock`);
    return { expired };
  }
}
