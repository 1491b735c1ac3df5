import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ReadReplica } from '@perkrank/core';
import { DataSource, EntityManager } from 'typeorm';
import { MemberScore } from '../store/member-score.entity';
import { ScoreSnapshot } from '../store/score-snapshot.entity';

export interface HistoryPoint {
  /** UTC calendar day, YYYY-MM-DD. */
  date: string;
  score: number;
  /** Present on a day a snapshot came from another model than the one before it. */
  modelUpdate?: { from: string; to: string };
}

export interface Population {
  size: number;
  computedAt: Date | null;
}

/** Reads of the published scores and snapshots, and their deletion for one member. */
@Injectable()
export class MemberScoreRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly replica: ReadReplica,
  ) {}

  latestSnapshot(userId: string): Promise<ScoreSnapshot | null> {
    return this.db.getRepository(ScoreSnapshot).findOne({
      where: { userId },
      order: { computedAt: 'DESC', id: 'DESC' },
    });
  }

  /**
   * The last snapshot of each UTC day from `since` on, oldest day first, marking the days the
   * scoring model changed (a snapshot whose model differs from the snapshot before it, which may
   * lie before `since`).
   */
  async history(userId: string, since: Date): Promise<HistoryPoint[]> {
    const rows: Array<{ date: string; score: number; model_from: string | null; model_to: string | null }> =
      await this.db.query(
        `WITH s AS (
           SELECT (computed_at AT TIME ZONE 'UTC')::date AS day, score, computed_at, id, model_version,
                  lag(model_version) OVER (ORDER BY computed_at, id) AS previous_model
             FROM score_snapshots WHERE user_id = $1),
         changes AS (
           SELECT DISTINCT ON (day) day, previous_model AS model_from, model_version AS model_to
             FROM s WHERE previous_model <> model_version AND computed_at >= $2
            ORDER BY day, computed_at DESC, id DESC)
         SELECT DISTINCT ON (s.day) to_char(s.day, 'YYYY-MM-DD') AS date, s.score, c.model_from, c.model_to
           FROM s LEFT JOIN changes c ON c.day = s.day
          WHERE s.computed_at >= $2
          ORDER BY s.day, s.computed_at DESC, s.id DESC`,
        [userId, since],
      );
    return rows.map((r) =>
      r.model_from !== null && r.model_to !== null
        ? { date: r.date, score: r.score, modelUpdate: { from: r.model_from, to: r.model_to } }
        : { date: r.date, score: r.score },
    );
  }

  published(userId: string): Promise<MemberScore | null> {
    return this.db.getRepository(MemberScore).findOneBy({ userId });
  }

  snapshots(userId: string): Promise<ScoreSnapshot[]> {
    return this.db
      .getRepository(ScoreSnapshot)
      .find({ where: { userId }, order: { computedAt: 'ASC', id: 'ASC' } });
  }

  /**
   * The scored population: members holding a published score (the latest run writes one per
   * scored member). Consent is checked again so a member who withdrew is never counted, even
   * against a run that was still writing when they did. Lag-tolerant: on the read replica,
   * unless `primary` (a cache that must not keep a replica's lagging answer).
   */
  async population(primary = false): Promise<Population> {
    const sql = `SELECT count(*)::int AS size, max(ms.computed_at) AS computed_at FROM published_scores_v ms`;
    const rows: Array<{ size: number; computed_at: Date | null }> = primary
      ? await this.db.query(sql)
      : await this.replica.query(sql);
    return { size: rows[0]?.size ?? 0, computedAt: rows[0]?.computed_at ?? null };
  }

  /** Deletes the member's published score and every snapshot, in the caller's transaction. */
  async deleteAll(userId: string, manager: EntityManager): Promise<void> {
    await manager.delete(ScoreSnapshot, { userId });
    await manager.delete(MemberScore, { userId });
  }
}
