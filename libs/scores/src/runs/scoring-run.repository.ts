import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { decodeCursor, DomainEvents, keysetPage } from '@perkrank/core';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, In, LessThan, Not, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ScoringRun, type ScoringRunPhase, type ScoringRunPhases } from './scoring-run.entity';

/** One member's result as a run publishes it. */
export interface PublishedScore {
  userId: string;
  score: number;
  percentile: number;
  components: Record<string, { value: number; points: number; percentile: number }>;
  adjustments: ReadonlyArray<{ kind: string; factor: number; reason: string }>;
  tips: readonly string[];
}

/** What the previous run published for the members of this one (NaN where nothing). */
export interface PreviousScores {
  score: Float64Array;
  percentile: Float64Array;
  /** Members per model version of their published score. */
  modelVersions: Map<string, number>;
}

/**
 * JSON as a field of `COPY … (FORMAT text)`: JSON.stringify escapes every control character, so
 * only backslashes need doubling (CSV would double every one of its many quotes instead).
 */
const jsonField = (value: unknown): string => {
  const json = JSON.stringify(value);
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
};

/** A number as JSON.stringify writes it (non-finite numbers become null). */
const jsonNumber = (x: number): string => (Number.isFinite(x) ? String(x) : 'null');

/**
 * A snapshot's JSON fields as `COPY` text, written by hand: JSON.stringify over 100k nested
 * objects was most of the write phase's own CPU. The same JSON values (jsonb keeps values, not
 * text); the strings that repeat — component names, tips — are escaped once.
 */
class SnapshotJson {
  private readonly strings = new Map<string, string>();

  private string(text: string): string {
    let field = this.strings.get(text);
    if (field === undefined) {
      field = jsonField(text);
      if (this.strings.size < 10_000) this.strings.set(text, field);
    }
    return field;
  }

  components(components: PublishedScore['components']): string {
    let out = '{';
    for (const name in components) {
      const c = components[name];
      if (out.length > 1) out += ',';
      out += `${this.string(name)}:{"value":${jsonNumber(c.value)},"points":${jsonNumber(c.points)},"percentile":${jsonNumber(c.percentile)}}`;
    }
    return out + '}';
  }

  adjustments(adjustments: PublishedScore['adjustments']): string {
    if (adjustments.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < adjustments.length; i++) {
      const a = adjustments[i];
      if (i > 0) out += ',';
      out += `{"kind":${this.string(a.kind)},"factor":${jsonNumber(a.factor)},"reason":${jsonField(a.reason)}}`;
    }
    return out + ']';
  }

  tips(tips: PublishedScore['tips']): string {
    if (tips.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < tips.length; i++) out += (i > 0 ? ',' : '') + this.string(tips[i]);
    return out + ']';
  }
}

/**
 * `COPY` lines written straight into 1 MB buffers (holding 100k line strings until the COPY cost
 * seconds of garbage collection, the buffers cost nothing), yielded as each fills: the lines are
 * built while Postgres parses the ones before, not all before it starts.
 */
function* copyChunks(count: number, line: (i: number) => string | null): Generator<Buffer> {
  const size = 1 << 20;
  let current = Buffer.allocUnsafe(size);
  let used = 0;
  for (let i = 0; i < count; i++) {
    const text = line(i);
    if (text === null) continue;
    // At most 3 bytes of UTF-8 per UTF-16 unit: no need to measure the line first.
    if (used + 3 * text.length > current.length) {
      if (used > 0) yield current.subarray(0, used);
      current = Buffer.allocUnsafe(Math.max(size, 3 * text.length));
      used = 0;
    }
    used += current.write(text, used);
  }
  if (used > 0) yield current.subarray(0, used);
}

/** Streams `chunks` into a `COPY … FROM STDIN` on `client`. */
async function copyIn(client: PoolClient, sql: string, chunks: Iterable<Buffer>): Promise<void> {
  await pipeline(Readable.from(chunks), client.query(copyFrom(sql)));
}

