import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, decodeCursor, Page, toPage, uuidv7 } from '@perkrank/core';
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

/** Writes and reads the audit log. Other contexts record their admin actions through it. */
@Injectable()
export class AuditLog {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

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

  async list(limit: number, cursor: string | undefined, filter: AuditFilter): Promise<Page<AuditEntry>> {
    const query = this.db
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .orderBy('a.createdAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(limit + 1);
    const position = decodeCursor(cursor);
    if (position) query.andWhere('(a.createdAt, a.id) < (:at, :id)', { at: position.at, id: position.id });
    if (filter.action) query.andWhere('a.action = :action', { action: filter.action });
    if (filter.actorId) query.andWhere('a.actorId = :actorId', { actorId: filter.actorId });
    if (filter.subjectId) query.andWhere('a.subjectId = :subjectId', { subjectId: filter.subjectId });
    const rows = await query.getMany();
    return toPage(
      rows,
      limit,
      (r) => ({ at: r.createdAt.toISOString(), id: r.id }),
      (r) => r,
    );
  }
}
