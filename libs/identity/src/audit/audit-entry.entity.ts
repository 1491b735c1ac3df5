import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What an admin (or the system) did, to what, with the state before and after. Append-only: a
 * trigger in the migration rejects UPDATE and DELETE.
 */
@Entity('audit_log')
@Index('ix_audit_log_created_at_id', ['createdAt', 'id'])
export class AuditEntry {
  @PrimaryColumn('uuid')
  id: string;

  /** Null for actions of the system itself (CLI, first-start bootstrap). */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('varchar', { length: 64 })
  action: string;

  @Column('varchar', { length: 32 })
  subjectType: string;

  @Index('ix_audit_log_subject_id')
  @Column('uuid', { nullable: true })
  subjectId: string | null;

  @Column('jsonb', { nullable: true })
  before: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  after: Record<string, unknown> | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
