import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The stored first response for an `Idempotency-Key`, replayed for the same key and body. */
@Entity('idempotency_keys')
@Index('uq_idempotency_keys_scope_key', ['scope', 'key'], { unique: true })
export class IdempotencyKey {
  @PrimaryColumn('uuid')
  id: string;

  /** Who sent it (user, API key or client IP): keys of different callers never collide. */
  @Column('text')
  scope: string;

  @Column('varchar', { length: 255 })
  key: string;

  @Column('text')
  requestHash: string;

  @Column('text')
  state: 'in_progress' | 'completed';

  /**
   * Until when the request holding the key (`in_progress`) is presumed alive; after it, a retry with
   * the same request takes the key over and runs it again (its process died before answering).
   */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  leaseExpiresAt: Date | null;

  @Column('integer', { nullable: true })
  responseStatus: number | null;

  @Column('jsonb', { nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Index('ix_idempotency_keys_expires_at')
  @Column('timestamptz')
  expiresAt: Date;
}
