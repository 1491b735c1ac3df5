import { Injectable, Logger } from '@nestjs/common';
import { Clock, DomainEvents, JobProcessor, Processor } from '@perkrank/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CLAIM_EXPIRING_SOON,
  CLAIM_FACTS,
  type ClaimFactsRow,
  claimEventPayload,
} from '../claims/claim-events';

export const CLAIMS_REMIND = 'claims.remind';

/**
 * Every 15 minutes: announces `claim.expiring_soon` for open reservations that expire within the
 * next 24 hours and were made more than 24 hours before their deadline (a reservation that short
 * needs no reminder). Each claim falls in the one-hour window of a few runs; subscribers dedupe on
 * the claim id (notifications sends one mail per claim).
 */
@Injectable()
@Processor({ name: CLAIMS_REMIND, cron: '*/15 * * * *', retryLimit: 1, expireInSeconds: 300 })
export class ClaimReminderProcessor implements JobProcessor<unknown, { announced: number }> {
  private readonly logger = new Logger('ClaimReminder');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async handle(): Promise<{ announced: number }> {
    const now = this.clock.now();
    const announced = await this.db.transaction(async (manager) => {
      const rows: ClaimFactsRow[] = await manager.query(
        `SELECT ${CLAIM_FACTS}
           FROM claims
          WHERE status = 'reserved' AND member_id IS NOT NULL
            AND expires_at > $1::timestamptz + interval '23 hours' AND expires_at <= $1::timestamptz + interval '24 hours'
            AND expires_at - reserved_at > interval '24 hours'
          LIMIT 5000`,
        [now],
      );
      for (const row of rows)
        await this.events.publish({ type: CLAIM_EXPIRING_SOON, payload: claimEventPayload(row) }, manager);
      return rows.length;
    });
    if (announced > 0) this.logger.log({ announced }, `${announced} reservation(s) expire within 24 h`);
    return { announced };
  }
}
