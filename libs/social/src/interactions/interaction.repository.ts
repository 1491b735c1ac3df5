import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { copyOutInto } from './copy-out';
import {
  encodeEventIds,
  encodeInteractions,
  InteractionRows,
  StoredInteractionBatch,
  StoredInteractionDecoder,
  uniqueByEventKey,
} from './interaction-rows';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday: weeks start on Mondays, 4 days later. */
const MONDAY_OFFSET_MS = 4 * DAY_MS;
const PARTITION_LOCK = 7_150_101;
const UNIQUE_VIOLATION = '23505';
const PARENT = 'interactions';
const DEFAULT_PARTITION = 'interactions_default';
const PARTITION_NAME = /^interactions_w(\d{4})(\d{2})(\d{2})$/;

export interface WriteTransaction {
  manager: EntityManager;
  /** The transaction's own connection, for COPY. */
  client: PoolClient;
}

export interface AppendResult {
  accepted: number;
  duplicates: number;
}

export interface InteractionPartition {
  name: string;
  /** Start (inclusive) and end (exclusive) of the week it holds, ms since the epoch. */
  from: number;
  to: number;
}

/** Start of the (Monday, UTC) week holding `ms`. */
export function weekStart(ms: number): number {
  return Math.floor((ms - MONDAY_OFFSET_MS) / WEEK_MS) * WEEK_MS + MONDAY_OFFSET_MS;
}

