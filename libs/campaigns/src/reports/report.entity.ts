import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { User } from '@perkrank/identity';

export const REPORT_SUBJECT_TYPES = ['campaign', 'user'] as const;
export type ReportSubjectType = (typeof REPORT_SUBJECT_TYPES)[number];

/**
 * A user telling the moderators that a campaign or another user looks wrong. The subject is a
 * plain id, not a foreign key: it names rows of two different tables, and a report must outlive a
 * removed campaign.
 */
@Entity('reports')
@Check('ck_reports_subject_type', `subject_type IN ('campaign', 'user')`)
@Index('ix_reports_created_at_id', ['createdAt', 'id'])
@Index('ix_reports_subject', ['subjectType', 'subjectId'])
export class Report {
  @PrimaryColumn('uuid')
  id: string;

  @Index('ix_reports_reporter_id')
  @Column('uuid')
  reporterId: string;

  @Column('varchar', { length: 16 })
  subjectType: ReportSubjectType;

  @Column('uuid')
  subjectId: string;

  @Column('text')
  reason: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reporter_id', foreignKeyConstraintName: 'fk_reports_reporter' })
  reporter?: User;
}
