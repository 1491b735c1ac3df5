import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '@perkrank/identity';

/** One member's score from one run, with its explanation: the score history and `GET /v1/me/score`. */
@Entity('score_snapshots')
@Index('ix_score_snapshots_user_computed', ['userId', 'computedAt'])
export class ScoreSnapshot {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('uuid', { nullable: true })
  runId: string | null;

  @Column('real')
  score: number;

  @Column('real')
  percentile: number;

  /** `{ network, engagement, amplification, reach }`, each `{ value, points }`. */
  @Column('jsonb')
  components: Record<string, { value: number; points: number }>;

  /** `[{ kind, factor, reason }]`. */
  @Column('jsonb')
  adjustments: Array<{ kind: string; factor: number; reason: string }>;

  @Column('jsonb')
  tips: string[];

  @Column('varchar', { length: 16 })
  modelVersion: string;

  @Column('timestamptz')
  computedAt: Date;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_score_snapshots_user' })
  user?: User;
}
