import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../time/clock';

export interface RateLimitState {
  hits: number;
  /** Seconds until the window resets. */
  retryAfter: number;
}

/**
 * Fixed-window rate limiting in Postgres: one atomic upsert per hit, so replicas share counts and
 * concurrent hits never get lost.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit against `key` and returns the state after it. */
  async hit(key: string, windowSeconds: number): Promise<RateLimitState> {
    const rows: Array<{ hits: number; retry_after: number }> = await this.db.query(
      `INSERT INTO rate_limit_buckets AS b (key, window_started_at, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN b.window_started_at <= $2::timestamptz - make_interval(secs => $3) THEN 1 ELSE b.hits + 1 END,
         window_started_at = CASE WHEN b.window_started_at <= $2::timestamptz - make_interval(secs => $3) THEN $2 ELSE b.window_started_at END
       RETURNING hits, extract(epoch FROM (window_started_at + make_interval(secs => $3) - $2::timestamptz))::float AS retry_after`,
      [key, this.clock.now(), windowSeconds],
    );
    return { hits: rows[0].hits, retryAfter: Math.max(1, Math.ceil(rows[0].retry_after)) };
  }

  /** The current count for `key` without counting a hit (0 once the window has passed). */
  async peek(key: string, windowSeconds: number): Promise<RateLimitState> {
    const rows: Array<{ hits: number; retry_after: number }> = await this.db.query(
      `SELECT hits, extract(epoch FROM (window_started_at + make_interval(secs => $3) - $2::timestamptz))::float AS retry_after
         FROM rate_limit_buckets WHERE key = $1 AND window_started_at > $2::timestamptz - make_interval(secs => $3)`,
      [key, this.clock.now(), windowSeconds],
    );
    if (rows.length === 0) return { hits: 0, retryAfter: 0 };
    return { hits: rows[0].hits, retryAfter: Math.max(1, Math.ceil(rows[0].retry_after)) };
  }

  /**
   * Increment-then-decide: counts this attempt and says whether it is within `limit`, in one
   * statement, so N parallel attempts let exactly `limit` through (never read-then-write).
   */
  async take(
    key: string,
    limit: number,
    windowSeconds: number,
  ): Promise<RateLimitState & { allowed: boolean }> {
    const state = await this.hit(key, windowSeconds);
    return { ...state, allowed: state.hits <= limit };
  }

  /** Gives back one attempt taken with `take` (it succeeded, or another limit refused it). */
  async release(key: string): Promise<void> {
    await this.db.query('UPDATE rate_limit_buckets SET hits = GREATEST(hits - 1, 0) WHERE key = $1', [key]);
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limit_buckets WHERE key = $1', [key]);
  }

  /**
   * Forgets `key` and every counter under it (`<key>:…`), in the caller's transaction: an erasure
   * removes the counters that name the person.
   */
  async forget(key: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `DELETE FROM rate_limit_buckets WHERE key = $1 OR left(key, length($1) + 1) = $1 || ':'`,
      [key],
    );
  }

  /** Drops buckets whose window ended more than `olderThanSeconds` ago (maintenance job). */
  async purge(olderThanSeconds: number): Promise<number> {
    const result: [unknown[], number] = await this.db.query(
      `DELETE FROM rate_limit_buckets WHERE window_started_at < $1::timestamptz - make_interval(secs => $2)`,
      [this.clock.now(), olderThanSeconds],
    );
    return result[1];
  }
}
