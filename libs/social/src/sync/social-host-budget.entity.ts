import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The requests PerkRank made to one network host in the current window (`<host>` for all
 * requests, `<host>#paging` for Mastodon's stricter paging limit), and until when the host told
 * us to stop (a 429 or `Remaining: 0`). Shared by every worker, so together they stay under the
 * host's per-IP limits.
 */
@Entity('social_host_budgets')
export class SocialHostBudgetRow {
  @PrimaryColumn('varchar', { length: 300 })
  key: string;

  @Column('timestamptz')
  windowStartedAt: Date;

  @Column('integer')
  used: number;

  @Column('timestamptz', { nullable: true })
  blockedUntil: Date | null;
}
