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
import { User } from '../users/user.entity';

export type EmailTokenPurpose = 'verify_email' | 'password_reset';

/**
 * A single-use token sent by mail (email verification, password reset). Only its SHA-256 is kept;
 * the token itself is `<id>.<secret>` and lives in the mail.
 */
@Entity('email_tokens')
@Check('ck_email_tokens_purpose', `purpose IN ('verify_email', 'password_reset')`)
export class EmailToken {
  @PrimaryColumn('uuid')
  id: string;

  @Index('ix_email_tokens_user_id')
  @Column('uuid')
  userId: string;

  @Column('varchar', { length: 16 })
  purpose: EmailTokenPurpose;

  @Column('char', { length: 64 })
  tokenHash: string;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_email_tokens_user' })
  user?: User;
}
