import { Check, Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { User } from '@perkrank/identity';

/**
 * The published score of each consenting member: one row, replaced by every scoring run. The
 * perk feed and claims read this (joined in SQL); `score_snapshots` keeps the history.
 */
@Entity('member_scores')
@Check('ck_member_scores_range', `score >= 0 AND score <= 100 AND percentile >= 0 AND percentile <= 100`)
@Index('ix_member_scores_score', ['score'])
export class MemberScore {
  @PrimaryColumn('uuid')
  userId: string;

  @Column('real')
  score: number;

  @Column('real')
  percentile: number;

  @Column('varchar', { length: 16 })
  modelVersion: string;

  @Column('uuid', { nullable: true })
  runId: string | null;

  @Column('timestamptz')
  computedAt: Date;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_member_scores_user' })
  user?: User;
}
