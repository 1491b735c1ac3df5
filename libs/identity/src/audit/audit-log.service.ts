import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, decodeCursor, keyAt, keysetPage, Page, toPage, uuidv7 } from '@perkrank/core';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  subjectId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Writes and reads the audit log. Other contexts record their admin actions through it. */
@Injectable()
export class AuditLog {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Which of `actions` the log holds at least one entry of (in the caller's transaction, if given). */
  async recorded(actions: readonly string[], manager?: EntityManager): Promise<Set<string>> {
    const rows: Array<{ action: string }> = await (manager ?? this.db.manager).query(
      `SELECT a.action FROM unnest($1::text[]) AS a(action)
        WHERE EXISTS (SELECT 1 FROM audit_log l WHERE l.action = a.action)`,
      [actions],
    );
    return new Set(rows.map((r) => r.action));
  }

  /** Records an action; pass the transaction's manager so the entry commits with the change. */
  async record(record: AuditRecord, manager?: EntityManager): Promise<void> {
    const entry: AuditEntry = Object.assign(new AuditEntry(), {
      id: uuidv7(),
      actorId: record.actorId,
      action: record.action,
      subjectType: record.subjectType,
      subjectId: record.subjectId,
      before: record.before ?? null,
      after: record.after ?? null,
      reason: record.reason ?? null,
      createdAt: this.clock.now(),
    });
    // jsonb columns typed as records trip TypeORM's deep-partial type; the entity is complete.
    await (manager ?? this.db.manager).insert(AuditEntry, entry as QueryDeepPartialEntity<AuditEntry>);
  }

  /** Entries the person did or that are about them (`ids`: their user id and other rows standing for them). */
  async entriesAbout(ids: string[]): Promise<AuditEntry[]> {
    if (ids.length === 0) return [];
    return this.db
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.actorId IN (:...ids) OR a.subjectId IN (:...ids)', { ids })
      .orderBy('a.createdAt', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  /**
   * Erasure: afterwards no entry links to the person. Entries they made lose `actor_id`; entries
   * about them (subject among `ids`) lose `subject_id` and their `before`/`after`/`reason`, which
   * describe them; any other entry loses whichever of those fields mentions one of their ids or
   * unique `terms` (email, handles). `names` (the display name, not unique) is only looked for
   * in entries already linked to them, so a common name cannot wipe other people's records.
   * What stays — action, subject type, time, other actors — keeps the log useful as a record.
   *
   * Why redaction rather than pseudonymous keys: free text (an admin's suspension reason) and
   * JSON snapshots can name the person, which a key indirection would not remove. The trigger
   * (migration PersonalDataErasure) allows exactly this: an UPDATE that only sets those five
   * columns to NULL, inside a transaction that declared `perkrank.audit_redaction`; every other
   * UPDATE, any DELETE and TRUNCATE still fail. Returns the number of entries redacted.
   */
  async redactPerson(
    known: { ids: string[]; terms: string[]; names: string[] },
    manager: EntityManager,
  ): Promise<number> {
    const ids = known.ids.filter((id) => UUID.test(id));
    const unique = [...known.ids, ...known.terms].map((t) => t.toLowerCase()).filter((t) => t.length > 0);
    const all = [...unique, ...known.names.map((n) => n.toLowerCase()).filter((n) => n.length > 0)];
    await manager.query(`SELECT set_config('perkrank.audit_redaction', 'on', true)`);
    const mentions = (column: string, terms: string): string =>
      `EXISTS (SELECT 1 FROM unnest(${terms}::text[]) AS t(term) WHERE strpos(lower(${column}), t.term) > 0)`;
    const [, count]: [unknown, number] = await manager.query(
      `WITH hit AS (
         SELECT id, actor_id = ANY($1::uuid[]) AS by_person, subject_id = ANY($1::uuid[]) AS about_person
           FROM audit_log
          WHERE actor_id = ANY($1::uuid[]) OR subject_id = ANY($1::uuid[])
             OR ${mentions(`coalesce(before::text, '') || ' ' || coalesce(after::text, '') || ' ' || coalesce(reason, '')`, '$2')}
       )
       UPDATE audit_log a SET
         actor_id = CASE WHEN h.by_person THEN NULL ELSE a.actor_id END,
         subject_id = CASE WHEN h.about_person THEN NULL ELSE a.subject_id END,
         before = CASE WHEN h.about_person OR ${mentions('a.before::text', '$3')} THEN NULL ELSE a.before END,
         after = CASE WHEN h.about_person OR ${mentions('a.after::text', '$3')} THEN NULL ELSE a.after END,
         reason = CASE WHEN h.about_person OR ${mentions('a.reason', '$3')} THEN NULL ELSE a.reason END
       FROM hit h WHERE a.id = h.id`,
      [ids, unique, all],
    );
    return count;
  }

  async list(limit: number, cursor: string | undefined, filter: AuditFilter): Promise<Page<AuditEntry>> {
    const query = keysetPage(
      this.db.getRepository(AuditEntry).createQueryBuilder('a'),
      'createdAt',
      limit,
      decodeCursor(cursor),
    );
    if (filter.action) query.andWhere('a.action = :action', { action: filter.action });
    if (filter.actorId) query.andWhere('a.actorId = :actorId', { actorId: filter.actorId });
    if (filter.subjectId) query.andWhere('a.subjectId = :subjectId', { subjectId: filter.subjectId });
    const rows = await query.getMany();
    return toPage(rows, limit, keyAt('createdAt'), (r) => r);
  }
}
