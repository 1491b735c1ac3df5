import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@perkrank/core';
import type { DataSource } from 'typeorm';
import type { HostBudget } from '../connectors/connector-http';

export interface BudgetLimits {
  /** Requests per window to a host (all kinds). */
  requests: number;
  windowSeconds: number;
  /** Mastodon: requests with min_id/max_id/since_id, logged out, per IP. */
  paging?: { requests: number; windowSeconds: number };
}

/**
 * Default budgets, a little under the networks' published per-IP limits (the rest is left for
 * verification requests and for a second process sharing the address): Mastodon's
 * `throttle_unauthenticated_api` 300 / 5 min and `throttle_unauthenticated_paging` 300 / 15 min;
 * Bluesky's public AppView 3000 / 5 min.
 */
export const MASTODON_BUDGET: BudgetLimits = {
  requests: 270,
  windowSeconds: 300,
  paging: { requests: 270, windowSeconds: 900 },
};
export const BLUESKY_BUDGET: BudgetLimits = { requests: 2700, windowSeconds: 300 };

/**
 * The per-host request budget in Postgres: one atomic upsert per request and key, so parallel
 * workers (and processes) never spend more than the budget between them.
 */
@Injectable()
export class SocialHostBudgets {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** A HostBudget with these limits (one per network). */
  for(limits: BudgetLimits): HostBudget {
    return {
      take: (host, paging) => this.take(host, paging, limits),
      block: (host, until) => this.block(host, until),
    };
  }

  /** Spends one request; 0 when allowed, else ms until the host may be asked again. */
  async take(host: string, paging: boolean, limits: BudgetLimits): Promise<number> {
    const now = this.clock.now();
    const [blocked]: Array<{ until: Date | null }> = await this.db.query(
      `SELECT blocked_until AS until FROM social_host_budgets WHERE key = $1`,
      [host],
    );
    if (blocked?.until && blocked.until.getTime() > now.getTime())
      return blocked.until.getTime() - now.getTime();
    const windows: Array<[string, number, number]> = [];
    if (paging && limits.paging)
      windows.push([`${host}#paging`, limits.paging.requests, limits.paging.windowSeconds]);
    windows.push([host, limits.requests, limits.windowSeconds]);
    for (const [key, limit, seconds] of windows) {
      // Counts the request only when the window has room (the WHERE refuses the update otherwise).
      const granted: unknown[] = await this.db.query(
        `INSERT INTO social_host_budgets AS b (key, window_started_at, used) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           used = CASE WHEN b.window_started_at <= $2::timestamptz - make_interval(secs => $3) THEN 1 ELSE b.used + 1 END,
           window_started_at = CASE WHEN b.window_started_at <= $2::timestamptz - make_interval(secs => $3)
                                    THEN $2 ELSE b.window_started_at END
         WHERE b.window_started_at <= $2::timestamptz - make_interval(secs => $3) OR b.used < $4
         RETURNING used`,
        [key, now, seconds, limit],
      );
      if (granted.length === 0) {
        const [row]: Array<{ ends: Date }> = await this.db.query(
          `SELECT window_started_at + make_interval(secs => $2) AS ends FROM social_host_budgets WHERE key = $1`,
          [key, seconds],
        );
        return Math.max(1000, row.ends.getTime() - now.getTime());
      }
    }
    return 0;
  }

  async block(host: string, until: number): Promise<void> {
    await this.db.query(
      `INSERT INTO social_host_budgets AS b (key, window_started_at, used, blocked_until) VALUES ($1, $2, 0, $3)
       ON CONFLICT (key) DO UPDATE SET blocked_until = GREATEST(COALESCE(b.blocked_until, $3), $3)`,
      [host, this.clock.now(), new Date(until)],
    );
  }
}
