import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CursorPosition } from '@perkrank/core';
import { DataSource } from 'typeorm';
import { Report, type ReportSubjectType } from './report.entity';

export interface ReportRow extends Report {
  reporterDisplayName: string;
}

@Injectable()
export class ReportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(report: Report): Promise<void> {
    await this.db.getRepository(Report).insert(report);
  }

  /** Newest first, with the reporter's display name; `limit + 1` rows (see toPage). */
  list(
    limit: number,
    after: CursorPosition | undefined,
    subjectType: ReportSubjectType | undefined,
  ): Promise<ReportRow[]> {
    const params: unknown[] = [limit + 1];
    const where: string[] = [];
    if (subjectType) where.push(`r.subject_type = $${params.push(subjectType)}`);
    if (after) where.push(`(r.created_at, r.id) < ($${params.push(after.at)}, $${params.push(after.id)})`);
    return this.db.query(
      `SELECT r.id, r.reporter_id AS "reporterId", u.display_name AS "reporterDisplayName",
              r.subject_type AS "subjectType", r.subject_id AS "subjectId", r.reason, r.created_at AS "createdAt"
         FROM reports r JOIN member_profiles_v u ON u.id = r.reporter_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY r.created_at DESC, r.id DESC
        LIMIT $1`,
      params,
    );
  }
}
