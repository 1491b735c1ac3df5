import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SocialAccount } from './social-account.entity';

/**
 * One day's counts of a verified account, as a connector or a feeder last reported them that day.
 * The series is what the model's follower-spike rule reads (a one-day jump of bought followers);
 * the account row keeps only the latest counts.
 */
@Entity('social_account_stats')
export class SocialAccountStats {
  @PrimaryColumn('uuid')
  accountId: string;

  /** UTC date. */
  @PrimaryColumn('date')
  day: string;

  @Column('integer')
  followers: number;

  @Column('integer')
  following: number;

  /** Posts published in the scoring window, as reported that day. */
  @Column('integer')
  posts: number;

  @ManyToOne(() => SocialAccount, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_social_account_stats_account' })
  account?: SocialAccount;
}
