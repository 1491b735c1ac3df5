import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared';
import { Clock } from '../time/clock';

export interface RateLimitState {
  hits: number;
  /** Seconds until the window resets. */
  retryAfter: number;
}

interface Attempt {
  limit: number;
  resolve: (state: RateLimitState & { allowed: boolean }) => void;
  reject: (error: unknown) => void;
}

/** The attempts on one bucket waiting for the statement in flight to come back. */
interface Lane {
  key: string;
  windowSeconds: number;
  busy: boolean;
  waiting: Attempt[];
}

/**
 * Fixed-window rate limiting in Postgres: one atomic upsert per hit, so replicas share counts and
 * concurrent hits never get lost.
 */
@Injectable()
export class RateLimiter {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit against `key` and returns the state after it. */
  hit(key: string, windowSeconds: number): Promise<RateLimitState> {
    return this.add(key, 1, windowSeconds);
  }

  /** Counts `n` hits in one statement; `hits` is the count after the last of them. */
  private async add(key: string, n: number, windowSeconds: number): Promise<RateLimitState> {
    const rows = await preparedQuery<{ hits: number; retry_after: number }>(
      this.db,
      'core_rate_limit_add',
      `INSERT INTO rate_limit_buckets AS b (key, window_started_at, hits) VALUES ($1, $2, $4)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN b.window_started_at <= $2::timestamptz - make_interval(secs => $3) THEN $4 ELSE b.hits + $4 END,
         window_started_at = CASE WHEN b.window_started_at <= $2::timestamptz - make_interval(secs => $3) THEN $2 ELSE b.window_started_at END
       RETURNING hits, extract(epoch FROM (window_started_at + make_interval(secs => $3) - $2::timestamptz))::float AS retry_after`,
      [key, this.clock.now(), windowSeconds, n],
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
  take(key: string, limit: number, windowSeconds: number): Promise<RateLimitState & { allowed: boolean }> {
    const id = `${windowSeconds}:${key}`;
    let lane = this.lanes.get(id);
    if (!lane) {
      lane = { key, windowSeconds, busy: false, waiting: [] };
      this.lanes.set(id, lane);
    }
    const attempt = new Promise<RateLimitState & { allowed: boolean }>((resolve, reject) =>
      lane.waiting.push({ limit, resolve, reject }),
    );
    if (!lane.busy) void this.drain(id, lane);
    return attempt;
  }

  /**
   * Group counting: while one bucket's statement is in flight, further attempts on that bucket in
   * this process wait and then go as one `hits + n` statement. Each attempt is still counted in
   * Postgres before it is answered, and numbered within its group (the i-th of n gets the count
   * before the group plus i), so N parallel attempts still let exactly `limit` through, across
   * processes too; a crowd from one address costs one statement per round trip, not per request.
   * An attempt alone goes at once.
   */
  private async drain(id: string, lane: Lane): Promise<void> {
    lane.busy = true;
    while (lane.waiting.length > 0) {
      const group = lane.waiting.splice(0);
      try {
        const state = await this.add(lane.key, group.length, lane.windowSeconds);
        const before = state.hits - group.length;
        group.forEach((attempt, i) => {
          const hits = before + i + 1;
          attempt.resolve({ hits, retryAfter: state.retryAfter, allowed: hits <= attempt.limit });
        });
      } catch (error) {
        for (const attempt of group) attempt.reject(error);
      }
    }
    lane.busy = false;
    this.lanes.delete(id);
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