export function partitionName(weekStartMs: number): string {
  return `interactions_w${new Date(weekStartMs).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === UNIQUE_VIOLATION;
}

function keyText(hi: number, lo: number): string {
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/**
 * The append-only interaction store, in plain SQL because TypeORM cannot describe it:
 *
 * - `interactions` is partitioned by week of `occurred_at` (declarative RANGE partitions named
 *   `interactions_wYYYYMMDD`), so leaving the 90-day window is a DROP TABLE of a week, not a
 *   DELETE of millions of rows. A DEFAULT partition catches anything no week covers, so an
 *   insert never fails; creating a week moves its rows out of the default first.
 * - De-duplication lives in `interaction_event_ids` (keyed hash of the event id, primary key):
 *   a unique index on a partitioned table must contain the partition key, so one on
 *   (event, occurred_at) would let the same event id with another timestamp in twice. The id
 *   table is written first in the same transaction, and only rows whose id went in are stored.
 *
 * No TypeORM entity maps these tables, so the migration drift check does not see them; their
 * schema is the hand-written part of the SocialSignals migration.
 */
@Injectable()
export class InteractionRepository {
  private readonly logger = new Logger('Interactions');
  /** Weeks this process knows exist (they are only dropped once outside the window). */
  private readonly ensuredWeeks = new Set<number>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `work` in one transaction on one connection that can also COPY. */
  async transaction<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    const runner: QueryRunner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await runner.startTransaction();
      try {
        const result = await work({ manager: runner.manager, client });
        await runner.commitTransaction();
        return result;
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Appends the rows whose event id was never stored, inside the caller's transaction. The
   * common case — no repeats — costs two COPYs; a batch that re-sends stored ids falls back to
   * looking them up, and a concurrent writer racing on the same ids only costs another round.
   */
  async append(tx: WriteTransaction, rows: InteractionRows): Promise<AppendResult> {
    if (rows.length === 0) return { accepted: 0, duplicates: 0 };
    const { order, count, duplicates } = uniqueByEventKey(rows);
    let fresh = order;
    let freshCount = count;
    for (let attempt = 0; ; attempt++) {
      await tx.client.query('SAVEPOINT event_ids');
      try {
        await this.copyIn(
          tx.client,
          'COPY interaction_event_ids (event_key, occurred_at) FROM STDIN (FORMAT binary)',
          encodeEventIds(rows, fresh, freshCount),
        );
        await tx.client.query('RELEASE SAVEPOINT event_ids');
        break;
      } catch (error) {
        await tx.client.query('ROLLBACK TO SAVEPOINT event_ids');
        if (!isUniqueViolation(error) || attempt >= 5) throw error;
        ({ order: fresh, count: freshCount } = await this.withoutStoredIds(tx, rows, order, count));
      }
    }
    if (freshCount > 0) {
      await this.copyIn(
        tx.client,
        'COPY interactions (occurred_at, actor_key, target_key, kind) FROM STDIN (FORMAT binary)',
        encodeInteractions(rows, fresh, freshCount),
      );
    }
    return { accepted: freshCount, duplicates: duplicates + (count - freshCount) };
  }

  private async withoutStoredIds(
    tx: WriteTransaction,
    rows: InteractionRows,
    order: Uint32Array,
    count: number,
  ): Promise<{ order: Uint32Array; count: number }> {
    const keys = new Array<string>(count);
    for (let k = 0; k < count; k++) keys[k] = keyText(rows.eventHi[order[k]], rows.eventLo[order[k]]);
    const stored: Array<{ event_key: string }> = await tx.manager.query(
      'SELECT event_key FROM interaction_event_ids WHERE event_key = ANY($1::bigint[])',
      [keys],
    );
    const known = new Set(stored.map((r) => r.event_key));
    const kept = new Uint32Array(count);
    let n = 0;
    for (let k = 0; k < count; k++) if (!known.has(keys[k])) kept[n++] = order[k];
    return { order: kept, count: n };
  }

  private async copyIn(client: PoolClient, sql: string, data: Buffer): Promise<void> {
    await pipeline(Readable.from([data]), client.query(copyFrom(sql)));
  }

  /** Makes sure a weekly partition exists for every week touched by [fromMs, toMs]. */
  async ensurePartitions(fromMs: number, toMs: number): Promise<string[]> {
    const created: string[] = [];
    for (let week = weekStart(fromMs); week <= toMs; week += WEEK_MS) {
      if (this.ensuredWeeks.has(week)) continue;
      if (await this.createWeek(week)) created.push(partitionName(week));
      this.ensuredWeeks.add(week);
    }
    if (created.length > 0) this.logger.log({ partitions: created }, 'interaction partitions created');
    return created;
  }

  /** Weeks needed by `rows` (call before the write transaction: DDL must not wait inside it). */
  async ensurePartitionsFor(rows: InteractionRows): Promise<void> {
    if (rows.length === 0) return;
    let min = Infinity;
    let max = -Infinity;
    const at = rows.occurredAt;
    for (let i = 0; i < rows.length; i++) {
      if (at[i] < min) min = at[i];
      if (at[i] > max) max = at[i];
    }
    await this.ensurePartitions(min, max);
  }

  /**
   * Creates one week's partition under a lock, moving the rows the default partition holds for
   * that week into it first (attaching a range the default already covers would fail). The
   * CHECK constraint lets ATTACH skip scanning the new table.
   */
  private async createWeek(week: number): Promise<boolean> {
    const name = partitionName(week);
    const from = new Date(week).toISOString();
    const to = new Date(week + WEEK_MS).toISOString();
    return this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      const exists: unknown[] = await manager.query(
        `SELECT 1 FROM pg_class WHERE relname = $1 AND relnamespace = 'public'::regnamespace`,
        [name],
      );
      if (exists.length > 0) return false;
      await manager.query(`CREATE TABLE "${name}" (LIKE ${PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await manager.query(
        `ALTER TABLE "${name}" ADD CONSTRAINT "ck_${name}_week" CHECK (occurred_at >= '${from}' AND occurred_at < '${to}')`,
      );
      await manager.query(
        `WITH moved AS (DELETE FROM ${DEFAULT_PARTITION} WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *)
         INSERT INTO "${name}" (occurred_at, actor_key, target_key, kind)
         SELECT occurred_at, actor_key, target_key, kind FROM moved`,
        [from, to],
      );
      await manager.query(
        `ALTER TABLE ${PARENT} ATTACH PARTITION "${name}" FOR VALUES FROM ('${from}') TO ('${to}')`,
      );
      return true;
    });
  }

  /** The weekly partitions, oldest first. */
  async partitions(manager: EntityManager = this.db.manager): Promise<InteractionPartition[]> {
    const rows: Array<{ name: string }> = await manager.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'public.${PARENT}'::regclass ORDER BY c.relname`,
    );
    const weeks: InteractionPartition[] = [];
    for (const { name } of rows) {
      const m = PARTITION_NAME.exec(name);
      if (!m) continue;
      const from = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      weeks.push({ name, from, to: from + WEEK_MS });
    }
    return weeks;
  }

  /** Drops every week that ends at or before `cutoffMs`, and default-partition rows before it. */
  async dropBefore(cutoffMs: number): Promise<{ dropped: string[]; defaultRows: number }> {
    const dropped: string[] = [];
    for (const week of await this.partitions()) {
      if (week.to > cutoffMs) continue;
      await this.db.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
        await manager.query(`DROP TABLE IF EXISTS "${week.name}"`);
      });
      this.ensuredWeeks.delete(week.from);
      dropped.push(week.name);
    }
    const [, defaultRows] = await this.db.query<[unknown, number]>(
      `DELETE FROM ${DEFAULT_PARTITION} WHERE occurred_at < $1`,
      [new Date(cutoffMs).toISOString()],
    );
    return { dropped, defaultRows };
  }

  /** Forgets event ids older than `cutoffMs`: such events are refused as outside the window anyway. */
  async pruneEventIds(cutoffMs: number): Promise<number> {
    const [, deleted] = await this.db.query<[unknown, number]>(
      'DELETE FROM interaction_event_ids WHERE occurred_at < $1',
      [new Date(cutoffMs).toISOString()],
    );
    return deleted;
  }

  /**
   * Streams every stored interaction of the partitions that overlap [fromMs, toMs) — whole
   * weeks, so the first may hold rows older than `fromMs`; the caller's window filter drops them
   * — plus the default partition, through binary COPY of each table (a COPY of a table skips the
   * executor: ~40 % faster than a COPY of a SELECT). Two connections copy in parallel: Postgres
   * producing rows is the slow side, and decoding here costs a fraction of it. Batches arrive in
   * no fixed order; callers must not depend on it.
   */
  async stream(
    fromMs: number,
    toMs: number,
    onBatch: (batch: StoredInteractionBatch) => void,
    parallel = 2,
  ): Promise<number> {
    const weeks = (await this.partitions()).filter((w) => w.to > fromMs && w.from < toMs);
    const queue = [...weeks.map((w) => w.name), DEFAULT_PARTITION];
    let rows = 0;
    const worker = async (): Promise<void> => {
      const decoder = new StoredInteractionDecoder(onBatch);
      const runner = this.db.createQueryRunner();
      const client = (await runner.connect()) as PoolClient;
      try {
        for (let table = queue.shift(); table !== undefined; table = queue.shift()) {
          decoder.reset();
          await copyOutInto(
            client,
            `COPY "${table}" (actor_key, target_key, kind, occurred_at) TO STDOUT (FORMAT binary)`,
            decoder,
          );
          decoder.flush();
        }
      } finally {
        await runner.release();
      }
      rows += decoder.rows;
    };
    await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
    return rows;
  }

  /** Row estimate of the partitions overlapping [fromMs, toMs) (planner statistics, no scan). */
  async estimateRows(fromMs: number, toMs: number): Promise<number> {
    const names = (await this.partitions()).filter((w) => w.to > fromMs && w.from < toMs).map((w) => w.name);
    names.push(DEFAULT_PARTITION);
    const rows: Array<{ estimate: string }> = await this.db.query(
      `SELECT COALESCE(SUM(GREATEST(reltuples, 0)), 0)::bigint AS estimate FROM pg_class
        WHERE relname = ANY($1) AND relnamespace = 'public'::regnamespace`,
      [names],
    );
    return Number(rows[0]?.estimate ?? 0);
  }

  /** Deletes every interaction where one of `keys` (signed 64-bit pseudonyms) acts or is acted on. */
  async deleteByParties(keys: bigint[], manager: EntityManager): Promise<number> {
    if (keys.length === 0) return 0;
    const list = keys.map(String);
    const [, deleted] = await manager.query<[unknown, number]>(
      'DELETE FROM interactions WHERE actor_key = ANY($1::bigint[]) OR target_key = ANY($1::bigint[])',
      [list],
    );
    return deleted;
  }

  /** The interactions of `keys`, for a member's data export (newest first). */
  async listByParties(
    keys: bigint[],
    manager: EntityManager,
  ): Promise<Array<{ occurredAt: Date; kind: number; actorKey: string; targetKey: string }>> {
    if (keys.length === 0) return [];
    return manager.query(
      `SELECT occurred_at AS "occurredAt", kind, actor_key::text AS "actorKey", target_key::text AS "targetKey"
         FROM interactions WHERE actor_key = ANY($1::bigint[]) OR target_key = ANY($1::bigint[])
        ORDER BY occurred_at DESC`,
      [keys.map(String)],
    );
  }
}
