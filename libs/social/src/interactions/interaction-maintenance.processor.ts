import { Injectable } from '@nestjs/common';
import { Clock, JobProcessor, Processor } from '@perkrank/core';
import { MAX_WINDOW_DAYS } from '@perkrank/scoring';
import { InteractionRepository } from './interaction.repository';

export const INTERACTIONS_MAINTENANCE = 'social.interactions-maintenance';
const DAY_MS = 86_400_000;
/** Weeks created ahead of time, so writes never wait for DDL or land in the default partition. */
const AHEAD_DAYS = 21;

export interface MaintenanceOutcome {
  created: string[];
  dropped: string[];
  defaultRows: number;
  eventIds: number;
}

/**
 * Daily: creates the coming weeks' partitions, and forgets what left the scoring window (the longest model window, 180 days) — whole
 * weeks dropped (a cheap DROP TABLE, no row-by-row delete), stray default-partition rows and the
 * event ids of events that would be refused as too old anyway. A day of margin keeps every week
 * a run at "now" can still read.
 */
@Injectable()
@Processor({ name: INTERACTIONS_MAINTENANCE, cron: '7 0 * * *', retryLimit: 2 })
export class InteractionMaintenanceProcessor implements JobProcessor<unknown, MaintenanceOutcome> {
  constructor(
    private readonly interactions: InteractionRepository,
    private readonly clock: Clock,
  ) {}

  async handle(): Promise<MaintenanceOutcome> {
    const now = this.clock.now().getTime();
    const created = await this.interactions.ensurePartitions(
      now - (MAX_WINDOW_DAYS + 1) * DAY_MS,
      now + AHEAD_DAYS * DAY_MS,
    );
    const cutoff = now - (MAX_WINDOW_DAYS + 1) * DAY_MS;
    const { dropped, defaultRows } = await this.interactions.dropBefore(cutoff);
    const eventIds = await this.interactions.pruneEventIds(cutoff);
    return { created, dropped, defaultRows, eventIds };
  }
}
