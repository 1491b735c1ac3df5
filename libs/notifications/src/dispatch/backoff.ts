/**
 * When failed deliveries are tried again: the delay after the n-th failed attempt is
 * `schedule[n - 1]`; past the end the delivery gives up. Pure, so tests walk it with a moved clock.
 */
export interface RetrySchedule {
  /** Milliseconds after each failed attempt. */
  delaysMs: readonly number[];
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/**
 * Webhooks: first retry after 10 s, then widening gaps; 12 attempts over just under 3 days
 * (10 s + 1 min + 5 min + 30 min + 2 h + 5 h + 10 h + 10 h + 14 h + 14 h + 16 h ≈ 71.6 h).
 */
export const WEBHOOK_RETRIES: RetrySchedule = {
  delaysMs: [10 * S, 1 * M, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H, 14 * H, 14 * H, 16 * H],
};

/** Mail: 8 attempts over about 11 hours, then the dead letter an admin can retry. */
export const MAIL_RETRIES: RetrySchedule = {
  delaysMs: [30 * S, 2 * M, 10 * M, 30 * M, 1 * H, 3 * H, 6 * H],
};

/** The time of the next attempt after `attempts` failed ones, or undefined when they are used up. */
export function nextAttemptAt(schedule: RetrySchedule, attempts: number, now: Date): Date | undefined {
  if (attempts < 1 || attempts > schedule.delaysMs.length) return undefined;
  return new Date(now.getTime() + schedule.delaysMs[attempts - 1]);
}

export function maxAttempts(schedule: RetrySchedule): number {
  return schedule.delaysMs.length + 1;
}

/** Total time from the first attempt to the last. */
export function totalSpanMs(schedule: RetrySchedule): number {
  return schedule.delaysMs.reduce((a, b) => a + b, 0);
}