/**
 * `count` UUID v7 ids for time `ms` from one draw of random bytes (one call per id was
 * ~15 µs here); the random bits keep them unique within the same millisecond.
 */
function uuidv7Batch(count: number, ms: number): string[] {
  const bytes = randomBytes(16 * count);
  const time = Buffer.alloc(6);
  time.writeUIntBE(ms, 0, 6);
  for (let i = 0; i < count; i++) {
    const o = 16 * i;
    time.copy(bytes, o);
    bytes[o + 6] = (bytes[o + 6] & 0x0f) | 0x70;
    bytes[o + 8] = (bytes[o + 8] & 0x3f) | 0x80;
  }
  // One hex string for all of them, cut into ids: a toString call per id cost ~2 µs.
  const hex = bytes.toString('hex');
  const ids = new Array<string>(count);
  for (let i = 0, o = 0; i < count; i++, o += 32) {
    ids[i] =
      `${hex.slice(o, o + 8)}-${hex.slice(o + 8, o + 12)}-${hex.slice(o + 12, o + 16)}-${hex.slice(o + 16, o + 20)}-${hex.slice(o + 20, o + 32)}`;
  }
  return ids;
}

@Injectable()
export class ScoringRunRepository {
  constructor(
    @InjectRepository(ScoringRun) private readonly runs: Repository<ScoringRun>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: DomainEvents,
  ) {}

  async insert(run: ScoringRun): Promise<void> {
    await this.runs.insert(run as QueryDeepPartialEntity<ScoringRun>);
  }

  findById(id: string): Promise<ScoringRun | null> {
    return this.runs.findOneBy({ id });
  }

  /** Newest first (keyset on created_at, id). */
  list(limit: number, cursor: string | undefined): Promise<ScoringRun[]> {
    return keysetPage(this.runs.createQueryBuilder('r'), 'createdAt', limit, decodeCursor(cursor)).getMany();
  }

  /** A queued run, or a running one whose heartbeat is recent: another request would only wait. */
  findActive(staleBefore: Date): Promise<ScoringRun | null> {
    return this.runs
      .createQueryBuilder('r')
      .where(`r.status = 'queued' AND r.createdAt >= :stale`, { stale: staleBefore })
      .orWhere(`r.status = 'running' AND r.heartbeatAt >= :stale`, { stale: staleBefore })
      .orderBy('r.createdAt', 'DESC')
      .getOne();
  }

  async start(id: string, at: Date): Promise<void> {
    await this.runs.update(
      { id },
      {
        status: 'running',
        startedAt: at,
        heartbeatAt: at,
        progress: 0,
        phase: 'load',
        phases: {},
        error: null,
        finishedAt: null,
      },
    );
  }

  /** Runs left 'running' by a process that died: the lock is ours now, so they are not running. */
  async failInterrupted(except: string, at: Date): Promise<void> {
    await this.runs.update(
      { status: 'running', id: Not(except) },
      { status: 'failed', error: 'interrupted: the process running it stopped', finishedAt: at },
    );
  }

  async progress(
    id: string,
    change: { phase: ScoringRunPhase; progress: number; phases: ScoringRunPhases; at: Date },
  ): Promise<void> {
    await this.runs.update(
      { id },
      {
        phase: change.phase,
        progress: Math.min(1, Math.max(0, change.progress)),
        phases: change.phases,
        heartbeatAt: change.at,
      },
    );
  }

  async succeed(
    id: string,
    result: {
      at: Date;
      members: number;
      nodes: number;
      edges: number;
      interactions: number;
      phases: ScoringRunPhases;
      stats: Record<string, unknown>;
    },
  ): Promise<void> {
    await this.runs.update(
      { id },
      {
        status: 'succeeded',
        progress: 1,
        phase: null,
        finishedAt: result.at,
        heartbeatAt: result.at,
        members: result.members,
        nodes: result.nodes,
        edges: result.edges,
        interactions: result.interactions,
        phases: result.phases,
        // jsonb typed as a record trips TypeORM's deep-partial type; the value is plain JSON.
        stats: result.stats as QueryDeepPartialEntity<Record<string, unknown>>,
      },
    );
  }

