import { Injectable } from '@nestjs/common';
import { JobProcessor, Processor } from '@perkrank/core';
import { SCORES_RUN, ScoringRunService } from './scoring-run.service';

export interface ScoringRunJob {
  /** The run an admin requested; absent for the nightly schedule, which creates its own. */
  runId?: string;
}

/** Nightly at 02:30 UTC, and whenever an admin asks (POST /v1/admin/scoring/runs). */
@Injectable()
@Processor({
  name: SCORES_RUN,
  cron: '30 2 * * *',
  retryLimit: 1,
  retryDelaySeconds: 60,
  expireInSeconds: 3 * 3600,
})
export class ScoringRunProcessor implements JobProcessor<
  ScoringRunJob,
  { runId: string; members: number | null }
> {
  constructor(private readonly runs: ScoringRunService) {}

  async handle(data: ScoringRunJob): Promise<{ runId: string; members: number | null }> {
    const run =
      typeof data?.runId === 'string'
        ? await this.runs.execute(data.runId)
        : await this.runs.runNow('schedule');
    return { runId: run.id, members: run.members };
  }
}

export const SCORES_RECOVER = 'scores.recover';

/**
 * Every minute: a run whose worker was killed mid-run (still 'running', its lock free) is run again
 * by a live worker, instead of waiting hours for the queue to expire the dead worker's job.
 */
@Injectable()
@Processor({ name: SCORES_RECOVER, cron: '* * * * *', retryLimit: 0, expireInSeconds: 3 * 3600 })
export class ScoringRunRecoveryProcessor implements JobProcessor<unknown, { recovered: string | null }> {
  constructor(private readonly runs: ScoringRunService) {}

  async handle(): Promise<{ recovered: string | null }> {
    return { recovered: await this.runs.recoverInterrupted() };
  }
}
