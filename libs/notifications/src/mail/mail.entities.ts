import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '@perkrank/identity';

/**
 * One mail: written in the transaction of what caused it (the outbox), rendered and sent by the
 * dispatcher. Without SMTP_URL it is rendered and kept (`captured`), so no mail is ever lost.
 */
@Entity('mail_outbox')
@Check('ck_mail_outbox_status', `status IN ('queued', 'sent', 'captured', 'skipped', 'dead')`)
@Index('ix_mail_outbox_due', ['nextAttemptAt'], { where: `status = 'queued'` })
@Index('ix_mail_outbox_created', ['createdAt', 'id'])
export class MailMessage {
  @PrimaryColumn('uuid')
  id: string;

  @Column('varchar', { length: 40 })
  kind: string;

  /** The member it goes to; null for an invitation to an address without an account. */
  @Index('ix_mail_outbox_user_id')
  @Column('uuid', { nullable: true })
  userId: string | null;

  /** Set when rendered (from the member's account), or given up front (invitations). */
  @Column('varchar', { length: 320, nullable: true })
  toAddress: string | null;

  @Column('varchar', { length: 2, nullable: true })
  language: string | null;

  /** What the template needs beyond what the dispatcher looks up (ids, the token of a link). */
  @Column('jsonb', { default: () => `'{}'` })
  params: Record<string, unknown>;

  @Column('text', { nullable: true })
  subject: string | null;

  @Column('text', { nullable: true })
  textBody: string | null;

  @Column('text', { nullable: true })
  htmlBody: string | null;

  @Column('varchar', { length: 16, default: 'queued' })
  status: string;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz')
  nextAttemptAt: Date;

  @Column('varchar', { length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_mail_outbox_user' })
  user?: User;
}

/** A member's mail language and the non-essential kinds they turned off. */
@Entity('notification_preferences')
@Check('ck_notification_preferences_language', `language IN ('en', 'de')`)
export class NotificationPreferences {
  @PrimaryColumn('uuid')
  userId: string;

  @Column('varchar', { length: 2, default: 'en' })
  language: string;

  /** Preference keys (PREFERENCE_KEYS) switched off. */
  @Column('text', { array: true, default: () => `'{}'` })
  disabled: string[];

  @Column('timestamptz')
  updatedAt: Date;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notification_preferences_user' })
  user?: User;
}