  async fail(id: string, at: Date, error: string, phases: ScoringRunPhases): Promise<void> {
    await this.runs.update(
      { id },
      { status: 'failed', error: error.slice(0, 2000), finishedAt: at, heartbeatAt: at, phases },
    );
  }

  /** Deletes the bookkeeping of runs finished before `before` (the history lives in snapshots). */
  async purgeFinishedBefore(before: Date): Promise<number> {
    const result = await this.runs.delete({
      status: In(['succeeded', 'failed']),
      createdAt: LessThan(before),
    });
    return result.affected ?? 0;
  }

  /**
   * Published scores of `userIds` (NaN where none), their percentiles and the model version that
   * produced them: the moving average continues from them, and a model change is reported on them.
   */
  async publishedScores(userIds: readonly string[]): Promise<PreviousScores> {
    const score = new Float64Array(userIds.length).fill(NaN);
    const percentile = new Float64Array(userIds.length).fill(NaN);
    const modelVersions = new Map<string, number>();
    if (userIds.length === 0) return { score, percentile, modelVersions };
    const position = new Map(userIds.map((id, i) => [id, i]));
    const rows: Array<{ user_id: string; score: number; percentile: number; model_version: string }> =
      await this.db.query(
        'SELECT user_id, score, percentile, model_version FROM member_scores WHERE user_id = ANY($1::uuid[])',
        [userIds],
      );
    for (const r of rows) {
      const i = position.get(r.user_id);
      if (i === undefined) continue;
      score[i] = r.score;
      percentile[i] = r.percentile;
      modelVersions.set(r.model_version, (modelVersions.get(r.model_version) ?? 0) + 1);
    }
    return { score, percentile, modelVersions };
  }

