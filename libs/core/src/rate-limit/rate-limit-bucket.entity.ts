import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A fixed-window counter per key (e.g. `login:acct:<email>`), shared by every API replica. */
@Entity('rate_limit_buckets')
export class RateLimitBucket {
  @PrimaryColumn('text')
  key: string;

  @Column('timestamptz')
  windowStartedAt: Date;

  @Column('integer')
  hits: number;
}
