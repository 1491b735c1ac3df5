import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@perkrank/identity';
import { DataSource } from 'typeorm';

/** Audit-log actions that mark a demo seed: started, and completed. Written by nobody else. */
export const SEED_STARTED = 'demo.seed_started';
export const SEED_COMPLETED = 'demo.seeded';
/** Serialises two processes deciding at once whether to seed. */
const SEED_LOCK = 7_150_007;

export type SeedStart = 'started' | 'completed' | 'interrupted' | 'not_empty';

export interface ScoredMember {
  id: string;
  email: string;
  displayName: string;
  score: number;
}

/**
 * The few reads and writes the demo needs that no domain service offers: whether the database is
 * still empty, the seed markers, and picking scored generated members.
 */
@Injectable()
export class DemoRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Decides, under a lock, whether this process seeds: only a database without any account and
   * without an earlier seed. `started` records the start marker in the same transaction, so a
   * seed that dies half-way is recognised as `interrupted` afterwards, never silently as data.
   */
  async beginSeed(): Promise<SeedStart> {
    return this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      const markers = await this.audit.recorded([SEED_STARTED, SEED_COMPLETED], manager);
      if (markers.has(SEED_COMPLETED)) return 'completed';
      if (markers.has(SEED_STARTED)) return 'interrupted';
      const [state] = await manager.query<Array<{ has_users: boolean }>>(
        `SELECT EXISTS (SELECT 1 FROM member_profiles_v) AS has_users`,
      );
      if (state.has_users) return 'not_empty';
      await this.audit.record(
        { actorId: null, action: SEED_STARTED, subjectType: 'demo', subjectId: null },
        manager,
      );
      return 'started';
    });
  }

  async completeSeed(after: object): Promise<void> {
    await this.audit.record({
      actorId: null,
      action: SEED_COMPLETED,
      subjectType: 'demo',
      subjectId: null,
      after: { ...after },
    });
  }

  /**
   * Scored members whose email matches `emailLike`, best first (ties by id, so the same world
   * always gives the same order), with a score in [min, max).
   */
  async scoredMembers(
    emailLike: string,
    band: { min: number; max?: number },
    limit: number,
  ): Promise<ScoredMember[]> {
    const rows = await this.db.query<Array<ScoredMember & { score: number | string }>>(
      `SELECT u.id, u.email, u.display_name AS "displayName", ms.score
         FROM published_scores_v ms JOIN member_profiles_v u ON u.id = ms.user_id
        WHERE u.email LIKE $1 AND ms.score >= $2 AND ($3::real IS NULL OR ms.score < $3)
        ORDER BY ms.score DESC, u.id
        LIMIT $4`,
      [emailLike, band.min, band.max ?? null, limit],
    );
    return rows.map((r) => ({ ...r, score: Number(r.score) }));
  }
}
