import { bigintAsNumber } from '@perkrank/core';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ScoringRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type ScoringRunTrigger = 'schedule' | 'admin' | 'cli';
export type ScoringRunPhase = 'load' | 'aggregate' | 'compute' | 'write';

export interface ScoringRunPhases {
  load?: number;
  aggregate?: number;
  compute?: number;
  write?: number;
}

/**
 * One scoring run: its progress while it runs (phase, fraction done, heartbeat) and what it did
 * (members scored, edges, phase times in ms, the score distribution). It names no member, so it
 * holds no personal data; who asked for it is in the audit log.
 */
@Entity('scoring_runs')
@Check('ck_scoring_runs_status', `status IN ('queued', 'running', 'succeeded', 'failed')`)
@Check('ck_scoring_runs_trigger', `trigger IN ('schedule', 'admin', 'cli')`)
@Check('ck_scoring_runs_progress', `progress >= 0 AND progress <= 1`)
@Index('ix_scoring_runs_created_at', ['createdAt'])
export class ScoringRun {
  @PrimaryColumn('uuid')
  id: string;

  @Column('varchar', { length: 16 })
  status: ScoringRunStatus;

  @Column('varchar', { length: 16 })
  trigger: ScoringRunTrigger;

  /** The scoring time: the window is the 90 days before it. */
  @Column('timestamptz')
  asOf: Date;

  @Column('varchar', { length: 16 })
  modelVersion: string;

  @Column('varchar', { length: 16, nullable: true })
  phase: ScoringRunPhase | null;

  /** 0..1 over the whole run. */
  @Column('real', { default: 0 })
  progress: number;

  @Column('integer', { nullable: true })
  members: number | null;

  @Column('integer', { nullable: true })
  nodes: number | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  edges: number | null;

  /** Stored interactions read (whole weeks: some fall before the window and are dropped). */
  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  interactions: number | null;

  /** Milliseconds per finished phase. */
  @Column('jsonb', { default: () => `'{}'` })
  phases: ScoringRunPhases;

  /** PageRank convergence, aggregation counts and the published-score distribution. */
  @Column('jsonb', { nullable: true })
  stats: Record<string, unknown> | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  /** Refreshed while the run works; a running run whose heartbeat stopped was interrupted. */
  @Column('timestamptz', { nullable: true })
  heartbeatAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
