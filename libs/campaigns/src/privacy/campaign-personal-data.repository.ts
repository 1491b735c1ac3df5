import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface FiledReport {
  id: string;
  subjectType: string;
  subjectId: string;
  reason: string;
  createdAt: Date;
}

/** Reads and erases what the campaigns context keeps about one person (export and erasure only). */
@Injectable()
export class CampaignPersonalDataRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  reportsFiledBy(userId: string): Promise<FiledReport[]> {
    return this.db.query(
      `SELECT id, subject_type AS "subjectType", subject_id AS "subjectId", reason, created_at AS "createdAt"
         FROM reports WHERE reporter_id = $1 ORDER BY created_at, id`,
      [userId],
    );
  }

  campaignsCreatedBy(userId: string): Promise<Array<{ id: string; brandId: string; title: string }>> {
    return this.db.query(
      `SELECT id, brand_id AS "brandId", title FROM campaigns WHERE created_by = $1 ORDER BY created_at, id`,
      [userId],
    );
  }

  /** Reports they filed and reports about them go; campaigns they drafted forget who did. */
  async erase(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `DELETE FROM reports WHERE reporter_id = $1 OR (subject_type = 'user' AND subject_id = $1)`,
      [userId],
    );
    await manager.query('UPDATE campaigns SET created_by = NULL WHERE created_by = $1', [userId]);
  }
}
