import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Network } from '@perkrank/reference';
import { User } from '@perkrank/identity';

export type SocialAccountStatus = 'pending_verification' | 'verified';

/**
 * A member's account on one network. Verification proves ownership (a one-time token in the
 * public profile, or an admin for networks without a connector); only verified accounts feed
 * the score and count for a campaign's `networks` eligibility.
 */
@Entity('social_accounts')
@Check('ck_social_accounts_status', `status IN ('pending_verification', 'verified')`)
@Check(
  'ck_social_accounts_network',
  `network IN ('mastodon', 'bluesky', 'x', 'instagram', 'youtube', 'tiktok', 'facebook')`,
)
@Index('ix_social_accounts_user_id', ['userId'])
// A member connects an account once (the index decides, so two concurrent requests cannot both).
@Index('uq_social_accounts_user_handle', ['userId', 'network', 'handle'], { unique: true })
// One member per verified account: a handle cannot be claimed by two people.
@Index('uq_social_accounts_verified_handle', ['network', 'handle'], {
  unique: true,
  where: `status = 'verified'`,
})
// …and one member per network-native id: interactions are keyed by it, so two members sharing
// one would both collect the same engagement.
@Index('uq_social_accounts_verified_native_id', ['network', 'nativeId'], {
  unique: true,
  where: `status = 'verified' AND native_id IS NOT NULL`,
})
export class SocialAccount {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('varchar', { length: 16 })
  network: Network;

  /** Normalised handle (lower-case, without a leading @), e.g. `mia@mastodon.social` or `mia.bsky.social`. */
  @Column('varchar', { length: 255 })
  handle: string;

  /** The network's own id (Mastodon account id, Bluesky DID), known after verification or ingestion. */
  @Column('varchar', { length: 255, nullable: true })
  nativeId: string | null;

  @Column('varchar', { length: 24 })
  status: SocialAccountStatus;

  @Column('varchar', { length: 64 })
  verificationToken: string;

  @Column('timestamptz', { nullable: true })
  verifiedAt: Date | null;

  /** The admin who verified it, for networks without a connector. */
  @Column('uuid', { nullable: true })
  verifiedBy: string | null;

  @Column('integer', { nullable: true })
  followers: number | null;

  @Column('integer', { nullable: true })
  following: number | null;

  @Column('integer', { nullable: true })
  posts: number | null;

  @Column('timestamptz', { nullable: true })
  lastSyncedAt: Date | null;

  /** Connector state for incremental syncs (newest post id seen, page cursors). */
  @Column('jsonb', { nullable: true })
  syncState: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_social_accounts_user' })
  user?: User;
}
