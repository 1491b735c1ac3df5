import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { isUniqueViolation } from '@perkrank/identity';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ValidAccount } from '../interactions/interaction-validation';
import { SocialAccount } from './social-account.entity';
import { SocialAccountStats } from './social-account-stats.entity';

export interface AccountCounts {
  followers: number;
  following: number;
  /** Posts in the scoring window; null when unknown (left as stored). */
  posts: number | null;
}

/** A verified account as a scoring run reads it: the member, the native id and today's counts. */
export interface ScoredAccountRow {
  accountId: string;
  userId: string;
  network: string;
  nativeId: string | null;
  followers: number;
  following: number;
  posts: number;
}

/** Columns of verified accounts written in bulk, one array per column, index-aligned. */
export interface VerifiedAccountBatch {
  id: string[];
  user: string[];
  network: string[];
  handle: string[];
  nativeId: string[];
  followers: number[];
  following: number[];
  posts: number[];
  /** Followers before a bought-follower spike (equal to `followers` without one). */
  before: number[];
}

@Injectable()
export class SocialAccountRepository {
  constructor(
    @InjectRepository(SocialAccount) private readonly accounts: Repository<SocialAccount>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Inserts; false when the member already connected this handle on this network. */
  async insert(account: SocialAccount): Promise<boolean> {
    try {
      await this.accounts.insert(account as QueryDeepPartialEntity<SocialAccount>);
      return true;
    } catch (error) {
      if (isUniqueViolation(error, 'uq_social_accounts_user_handle')) return false;
      throw error;
    }
  }

  findOwned(userId: string, id: string): Promise<SocialAccount | null> {
    return this.accounts.findOneBy({ id, userId });
  }

  findById(id: string): Promise<SocialAccount | null> {
    return this.accounts.findOneBy({ id });
  }

  listOwned(userId: string): Promise<SocialAccount[]> {
    return this.accounts.find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async deleteOwned(userId: string, id: string): Promise<boolean> {
    const result = await this.accounts.delete({ id, userId });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Marks an account verified with what the network (or an admin) said. False when another
   * member already verified this handle or native id (the partial unique indexes decide).
   */
  async markVerified(
    id: string,
    change: {
      nativeId: string | null;
      handle?: string;
      verifiedAt: Date;
      verifiedBy: string | null;
      counts?: AccountCounts;
      syncState?: Record<string, unknown> | null;
    },
    manager?: EntityManager,
  ): Promise<boolean> {
    const repo = manager ? manager.getRepository(SocialAccount) : this.accounts;
    try {
      await repo.update(
        { id },
        {
          status: 'verified',
          nativeId: change.nativeId,
          ...(change.handle !== undefined ? { handle: change.handle } : {}),
          verifiedAt: change.verifiedAt,
          verifiedBy: change.verifiedBy,
          ...(change.syncState !== undefined
            ? { syncState: change.syncState as QueryDeepPartialEntity<Record<string, unknown>> }
            : {}),
          ...(change.counts
            ? {
                followers: change.counts.followers,
                following: change.counts.following,
                ...(change.counts.posts !== null ? { posts: change.counts.posts } : {}),
              }
            : {}),
        },
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Verified accounts on `networks` not synced since `before`, oldest sync first. */
  dueForSync(networks: string[], before: Date, limit: number): Promise<SocialAccount[]> {
    return this.accounts
      .createQueryBuilder('a')
      .where(`a.status = 'verified'`)
      .andWhere('a.network IN (:...networks)', { networks })
      .andWhere('(a.lastSyncedAt IS NULL OR a.lastSyncedAt < :before)', { before })
      .orderBy('a.lastSyncedAt', 'ASC', 'NULLS FIRST')
      .addOrderBy('a.id', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Stores a sync's outcome on the account and today's counts, in the caller's transaction. */
  async recordSync(
    manager: EntityManager,
    id: string,
    outcome: { counts: AccountCounts; syncState: Record<string, unknown>; syncedAt: Date; handle?: string },
  ): Promise<void> {
    if (outcome.handle !== undefined) await this.renameIfFree(manager, id, outcome.handle);
    await manager.getRepository(SocialAccount).update(
      { id },
      {
        followers: outcome.counts.followers,
        following: outcome.counts.following,
        ...(outcome.counts.posts !== null ? { posts: outcome.counts.posts } : {}),
        syncState: outcome.syncState as QueryDeepPartialEntity<Record<string, unknown>>,
        lastSyncedAt: outcome.syncedAt,
      },
    );
    await this.upsertDailyCounts(manager, [id], outcome.syncedAt);
  }

  /** A sync checkpoint: the state to resume from (the account's counts come with the last page). */
  async saveSyncState(manager: EntityManager, id: string, syncState: Record<string, unknown>): Promise<void> {
    await manager.query(
      `UPDATE social_accounts SET sync_state = $2::jsonb, updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(syncState)],
    );
  }

  /**
   * The network says the account's handle changed (Bluesky): follow it, unless another verified
   * account already holds that handle (then the old one stays; the DID is what syncs use).
   */
  private async renameIfFree(manager: EntityManager, id: string, handle: string): Promise<void> {
    await manager.query(
      `UPDATE social_accounts sa SET handle = $2, updated_at = now()
        WHERE sa.id = $1 AND sa.handle <> $2
          AND NOT EXISTS (SELECT 1 FROM social_accounts o WHERE o.network = sa.network AND o.handle = $2
                            AND (o.status = 'verified' OR o.user_id = sa.user_id))`,
      [id, handle],
    );
  }

  /** Notes a failed sync so the account is not retried at once, keeping its state. */
  async recordSyncFailure(id: string, at: Date, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE social_accounts SET last_synced_at = $2,
              sync_state = COALESCE(sync_state, '{}'::jsonb) || jsonb_build_object('lastError', $3::text, 'lastErrorAt', $2::timestamptz)
        WHERE id = $1`,
      [id, at, reason],
    );
  }

  /** Writes today's counts of `ids` (from their current columns) into the daily series. */
  async upsertDailyCounts(manager: EntityManager, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `INSERT INTO social_account_stats (account_id, day, followers, following, posts)
       SELECT id, ($2::timestamptz AT TIME ZONE 'UTC')::date, COALESCE(followers, 0), COALESCE(following, 0), COALESCE(posts, 0)
         FROM social_accounts WHERE id = ANY($1::uuid[])
       ON CONFLICT (account_id, day) DO UPDATE
         SET followers = EXCLUDED.followers, following = EXCLUDED.following, posts = EXCLUDED.posts`,
      [ids, at],
    );
  }

  /**
   * Applies account records from ingestion to the verified accounts they name — by native id, or
   * by handle while the native id is unknown (which it then learns) — and records the day's
   * counts. Records for accounts that are not members' are ignored. Returns how many matched.
   */
  async applyAccountRecords(manager: EntityManager, records: ValidAccount[], at: Date): Promise<number> {
    if (records.length === 0) return 0;
    // The last record for an account wins, as if they had been sent one by one.
    const latest = new Map<string, ValidAccount>();
    for (const r of records) latest.set(`${r.network}\0${r.id}`, r);
    const list = [...latest.values()];
    const [matched] = await manager.query<[Array<{ id: string }>, number]>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[])
           AS i(network, native_id, handle, followers, following, posts)
       ), matched AS (
         SELECT DISTINCT ON (sa.id) sa.id, i.native_id, i.followers, i.following, i.posts
           FROM input i
           JOIN social_accounts sa ON sa.status = 'verified' AND sa.network = i.network
            AND (sa.native_id = i.native_id
                 OR (sa.native_id IS NULL AND i.handle IS NOT NULL AND sa.handle = i.handle
                     AND NOT EXISTS (SELECT 1 FROM social_accounts o WHERE o.status = 'verified'
                                       AND o.network = i.network AND o.native_id = i.native_id)))
          ORDER BY sa.id, (sa.native_id = i.native_id) DESC NULLS LAST
       )
       UPDATE social_accounts sa
          SET native_id = m.native_id, followers = m.followers, following = m.following, posts = m.posts,
              updated_at = now()
         FROM matched m WHERE sa.id = m.id
       RETURNING sa.id`,
      [
        list.map((r) => r.network),
        list.map((r) => r.id),
        list.map((r) => r.handle ?? null),
        list.map((r) => r.followers),
        list.map((r) => r.following),
        list.map((r) => r.posts),
      ],
    );
    const ids = matched.map((r) => r.id);
    await this.upsertDailyCounts(manager, ids, at);
    return ids.length;
  }

  /**
   * Learns the native ids of verified accounts known only by handle from events that name both
   * (an admin-verified X account, say, whose feeder sends ids). Handles are unique among verified
   * accounts, and an id another verified account holds is never taken.
   */
  async learnNativeIds(
    manager: EntityManager,
    pairs: ReadonlyArray<{ network: string; handle: string; nativeId: string }>,
  ): Promise<number> {
    if (pairs.length === 0) return 0;
    const [, updated] = await manager.query<[unknown, number]>(
      `UPDATE social_accounts sa SET native_id = i.native_id, updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS i(network, handle, native_id)
        WHERE sa.status = 'verified' AND sa.native_id IS NULL AND sa.network = i.network AND sa.handle = i.handle
          AND NOT EXISTS (SELECT 1 FROM social_accounts o WHERE o.status = 'verified'
                            AND o.network = i.network AND o.native_id = i.native_id)`,
      [pairs.map((p) => p.network), pairs.map((p) => p.handle), pairs.map((p) => p.nativeId)],
    );
    return updated;
  }

  /** Whether any verified account still lacks its native id (else handle matching is skipped). */
  async anyVerifiedWithoutNativeId(): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM social_accounts WHERE status = 'verified' AND native_id IS NULL LIMIT 1`,
    );
    return rows.length > 0;
  }

  /**
   * Every verified account of the members a scoring run scores — consenting, active — with the
   * counts it reads. Ordered by member, so runs number members the same way every time.
   */
  async scoredAccounts(): Promise<ScoredAccountRow[]> {
    return this.db.query(
      `SELECT sa.id AS "accountId", sa.user_id AS "userId", sa.network, sa.native_id AS "nativeId",
              COALESCE(sa.followers, 0) AS followers, COALESCE(sa.following, 0) AS following,
              COALESCE(sa.posts, 0) AS posts
         FROM social_accounts sa JOIN member_profiles_v u ON u.id = sa.user_id
        WHERE sa.status = 'verified' AND u.scoring_consent AND u.status = 'active'
        ORDER BY sa.user_id, sa.id`,
    );
  }

  /** The daily follower counts of `accountIds` since `from` (UTC date), oldest first per account. */
  async followerSeries(accountIds: string[], from: Date): Promise<Map<string, number[]>> {
    const series = new Map<string, number[]>();
    if (accountIds.length === 0) return series;
    const rows: Array<{ account_id: string; followers: number }> = await this.db.query(
      `SELECT account_id, followers FROM social_account_stats
        WHERE account_id = ANY($1::uuid[]) AND day >= ($2::timestamptz AT TIME ZONE 'UTC')::date
        ORDER BY account_id, day`,
      [accountIds, from],
    );
    for (const r of rows) {
      const list = series.get(r.account_id);
      if (list) list.push(r.followers);
      else series.set(r.account_id, [r.followers]);
    }
    return series;
  }

  /** The native ids of a member's accounts (any status), for erasure and export. */
  async nativeIdsOf(
    userId: string,
    manager: EntityManager,
  ): Promise<Array<{ network: string; nativeId: string }>> {
    return manager.query(
      `SELECT network, native_id AS "nativeId" FROM social_accounts WHERE user_id = $1 AND native_id IS NOT NULL`,
      [userId],
    );
  }

  /** Daily counts of a member's accounts, for their export. */
  statsOf(userId: string, manager: EntityManager): Promise<SocialAccountStats[]> {
    return manager.query(
      `SELECT s.account_id AS "accountId", s.day::text AS day, s.followers, s.following, s.posts
         FROM social_account_stats s JOIN social_accounts a ON a.id = s.account_id
        WHERE a.user_id = $1 ORDER BY s.account_id, s.day`,
      [userId],
    );
  }

  /**
   * Bulk-inserts verified accounts with their counts (the synthetic world): today's counts, and
   * for an account with bought followers (`before` < `followers`) the day before they arrived.
   * One transaction per call.
   */
  async insertVerifiedBatch(
    rows: VerifiedAccountBatch,
    now: Date,
    today: string,
    spikeDay: string,
  ): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO social_accounts (id, user_id, network, handle, native_id, status, verification_token, verified_at,
                                      followers, following, posts, created_at, updated_at)
         SELECT id, user_id, network, handle, native_id, 'verified', 'generated', $9, followers, following, posts, $9, $9
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[])
             AS s(id, user_id, network, handle, native_id, followers, following, posts)`,
        [
          rows.id,
          rows.user,
          rows.network,
          rows.handle,
          rows.nativeId,
          rows.followers,
          rows.following,
          rows.posts,
          now,
        ],
      );
      await manager.query(
        `INSERT INTO social_account_stats (account_id, day, followers, following, posts)
         SELECT id, $5::date, followers, following, posts
           FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[]) AS s(id, followers, following, posts)
         UNION ALL
         SELECT id, $6::date, before, following, posts
           FROM unnest($1::uuid[], $7::int[], $3::int[], $4::int[], $2::int[]) AS s(id, before, following, posts, followers)
          WHERE before < followers`,
        [rows.id, rows.followers, rows.following, rows.posts, today, spikeDay, rows.before],
      );
    });
  }
}