  /**
   * Publishes a run in one transaction: the scores go into a narrow temporary table (user, score,
   * percentile) by `COPY`; one query then finds the exceptions among them — who no longer
   * consents or exists at that moment (left out), and who never had a snapshot (announced
   * below); the snapshots are `COPY`'d straight into score_snapshots, streamed as they are
   * written, and member_scores is replaced as a whole from the temporary table by set-based
   * statements (members this run did not score lose their published score). Until the commit,
   * readers see the previous scores; a failure anywhere leaves them untouched.
   *
   * The EXCLUSIVE locks (readers still read) order this against a consent withdrawal or an
   * erasure, which delete a member's scores: one that already deleted makes us wait and then
   * leave the member out (the consent query sees it gone); one that comes later waits for our
   * commit and then deletes what we wrote.
   */
  async publish(
    runId: string,
    computedAt: Date,
    modelVersion: string,
    scores: readonly PublishedScore[],
  ): Promise<number> {
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await runner.startTransaction();
      try {
        await client.query('LOCK TABLE member_scores, score_snapshots IN EXCLUSIVE MODE');
        // Published once: a run executed again after its process died between publishing and
        // marking itself succeeded finds its scores already there and writes nothing twice.
        const already = await client.query('SELECT count(*)::int AS n FROM member_scores WHERE run_id = $1', [
          runId,
        ]);
        if ((already.rows[0] as { n: number }).n > 0) {
          await runner.commitTransaction();
          return (already.rows[0] as { n: number }).n;
        }
        await client.query(
          `CREATE TEMPORARY TABLE run_scores (user_id uuid, score real, percentile real) ON COMMIT DROP`,
        );
        await copyIn(
          client,
          'COPY run_scores FROM STDIN (FORMAT csv)',
          copyChunks(
            scores.length,
            (i) => `${scores[i].userId},${scores[i].score},${scores[i].percentile}\n`,
          ),
        );
        // Only the exceptions come back: members who no longer consent or are no longer active
        // (left out, and dropped from run_scores so the statements below need no join), and
        // members never published before (`first`, announced below) — few on a nightly run.
        const exceptions = await client.query<{ user_id: string; first: boolean }>(
          `SELECT r.user_id, u.id IS NOT NULL AS first
             FROM run_scores r LEFT JOIN member_profiles_v u ON u.id = r.user_id AND u.scoring_consent AND u.status = 'active'
            WHERE u.id IS NULL OR NOT EXISTS (SELECT 1 FROM score_snapshots s WHERE s.user_id = r.user_id)`,
        );
        const left = new Set<string>();
        const first: string[] = [];
        for (const row of exceptions.rows) {
          if (row.first) first.push(row.user_id);
          else left.add(row.user_id);
        }
        if (left.size > 0)
          await client.query('DELETE FROM run_scores WHERE user_id = ANY($1::uuid[])', [[...left]]);
        const ids = uuidv7Batch(scores.length, computedAt.getTime());
        const tail = `\t${runId}\t${modelVersion}\t${computedAt.toISOString()}\n`;
        const json = new SnapshotJson();
        await copyIn(
          client,
          `COPY score_snapshots (id, user_id, score, percentile, components, adjustments, tips, run_id, model_version, computed_at)
             FROM STDIN (FORMAT text)`,
          copyChunks(scores.length, (i) => {
            const s = scores[i];
            if (left.has(s.userId)) return null;
            return `${ids[i]}\t${s.userId}\t${s.score}\t${s.percentile}\t${json.components(s.components)}\t${json.adjustments(s.adjustments)}\t${json.tips(s.tips)}${tail}`;
          }),
        );
        // Updated in place rather than deleted and re-inserted (an update that keeps user_id
        // skips the foreign-key check), by a join rather than INSERT … ON CONFLICT (a fifth less
        // work for Postgres: no speculative insertion per row); then the members new to
        // member_scores; rows this run did not write go.
        await client.query(
          `UPDATE member_scores m SET score = r.score, percentile = r.percentile, model_version = $2, run_id = $1, computed_at = $3
             FROM run_scores r WHERE m.user_id = r.user_id`,
          [runId, modelVersion, computedAt],
        );
        await client.query(
          `INSERT INTO member_scores (user_id, score, percentile, model_version, run_id, computed_at)
           SELECT r.user_id, r.score, r.percentile, $2, $1, $3 FROM run_scores r
            WHERE NOT EXISTS (SELECT 1 FROM member_scores m WHERE m.user_id = r.user_id)`,
          [runId, modelVersion, computedAt],
        );
        await client.query('DELETE FROM member_scores WHERE run_id IS DISTINCT FROM $1', [runId]);
        const inserted = scores.length - left.size;
        if (first.length > 0) {
          const payload: ScoresFirstPublishedPayload = { runId, userIds: first };
          await this.events.publish({ type: SCORES_FIRST_PUBLISHED, payload }, runner.manager);
        }
        await runner.commitTransaction();
        return inserted;
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * One run at a time across processes: a transaction-level advisory lock held, in a transaction of
   * its own connection, for the whole run. Session-level locks do not survive a pooler in
   * transaction mode (PgBouncer hands the next statement to another server connection, so the
   * unlock would miss); a transaction keeps its server connection until it ends. If the process
   * dies, its connection closes, the transaction ends and the lock is free again.
   */
  async withRunLock<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        await runner.query('SELECT pg_advisory_xact_lock($1)', [RUN_LOCK]);
        return await work();
      } finally {
        await runner.commitTransaction().catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  /** True while a process holds the run lock (a run is executing somewhere). */
  async runLockHeld(): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const rows: Array<{ free: boolean }> = await manager.query(
        'SELECT pg_try_advisory_xact_lock($1) AS free',
        [RUN_LOCK],
      );
      return !rows[0].free;
    });
  }

  /** The oldest run marked 'running' (executing, or left so by a process that died). */
  findRunning(): Promise<ScoringRun | null> {
    return this.runs.findOne({ where: { status: 'running' }, order: { createdAt: 'ASC' } });
  }
}

const RUN_LOCK = 7_150_201;

/** Published in a run's transaction for the members who got a score for the first time. */
export const SCORES_FIRST_PUBLISHED = 'scores.first_published';
export interface ScoresFirstPublishedPayload extends Record<string, unknown> {
  runId: string;
  userIds: string[];
}
